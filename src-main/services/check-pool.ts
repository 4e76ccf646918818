/**
 * ABC checks and import reading off the main thread. abcjs's parser and our checks are
 * synchronous: on a hostile text (a megabyte of `{}` or `|:`) one check can take seconds, and a
 * file of 60,000 tunes takes ~15 s to read; on the main thread every other request of the web
 * server, or the whole Electron window, would wait. Here each task runs in one of a few worker
 * threads with a time budget; past it the worker is terminated (a sync loop cannot be interrupted
 * any other way), a fresh one takes its place, and the task is answered in words (a check: "too
 * complex to check", its text untouched).
 *
 * Loading the worker: like the training worker (model/training/runner.ts), `entry` is the built
 * check-worker file in a bundle; omitted, check-worker.ts starts through tsx (web mode, CLI,
 * vitest). `entry: null` runs tasks on the calling thread (a shell that has no worker file).
 */
import os from 'node:os'
import type { Worker } from 'node:worker_threads'
import type { CheckResult } from '../../src-shared/contract/abc'
import { checkAbc, checkTune } from '../../src-shared/abc/check'
import { openImportFile, readTune, type FileOutcome, type ReadTune } from '../library/import/read-file'
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

/** A file of an import to read (decode, split, hash, check), its tunes sent back in parts. */
export interface ReadRequest {
  file: { name: string; bytes: Uint8Array }
  trusted?: boolean
}

export type PoolTask = { kind: 'check'; request: CheckRequest } | { kind: 'read'; request: ReadRequest }

export interface PoolJobMessage {
  id: number
  task: PoolTask
}

/**
 * `ready`: the worker has loaded (its start, seconds under tsx, is not counted in any budget).
 * `part`: some of a reading's tunes, sent as they are read: one message of 60,000 tunes takes the
 * main thread ~150 ms to receive, a part of PART_TUNES a few ms.
 */
export type PoolReplyMessage = { ready: true } | { id: number; result: unknown } | { id: number; part: ReadTune[] } | { id: number; error: string }

/**
 * How long a check may take. abcjs reads plain ABC at 3-7 µs a character, so the largest text the
 * contract admits (1 MB) checks in about 3-8 s here; a tune of a few kB in milliseconds (see bench
 * 'hostile'). Past this the text is answered "too complex to check" rather than waited for. A
 * reading gets the same budget for each part (so: for one tune), not for the whole file.
 */
export const CHECK_BUDGET_MS = 10_000
/** Tunes per part of a reading (~100 bytes to a few kB each). */
export const PART_TUNES = 500
/** Workers kept: checks of two texts at once, and never more than the cores leave to the rest. */
const DEFAULT_POOL_SIZE = Math.max(1, Math.min(2, os.availableParallelism() - 1))
/** Then tasks run on the calling thread, as before the pool. */
const MAX_FAILURES = 3
const DEFAULT_ENTRY = new URL('./check-worker.ts', import.meta.url)

/** The check itself, the same on a worker and on the calling thread. */
export function runCheck(request: CheckRequest): CheckResult {
  const { abc, oneTune, generatedFrom, finished } = request
  return oneTune || generatedFrom !== undefined ? checkTune(abc, { generatedFrom, finished }) : checkAbc(abc, { finished })
}

/** Reads one import file, passing its tunes to `emit` in parts; answers the file's own outcome. */
export function runRead(request: ReadRequest, emit: (part: ReadTune[]) => void): FileOutcome {
  const { tunes, ...outcome } = openImportFile(request.file)
  for (let i = 0; i < tunes.length; i += PART_TUNES) {
    emit(tunes.slice(i, i + PART_TUNES).map((tune) => readTune(tune, request.file.name, { trusted: request.trusted })))
  }
  return outcome
}

/** A task on this thread: what a worker does, without the thread. */
export function runTask(task: PoolTask, emit: (part: ReadTune[]) => void): unknown {
  return task.kind === 'check' ? runCheck(task.request) : runRead(task.request, emit)
}

/** What a check that could not finish answers: one diagnostic, in words, nothing checked. */
export function notChecked(why: string): CheckResult {
  return {
    diagnostics: [{ line: 1, column: 1, severity: 'warning', source: 'checker', message: `${why}; nothing in it was checked or changed` }],
    bars: { checked: 0, wrong: 0 },
  }
}

export const inlineChecker: Checker = (request) => Promise.resolve(runCheck(request))

/** How a reading ended when it could not finish: the reason, in words (the caller knows which tune). */
export interface ReadStopped {
  stopped: string
}

export interface ReadOptions {
  /** Receives the tunes in order, as they are read. */
  onPart(part: ReadTune[]): void
  /** Aborting stops the reading at once (its worker is replaced). */
  signal?: AbortSignal
}

export type FileReader = (request: ReadRequest, options: ReadOptions) => Promise<FileOutcome | ReadStopped>

export interface CheckPoolOptions {
  entry?: string | URL | null
  size?: number
  budgetMs?: number
}

export interface CheckPool {
  check: Checker
  /** Reads an import file (see runRead) on a worker; inline when there is none. */
  read: FileReader
  /** Stops the workers; later tasks run on the calling thread (also after MAX_FAILURES). */
  close(): Promise<void>
}

export const inlineReader: FileReader = (request, options) => {
  if (options.signal?.aborted) return Promise.resolve({ stopped: 'cancelled' })
  return Promise.resolve(runRead(request, options.onPart))
}

export function createCheckPool(options: CheckPoolOptions = {}): CheckPool {
  const entry = options.entry === undefined ? DEFAULT_ENTRY : options.entry
  if (entry === null) return { check: inlineChecker, read: inlineReader, close: () => Promise.resolve() }
  const pool = new WorkerPool(entry, options.size ?? DEFAULT_POOL_SIZE, options.budgetMs ?? CHECK_BUDGET_MS)
  const seconds = `${Math.round(pool.budgetMs / 100) / 10} s`
  return {
    check: (request) =>
      pool.run<CheckResult>({ kind: 'check', request }, {
        fallback: (why) => notChecked(why === 'budget' ? `This text is too long or too complex to check within ${seconds}` : why),
      }),
    read: (request, { onPart, signal }) =>
      pool.run<FileOutcome | ReadStopped>({ kind: 'read', request }, {
        onPart: (part) => onPart(part as ReadTune[]),
        signal,
        fallback: (why) => ({ stopped: why === 'budget' ? `too long or too complex to check within ${seconds}` : why }),
      }),
    close: () => pool.close(),
  }
}

interface JobOptions<T> {
  /** The answer when the task cannot finish: 'budget' (past it), 'cancelled', or a sentence. */
  fallback(why: string): T
  onPart?(part: unknown): void
  signal?: AbortSignal
}

interface Job {
  id: number
  task: PoolTask
  resolve(result: unknown): void
  options: JobOptions<unknown>
}

interface Slot {
  worker: Worker
  ready: boolean
  job: Job | null
  timer: NodeJS.Timeout | null
}

/** A few workers, a queue, a budget per task; see the file's comment. */
class WorkerPool {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false
  private started = false
  /** Workers that died in a row without answering: a worker file that cannot start is not retried forever. */
  private failures = 0

  constructor(
    private readonly entry: string | URL,
    private readonly size: number,
    readonly budgetMs: number,
  ) {}

  run<T>(task: PoolTask, options: JobOptions<T>): Promise<T> {
    if (this.closed) return Promise.resolve(runTask(task, (part) => options.onPart?.(part)) as T)
    if (options.signal?.aborted) return Promise.resolve(options.fallback('cancelled'))
    // Started on the first task: a CLI command that checks nothing starts no thread.
    if (!this.started) {
      this.started = true
      for (let i = 0; i < this.size; i++) this.slots.push(this.startSlot())
    }
    return new Promise<T>((resolve) => {
      const job: Job = { id: this.nextId++, task, resolve: resolve as (result: unknown) => void, options }
      options.signal?.addEventListener('abort', () => this.cancel(job), { once: true })
      this.queue.push(job)
      this.pump()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    const workers = this.slots.splice(0).map((slot) => {
      slot.worker.removeAllListeners()
      if (slot.timer) clearTimeout(slot.timer)
      slot.job?.resolve(slot.job.options.fallback('The checker was closed before this text was checked'))
      return slot.worker.terminate()
    })
    for (const job of this.queue.splice(0)) job.resolve(job.options.fallback('The checker was closed before this text was checked'))
    await Promise.all(workers)
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job)
    if (queued >= 0) {
      this.queue.splice(queued, 1)
      job.resolve(job.options.fallback('cancelled'))
      return
    }
    const slot = this.slots.find((s) => s.job === job)
    if (slot) this.replace(slot, job.options.fallback('cancelled'))
  }

  private finish(slot: Slot, result: unknown): void {
    const job = slot.job
    if (slot.timer) clearTimeout(slot.timer)
    slot.job = null
    slot.timer = null
    job?.resolve(result)
  }

  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer)
    const job = slot.job
    slot.timer = setTimeout(() => job && this.replace(slot, job.options.fallback('budget')), this.budgetMs)
  }

  /** A worker past its budget, cancelled or dead is replaced; its job gets `result`. */
  private replace(slot: Slot, result: unknown): void {
    const old = slot.worker
    old.removeAllListeners()
    void old.terminate()
    this.finish(slot, result)
    const index = this.slots.indexOf(slot)
    if (index >= 0) this.slots.splice(index, 1)
    if (!this.closed) {
      this.slots.push(this.startSlot())
      this.pump()
    } else {
      for (const job of this.queue.splice(0)) job.resolve(runTask(job.task, (part) => job.options.onPart?.(part)))
    }
  }

  private startSlot(): Slot {
    const slot: Slot = { worker: spawnWorker(this.entry), ready: false, job: null, timer: null }
    // A worker that cannot start or run is a worker that cannot answer: its task says so.
    const failed = (err: unknown): void => {
      const reason = err instanceof Error ? err.message : `the checker stopped (code ${String(err)})`
      if (++this.failures >= MAX_FAILURES) this.closed = true
      this.replace(slot, slot.job?.options.fallback(`This text could not be checked: ${reason}`))
    }
    slot.worker.on('message', (reply: PoolReplyMessage) => this.onReply(slot, reply))
    slot.worker.on('error', failed)
    slot.worker.on('exit', failed)
    return slot
  }

  private onReply(slot: Slot, reply: PoolReplyMessage): void {
    if ('ready' in reply) {
      slot.ready = true
      this.pump()
      // An idle worker does not keep the process alive (a CLI command ends when its work does).
      if (!slot.job) slot.worker.unref()
      return
    }
    const job = slot.job
    if (!job || reply.id !== job.id) return
    this.failures = 0
    if ('part' in reply) {
      // A part is progress: the budget starts again (it bounds one tune, not the whole file).
      this.arm(slot)
      job.options.onPart?.(reply.part)
      return
    }
    this.finish(slot, 'result' in reply ? reply.result : job.options.fallback(`This text could not be checked: ${reply.error}`))
    this.pump()
    if (!slot.job) slot.worker.unref()
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue
      const job = this.queue.shift() as Job
      slot.job = job
      slot.worker.ref()
      this.arm(slot)
      slot.worker.postMessage({ id: job.id, task: job.task } satisfies PoolJobMessage)
    }
  }
}
