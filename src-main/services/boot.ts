/**
 * Boot and shutdown (Zettlr style): opens the library, imports the bundled corpus on first start,
 * builds every domain's service, the router and the event bus. Electron, web mode and the CLI all
 * start here, so they run the very same services; the shells only add a transport.
 *
 * Adding a domain (model, training) = one line in `services` below, after its contract file is
 * listed in src-shared/contract/index.ts (the `Services` type makes a missing domain a type error).
 */
import path from 'node:path'
import pkg from '../../package.json'
import { ensureBundledCorpus, openLibrary, recoverUnfinishedImport } from '../library'
// The shells take the engine addon's location from here: they depend on services, not on the engine.
export { ADDON_BUILD_PATH } from '../engine/native-engine'
import { createAbcService } from './abc-service'
import { createAppService } from './app-service'
import { createCheckPool } from './check-pool'
import { EventBus } from './event-bus'
import { createLibraryService } from './library-service'
import { createRouter, type Router, type Services } from './router'
import { createTrainingService } from './training-service'
import { createModelService } from './model-service'
import { createCocomposeService } from './cocompose-service'
import { readShippedHarmoniser } from '../model/cocompose/harmoniser-file'
import type { Harmoniser } from '../model/cocompose/harmony-model'
import { createSetsService } from './sets-service'
import { createTrainJobService } from './train-job-service'

export interface BootOptions {
  /** The SQLite library file (see library-location.ts); created when missing. */
  libraryPath: string
  /** The app's resources/ folder (bundled corpus, default model). */
  resourcesDir: string
  shell: 'electron' | 'web'
  /** better-sqlite3 addon built for this runtime's ABI (Electron passes its own copy). */
  nativeBinding?: string
  /**
   * The native engine addon (tunesmith_engine.node) for training and sampling. Electron passes it
   * (resolved from the app's own folders, not the working directory); omitted = the source tree's.
   */
  engineAddon?: string
  /** The bundled training worker file (Electron); omitted = worker.ts through tsx (Node shells). */
  trainingWorkerEntry?: string
  /**
   * The bundled check worker file (Electron); omitted = check-worker.ts through tsx in the Node
   * shells, and checks on the main thread in Electron (which has no .ts to start).
   */
  checkWorkerEntry?: string
  /**
   * The bundled training-job worker file (Electron); omitted = task-worker.ts through tsx in the
   * Node shells, and on the main thread in Electron (which has no .ts to start).
   */
  trainJobWorkerEntry?: string
  /** Load the default model in the background right after boot (the interactive shells). */
  warmUpModel?: boolean
}

export interface Booted {
  router: Router
  events: EventBus
  services: Services
  /** Loads the default model ahead of the first request (see ModelService.warmUp). */
  warmUp(): Promise<void>
  /** Closes the library; safe to call twice. */
  shutdown(): Promise<void>
}

export function bundledCorpusDir(resourcesDir: string): string {
  return path.join(resourcesDir, 'corpus', 'nottingham')
}

/**
 * The shipped harmoniser, read once on first use. Unreadable, it is left out with a warning: chord
 * suggestions then go by the model and the melody's cover alone, as before it existed.
 */
function shippedHarmoniser(resourcesDir: string): () => Promise<Harmoniser | null> {
  let read: Promise<Harmoniser | null> | null = null
  return () => (read ??= readShippedHarmoniser(resourcesDir).catch((err: unknown) => {
    console.warn(`The harmoniser in ${resourcesDir} could not be read (${err instanceof Error ? err.message : String(err)}); chords are suggested without it.`)
    return null
  }))
}

export async function bootServices(options: BootOptions): Promise<Booted> {
  const library = openLibrary(options.libraryPath, { nativeBinding: options.nativeBinding })
  try {
    await ensureBundledCorpus(library, bundledCorpusDir(options.resourcesDir))
  } catch (err) {
    library.close()
    throw err
  }
  // A run still 'running' at start-up died with its process (crash, kill): say so in its history.
  library.trainingRuns.markInterrupted()
  // So did an import still journalled: what it wrote goes (an import is all or nothing).
  recoverUnfinishedImport(library)
  const events = new EventBus()
  const checks = createCheckPool({ entry: options.checkWorkerEntry ?? (options.shell === 'electron' ? null : undefined) })
  const libraryService = createLibraryService(library, {
    check: checks.check,
    read: checks.read,
    onImportProgress: (progress) => events.emit('importProgress', progress),
  })
  const training = createTrainingService({
    library,
    events,
    resourcesDir: options.resourcesDir,
    workerEntry: options.trainingWorkerEntry,
    addonPath: options.engineAddon,
  })
  const model = createModelService({ library, events, resourcesDir: options.resourcesDir, addonPath: options.engineAddon })

  const services: Services = {
    app: createAppService({ version: pkg.version, shell: options.shell, libraryPath: options.libraryPath }),
    abc: createAbcService(checks.check),
    training,
    model,
    cocompose: createCocomposeService({ model, check: checks.check, harmoniser: shippedHarmoniser(options.resourcesDir) }),
    sets: createSetsService(library),
    trainJob: createTrainJobService({
      library,
      resourcesDir: options.resourcesDir,
      workerEntry: options.trainJobWorkerEntry ?? (options.shell === 'electron' ? null : undefined),
    }),
    library: {
      ...libraryService,
      // Every window (and every browser tab in web mode) refreshes its lists on this event.
      importFiles: async (input) => {
        const report = await libraryService.importFiles(input)
        if (report.imported > 0) events.emit('libraryChanged', { corpusId: report.corpusId })
        return report
      },
    },
  }

  if (options.warmUpModel) void model.warmUp()

  let closed = false
  return {
    router: createRouter(services),
    events,
    services,
    warmUp: () => model.warmUp(),
    async shutdown() {
      if (closed) return
      closed = true
      await training.shutdown()
      await checks.close()
      model.dispose()
      library.close()
    },
  }
}
