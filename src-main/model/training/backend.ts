/**
 * Which engine trains: the engine module's choice (native over BLAS when its addon loads, else
 * tfjs), or a forced one. This is the one place the training side asks, so progress events can
 * say which it got (engine.describe()).
 */
import { loadEngine, type EnginePreference, type LstmEngine } from '../../engine'

export type { EnginePreference }

export async function chooseEngine(preference?: EnginePreference, addonPath?: string): Promise<LstmEngine> {
  return loadEngine(preference, { addonPath })
}
