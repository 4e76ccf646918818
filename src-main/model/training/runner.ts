/**
 * Main-thread side of a training run: starts the worker, relays its progress, writes its
 * checkpoints through the given sink (the library), and exposes pause / resume / stop.
 *
 * Loading the worker: pass `workerEntry` = the built worker file (Electron: `import entry from
 * './worker?modulePath'` in the shell). Without it, the worker starts from worker.ts next to this
 * file through tsx's register API, which is how `npm run cli`, vitest and the benchmark run it.
 */
import { Worker } from 'node:worker_threads'
import type { LoopResult, StepReport } from './loop'
import type { CheckpointMessage, FromWorker, ToWorker, WorkerJob } from './protocol'

export type ReadyInfo = Extract<FromWorker, { type: 'ready' }>

export interface RunnerHandlers {
  onReady?(info: ReadyInfo): void
  onStep?(report: StepReport): void
  /** Writes the checkpoint atomically and returns its id; a throw fails the run. */
  saveCheckpoint(checkpoint: CheckpointMessage): Promise<number> | number
  onCheckpointSaved?(checkpoint: CheckpointMessage, id: number): void
}

export interface TrainingHandle {
  /**
   * Asks the worker to stand still between steps. Resolves true once it does (every report and
   * checkpoint from before has arrived), false when the run was resumed or ended first.
   */
  pause(): Promise<boolean>
  resume(): void
  stop(): void
  readonly paused: boolean
  /** Settles when the worker has finished (the last checkpoint written) and exited. */
  readonly done: Promise<LoopResult>
}

const DEFAULT_ENTRY = new URL('./worker.ts', import.meta.url)

/** A worker from a built .js file, or from a .ts source through tsx (also the check pool's). */
export function spawnWorker(entry: string | URL): Worker {
  const href = entry instanceof URL ? entry.href : entry
  if (/\.ts$/.test(href)) {
    // Node cannot load .ts in a worker by itself, and `--import tsx` in execArgv is not applied
    // to the worker's entry on Node 20; registering tsx first, then importing, is.
    const url = href.startsWith('file:') ? href : new URL(`file://${href}`).href
    const code = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(url)}) })`
    return new Worker(code, { eval: true })
  }
  return new Worker(entry)
}

export function startTraining(job: WorkerJob, handlers: RunnerHandlers, workerEntry: string | URL = DEFAULT_ENTRY): TrainingHandle {
  const worker = spawnWorker(workerEntry)
  const post = (message: ToWorker): void => worker.postMessage(message)
  let paused = false
  let finished = false
  /** The worker said it stands still and has not been resumed since. */
  let standing = false
  /** pause() calls waiting for the worker to stand still. */
  let pauseWaiters: ((stood: boolean) => void)[] = []
  const settlePauses = (stood: boolean): void => {
    const waiters = pauseWaiters
    pauseWaiters = []
    for (const settle of waiters) settle(stood)
  }

  const done = new Promise<LoopResult>((resolve, reject) => {
    const fail = (err: Error): void => {
      if (finished) return
      finished = true
      settlePauses(false)
      void worker.terminate()
      reject(err)
    }
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          handlers.onReady?.(message)
          break
        case 'step':
          handlers.onStep?.(message)
          break
        case 'paused':
          standing = true
          settlePauses(true)
          break
        case 'checkpoint':
          Promise.resolve()
            .then(() => handlers.saveCheckpoint(message))
            .then((id) => {
              handlers.onCheckpointSaved?.(message, id)
              post({ type: 'checkpointSaved', requestId: message.requestId, checkpointId: id })
            })
            .catch((err: unknown) => post({ type: 'checkpointFailed', requestId: message.requestId, message: err instanceof Error ? err.message : String(err) }))
          break
        case 'done':
          finished = true
          settlePauses(false)
          void worker.terminate()
          resolve(message.result)
          break
        case 'error':
          fail(new Error(message.message))
          break
      }
    })
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`The training worker exited unexpectedly (code ${code})`)))
  })

  post({ type: 'start', job })
  return {
    pause() {
      if (finished || standing) return Promise.resolve(standing && !finished)
      paused = true
      post({ type: 'pause' })
      return new Promise<boolean>((settle) => pauseWaiters.push(settle))
    },
    resume() {
      paused = false
      standing = false
      settlePauses(false)
      post({ type: 'resume' })
    },
    stop() {
      post({ type: 'stop' })
    },
    get paused() {
      return paused
    },
    done,
  }
}
