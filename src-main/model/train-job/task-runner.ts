/**
 * Runs a job task (tasks.ts) in a worker thread of its own, so the caller's thread stays free.
 * `entry`: the built worker file (Electron); undefined = task-worker.ts through tsx (Node shells);
 * null = in this thread (a shell with no worker file to start).
 */
import { spawnWorker } from '../training/runner'
import type { JobTask, JobTaskResult } from './tasks'

const DEFAULT_ENTRY = new URL('./task-worker.ts', import.meta.url)

type Reply = { ok: true; result: JobTaskResult } | { ok: false; message: string }

export function runJobTaskOffThread(task: JobTask, entry?: string | null): Promise<JobTaskResult> {
  // Loaded on first use: the tasks read and write checkpoints through tfjs, whose loading a
  // shell that only boots the services (the CLI's `models`) should not pay for.
  if (entry === null) return import('./tasks').then(({ runJobTask }) => runJobTask(task))
  const worker = spawnWorker(entry ?? DEFAULT_ENTRY)
  return new Promise<JobTaskResult>((resolve, reject) => {
    worker.once('message', (reply: Reply) => {
      if (reply.ok) resolve(reply.result)
      else reject(new Error(reply.message))
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the job worker stopped (exit code ${code}) before it answered`)))
    worker.postMessage(task)
  })
}
