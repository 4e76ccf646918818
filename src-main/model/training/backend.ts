/**
 * Which engine trains. This is the one place the training side asks for an engine, so progress
 * events can say which one it got (engine.describe()).
 */
import { createNativeEngine, loadAddon } from '../../engine/native-engine'
import type { LstmEngine } from '../../engine/types'

export async function chooseEngine(_preferred?: string): Promise<LstmEngine> {
  const loaded = loadAddon()
  if ('error' in loaded) throw new Error(loaded.error)
  return createNativeEngine(loaded.addon)
}
