/** `node --import ./register.mjs out/main/index.js`: installs hooks.mjs before main (and each worker thread) loads. */
import { register } from 'node:module'
import { isMainThread } from 'node:worker_threads'

register('./hooks.mjs', { parentURL: import.meta.url, data: { workerThread: !isMainThread } })
