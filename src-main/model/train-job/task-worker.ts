/**
 * The worker thread that runs one job task (tasks.ts) and exits. Electron starts it from its built
 * file (`?modulePath`); the Node shells from this .ts through tsx (training/runner.ts spawnWorker).
 */
import { parentPort } from 'node:worker_threads'
import { runJobTask, type JobTask } from './tasks'

const port = parentPort
if (!port) throw new Error('task-worker.ts must run in a worker thread')

port.once('message', (task: JobTask) => {
  runJobTask(task).then(
    (result) => port.postMessage({ ok: true, result }),
    (err: unknown) => port.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
  )
})
