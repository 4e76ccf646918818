/**
 * The check worker's entry (node:worker_threads): runs ABC checks and import readings for
 * check-pool.ts, one at a time, so a task that takes too long can be ended by terminating this
 * thread. A reading sends its tunes in parts as it goes.
 */
import { parentPort } from 'node:worker_threads'
import { runTask, type PoolJobMessage, type PoolReplyMessage } from './check-pool'

const port = parentPort
if (!port) throw new Error('check-worker.ts must run in a worker thread')

port.on('message', ({ id, task }: PoolJobMessage) => {
  let reply: PoolReplyMessage
  try {
    reply = { id, result: runTask(task, (part) => port.postMessage({ id, part } satisfies PoolReplyMessage)) }
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) }
  }
  port.postMessage(reply)
})
port.postMessage({ ready: true } satisfies PoolReplyMessage)
