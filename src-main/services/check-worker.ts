/**
 * The check worker's entry (node:worker_threads): runs ABC checks for check-pool.ts, one at a
 * time, so a check that takes too long can be ended by terminating this thread.
 */
import { parentPort } from 'node:worker_threads'
import { runCheck, type CheckJobMessage, type CheckReplyMessage } from './check-pool'

const port = parentPort
if (!port) throw new Error('check-worker.ts must run in a worker thread')

port.on('message', ({ id, request }: CheckJobMessage) => {
  let reply: CheckReplyMessage
  try {
    reply = { id, result: runCheck(request) }
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) }
  }
  port.postMessage(reply)
})
port.postMessage({ ready: true } satisfies CheckReplyMessage)
