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

/** Where the worker stands with pausing, and the pause() calls waiting for it to stand still. */
class PauseState {
  /** Asked to pause and not resumed since. */
  requested = false
  /** The worker said it stands still and has not been resumed since. */
  standing = false
  private waiters: ((stood: boolean) => void)[] = []

  wait(): Promise<boolean> {
    return new Promise<boolean>((settle) => this.waiters.push(settle))
  }

  /** Settles every waiting pause(): true when the worker stands still, false when resumed or ended first. */
  settle(stood: boolean): void {
    const waiters = this.waiters
    this.waiters = []
    for (const settle of waiters) settle(stood)
  }
}

export function startTraining(job: WorkerJob, handlers: RunnerHandlers, workerEntry: string | URL = DEFAULT_ENTRY): TrainingHandle {
  const worker = spawnWorker(workerEntry)
  const post = (message: ToWorker): void => worker.postMessage(message)
  const pause = new PauseState()
  let finished = false

  const done = new Promise<LoopResult>((resolve, reject) => {
    const end = (): void => {
      finished = true
      pause.settle(false)
      void worker.terminate()
    }
    const fail = (err: Error): void => {
      if (finished) return
      end()
      reject(err)
    }
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          return handlers.onReady?.(message)
        case 'step':
          return handlers.onStep?.(message)
        case 'paused':
          pause.standing = true
          return pause.settle(true)
        case 'checkpoint':
          return saveCheckpoint(handlers, message, post)
        case 'done':
          end()
          return resolve(message.result)
        case 'error':
          return fail(new Error(message.message))
      }
    })
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`The training worker exited unexpectedly (code ${code})`)))
  })

  post({ type: 'start', job })
  return {
    pause() {
      if (finished || pause.standing) return Promise.resolve(pause.standing && !finished)
      pause.requested = true
      post({ type: 'pause' })
      return pause.wait()
    },
    resume() {
      pause.requested = false
      pause.standing = false
      pause.settle(false)
      post({ type: 'resume' })
    },
    stop() {
      post({ type: 'stop' })
    },
    get paused() {
      return pause.requested
    },
    done,
  }
}

/** Writes a checkpoint through the handlers and answers the worker with its id (or why it failed). */
function saveCheckpoint(handlers: RunnerHandlers, message: CheckpointMessage, post: (message: ToWorker) => void): void {
  Promise.resolve()
    .then(() => handlers.saveCheckpoint(message))
    .then((id) => {
      handlers.onCheckpointSaved?.(message, id)
      post({ type: 'checkpointSaved', requestId: message.requestId, checkpointId: id })
    })
    .catch((err: unknown) => post({ type: 'checkpointFailed', requestId: message.requestId, message: err instanceof Error ? err.message : String(err) }))
}
