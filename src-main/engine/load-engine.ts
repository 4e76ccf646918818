/**
 * Picks the engine: native (C++ addon over BLAS) → tfjs (tfjs-node if installed, else wasm,
 * else cpu) for training with the plain-JS stepper for sampling. `preference` (or the env
 * variable TUNESMITH_ENGINE=native|tfjs|js) forces one; a forced engine that cannot load is an
 * error with the reason, while the default silently falls back and says so in `describe()`.
 * Paths come in as arguments (Electron passes the unpacked addon's path when packaged).
 */
import type { LstmEngine } from './types'
import { createNativeEngine, loadAddon } from './native-engine'
import { createTfjsEngine, initTfjsBackend } from './tfjs-engine'

export type EnginePreference = 'native' | 'tfjs' | 'js'

export interface LoadEngineOptions {
  /** Full path of tunesmith_engine.node when it is not in the source tree (packaged app). */
  addonPath?: string
}

const PREFERENCES: EnginePreference[] = ['native', 'tfjs', 'js']

export async function loadEngine(preference?: EnginePreference, options: LoadEngineOptions = {}): Promise<LstmEngine> {
  const fromEnv = process.env.TUNESMITH_ENGINE?.trim()
  if (!preference && fromEnv) {
    if (!PREFERENCES.includes(fromEnv as EnginePreference)) {
      throw new Error(`TUNESMITH_ENGINE must be one of ${PREFERENCES.join(', ')}; got "${fromEnv}"`)
    }
    preference = fromEnv as EnginePreference
  }
  let nativeProblem: string | null = null
  if (!preference || preference === 'native') {
    const loaded = loadAddon(options.addonPath)
    if ('addon' in loaded) return createNativeEngine(loaded.addon)
    if (preference === 'native') throw new Error(loaded.error)
    nativeProblem = loaded.error
  }
  const kind = await initTfjsBackend()
  const engine = createTfjsEngine(kind)
  if (preference === 'js') {
    return { ...engine, kind: 'js', describe: () => `plain-JS sampling; training on ${engine.describe()}` }
  }
  if (!nativeProblem) return engine
  return { ...engine, describe: () => `${engine.describe()}; ${nativeProblem}` }
}
