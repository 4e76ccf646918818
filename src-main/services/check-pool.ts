/**
 * ABC checks off the main thread. abcjs's parser and our checks are synchronous: on a hostile
 * text (a megabyte of `{}` or `|:`) one check can take seconds, and on the main thread every other
 * request of the web server, or the whole Electron window, waits for it. Here each check runs in
 * one of a few worker threads with a time budget; past it the worker is terminated (a sync loop
 * cannot be interrupted any other way), a fresh one takes its place, and the request is answered
 * with a diagnostic that says the text was too complex to check, its text untouched.
 *
 * Loading the worker: like the training worker (model/training/runner.ts), `entry` is the built
 * check-worker file in a bundle; omitted, check-worker.ts starts through tsx (web mode, CLI,
 * vitest). `entry: null` checks on the calling thread (a shell that has no worker file).
 */
import os from 'node:os'
import type { Worker } from 'node:worker_threads'
import type { CheckResult } from '../../src-shared/contract/abc'
import { checkAbc, checkTune } from '../../src-shared/abc/check'
import { spawnWorker } from '../model/training/runner'

/** One check: a whole buffer (`checkAbc`) or one tune (`checkTune`, optionally with the model's part). */
export interface CheckRequest {
  abc: string
  /** One tune (the library's tune, a prompt with its continuation) rather than a file of tunes. */
  oneTune?: boolean
  generatedFrom?: number
  finished?: boolean
}

export type Checker = (request: CheckRequest) => Promise<CheckResult>

export interface CheckJobMessage {
  id: number
  request: CheckRequest
}

/** `ready`: the worker has loaded (its start, seconds under tsx, is not counted in any budget). */
export type CheckReplyMessage = { ready: true } | { id: number; result: CheckResult } | { id: number; error: string }

/**
 * How long a check may take. abcjs reads plain ABC at 3-7 µs a character, so the largest text the
 * contract admits (1 MB) checks in about 3-8 s here; a tune of a few kB in milliseconds (see bench
 * 'hostile'). Past this the text is answered "too complex to check" rather than waited for.
 */
export const CHECK_BUDGET_MS = 10_000
/** Workers kept: checks of two texts at once, and never more than the cores leave to the rest. */
const DEFAULT_POOL_SIZE = Math.max(1, Math.min(2, os.availableParallelism() - 1))
/** Then checks run on the calling thread, as before the pool. */
const MAX_FAILURES = 3
const DEFAULT_ENTRY = new URL('./check-worker.ts', import.meta.url)

/** The check itself, the same on a worker and on the calling thread. */
export function runCheck(request: CheckRequest): CheckResult {
  const { abc, oneTune, generatedFrom, finished } = request
  return oneTune || generatedFrom !== undefined ? checkTune(abc, { generatedFrom, finished }) : checkAbc(abc, { finished })
}

/** What a check that could not finish answers: one diagnostic, in words, nothing checked. */
export function notChecked(why: string): CheckResult {
  return {
    diagnostics: [{ line: 1, column: 1, severity: 'warning', source: 'checker', message: `${why}; nothing in it was checked or changed` }],
    bars: { checked: 0, wrong: 0 },
  }
}

export const inlineChecker: Checker = (request) => Promise.resolve(runCheck(request))

interface Job {
  id: number
  request: CheckRequest
  resolve(result: CheckResult): void
}

interface Slot {
  worker: Worker
  ready: boolean
  job: Job | null
  timer: NodeJS.Timeout | null
}

export interface CheckPoolOptions {
  entry?: string | URL | null
  size?: number
  budgetMs?: number
}

export interface CheckPool {
  check: Checker
  /** Stops the workers; later checks run on the calling thread (also after MAX_FAILURES). */
  close(): Promise<void>
}

export function createCheckPool(options: CheckPoolOptions = {}): CheckPool {
  const entry = options.entry === undefined ? DEFAULT_ENTRY : options.entry
  if (entry === null) return { check: inlineChecker, close: () => Promise.resolve() }
  const budgetMs = options.budgetMs ?? CHECK_BUDGET_MS
  const seconds = `${Math.round(budgetMs / 100) / 10} s`
  const slots: Slot[] = []
  const queue: Job[] = []
  let nextId = 1
  let closed = false
  /** Workers that died in a row without answering: a worker file that cannot start is not retried forever. */
  let failures = 0

  const finish = (slot: Slot, result: CheckResult): void => {
    const job = slot.job
    if (slot.timer) clearTimeout(slot.timer)
    slot.job = null
    slot.timer = null
    job?.resolve(result)
  }

  /** A worker past its budget or dead is replaced; its job gets `result`. */
  const replace = (slot: Slot, result: CheckResult): void => {
    const old = slot.worker
    old.removeAllListeners()
    void old.terminate()
    finish(slot, result)
    const index = slots.indexOf(slot)
    if (index >= 0) slots.splice(index, 1)
    if (!closed) {
      slots.push(startSlot())
      pump()
    } else {
      for (const job of queue.splice(0)) job.resolve(runCheck(job.request))
    }
  }

  function startSlot(): Slot {
    const slot: Slot = { worker: spawnWorker(entry as string | URL), ready: false, job: null, timer: null }
    // A worker that cannot start or run is a worker that cannot answer: its check says so.
    const failed = (err: unknown): void => {
      const reason = err instanceof Error ? err.message : `the checker stopped (code ${String(err)})`
      if (++failures >= MAX_FAILURES) closed = true
      replace(slot, notChecked(`This text could not be checked: ${reason}`))
    }
    slot.worker.on('message', (reply: CheckReplyMessage) => {
      if ('ready' in reply) {
        slot.ready = true
        pump()
        // An idle worker does not keep the process alive (a CLI command ends when its work does).
        if (!slot.job) slot.worker.unref()
        return
      }
      if (!slot.job || reply.id !== slot.job.id) return
      failures = 0
      finish(slot, 'result' in reply ? reply.result : notChecked(`This text could not be checked: ${reply.error}`))
      pump()
      if (!slot.job) slot.worker.unref()
    })
    slot.worker.on('error', failed)
    slot.worker.on('exit', failed)
    return slot
  }

  function pump(): void {
    for (const slot of slots) {
      if (!slot.ready || slot.job || queue.length === 0) continue
      const job = queue.shift() as Job
      slot.job = job
      slot.worker.ref()
      slot.timer = setTimeout(() => replace(slot, notChecked(`This text is too long or too complex to check within ${seconds}`)), budgetMs)
      slot.worker.postMessage({ id: job.id, request: job.request } satisfies CheckJobMessage)
    }
  }

  // Started on the first check: a CLI command that checks nothing starts no thread.
  let started = false

  return {
    check(request) {
      if (closed) return inlineChecker(request)
      if (!started) {
        started = true
        for (let i = 0; i < (options.size ?? DEFAULT_POOL_SIZE); i++) slots.push(startSlot())
      }
      return new Promise((resolve) => {
        queue.push({ id: nextId++, request, resolve })
        pump()
      })
    },
    async close() {
      closed = true
      const workers = slots.splice(0).map((slot) => {
        slot.worker.removeAllListeners()
        if (slot.timer) clearTimeout(slot.timer)
        slot.job?.resolve(notChecked('The checker was closed before this text was checked'))
        return slot.worker.terminate()
      })
      for (const job of queue.splice(0)) job.resolve(notChecked('The checker was closed before this text was checked'))
      await Promise.all(workers)
    },
  }
}
