/**
 * Hostile ABC (issue 14): the whole check (abcjs's parse and our bar, repeat and tie checks) of
 * texts made of one pattern repeated, from 1 kB to 1 MB (100 kB with --quick), as time per kB at
 * each size (small texts checked again and again until 200 ms have passed): flat means linear.
 * `growth` is the largest time per kB at 10 kB or more over the time per kB at 10 kB (at 1 kB a
 * check's fixed cost, abcjs's set-up, dominates): over 1 the check grows faster than the text,
 * 2 is the bound. Then the longest wait of a concurrent request
 * while the worker pool checks the slowest pattern at the largest size: the main thread's timer lag
 * and a small tune's check on the pool's other worker. Last, the same during an import of a
 * file of 60,000 small tunes (20,000 with --quick) as the shells import (read on the pool, written
 * in short transactions): the timer lag and a library search's time, beside how long the old
 * one-transaction import of the same file held the thread.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { BenchSection, JsonValue } from './section'
import { createCheckPool, runCheck } from '../src-main/services/check-pool'
import { importFiles, importFilesStreaming, openLibrary } from '../src-main/library'

const HEAD = 'X:1\nT:Hostile\nM:4/4\nL:1/8\nK:D\n'

/** Each pattern is repeated until the text is as long as asked (a function: its i-th repeat). */
export const HOSTILE_PATTERNS: Record<string, string | ((i: number) => string)> = {
  'repeat opens |:': '|:',
  'double repeats ::': '::',
  'endings [1': '[1',
  'triplets (3': '(3',
  'empty graces {}': '{}',
  'chords [CEG]': '[CEG]',
  'continuations \\': 'ab\\\n',
  'one long line': 'abcd efga ',
  'inline fields [K:D]': '[K:D]',
  'nested inline fields': '[K:D [M:3/4 [L:1/8]]]',
  'plain bars, one line': 'abcd efga|',
  'plain bars, short lines': 'abcd efga|abcd efga|\n',
  // Each section's pickup a length not seen before: the tracker kept them in an array it copied.
  'sections, distinct pickups': (i) => `||a1/${i + 2} `,
}

const SMALL = `${HEAD}|:DFAF GBAF|DFAF E2 FE|DFAF GBAF|1 dBAF E2 FE:|2 dBAF E4||\n`
const round = (x: number, digits = 2): number => Number(x.toFixed(digits))
export function hostile(unit: string | ((i: number) => string), chars: number): string {
  if (typeof unit === 'string') return HEAD + unit.repeat(Math.ceil(chars / unit.length)) + '\n'
  const parts: string[] = []
  for (let i = 0, length = 0; length < chars; i++) {
    parts.push(unit(i))
    length += parts[i].length
  }
  return HEAD + parts.join('') + '\n'
}

/** A small text is checked this long in all, so that one figure is not one timer tick. */
const MIN_SAMPLE_MS = 200
const REFERENCE_SIZE = 10_000

function perKb(unit: string | ((i: number) => string), sizes: number[]): { msPerKb: Record<string, number>; growth: number } {
  runCheck({ abc: hostile(unit, 20_000) })
  const msPerKb: Record<string, number> = {}
  let reference = 0
  let growth = 0
  for (const size of sizes) {
    const text = hostile(unit, size)
    const t = performance.now()
    let runs = 0
    do {
      runCheck({ abc: text })
      runs++
    } while (performance.now() - t < MIN_SAMPLE_MS)
    const value = (performance.now() - t) / runs / (text.length / 1000)
    msPerKb[`${size / 1000} kB`] = round(value, 3)
    if (size === REFERENCE_SIZE) reference = value
    if (size >= REFERENCE_SIZE) growth = Math.max(growth, value / reference)
  }
  return { msPerKb, growth: round(growth) }
}

/** Until `done`: the longest lag of a 10 ms timer on this thread, and of `probe`, taken in turns. */
async function probeWhile(done: () => boolean, probe: () => unknown): Promise<{ timerLagMs: number; probeMs: number; probes: number }> {
  const waits = { timerLagMs: 0, probeMs: 0, probes: 0 }
  while (!done()) {
    const asked = performance.now()
    await new Promise((r) => setTimeout(r, 10))
    waits.timerLagMs = Math.max(waits.timerLagMs, performance.now() - asked - 10)
    const s = performance.now()
    await probe()
    waits.probeMs = Math.max(waits.probeMs, performance.now() - s)
    waits.probes++
  }
  return waits
}

/** The longest main-thread timer lag and small-check time while the pool checks `text`. */
export async function concurrentWait(text: string): Promise<Record<string, JsonValue>> {
  const pool = createCheckPool({ size: 2 })
  try {
    await Promise.all([pool.check({ abc: SMALL }), pool.check({ abc: SMALL })])
    let done = false
    const t0 = performance.now()
    const long = pool.check({ abc: text }).then((r) => {
      done = true
      return r
    })
    const waits = await probeWhile(() => done, () => pool.check({ abc: SMALL }))
    const result = await long
    return {
      longCheckMs: round(performance.now() - t0, 0),
      answeredTooComplex: result.diagnostics.some((d) => d.source === 'checker'),
      smallChecksMeanwhile: waits.probes,
      longestTimerLagMs: round(waits.timerLagMs),
      longestSmallCheckMs: round(waits.probeMs),
    }
  } finally {
    await pool.close()
  }
}

/** `n` small distinct tunes in one file, as an import would get them. */
function tuneFile(n: number): Uint8Array {
  const tunes: string[] = []
  for (let i = 0; i < n; i++) tunes.push(`X:${i + 1}\nT:Bench ${i}\nM:4/4\nL:1/8\nK:D\n${'ABcd'[i % 4]}FAF GBAF|DFA${'cdef'[(i >> 2) % 4]} E2 FE|${i % 97}\n`)
  return new TextEncoder().encode(tunes.join('\n'))
}

/** The longest timer lag and search time while `tunes` tunes are imported; the old import's hold. */
export async function importWait(tunes: number): Promise<Record<string, JsonValue>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-bench-import-'))
  const files = [{ name: 'bench.abc', bytes: tuneFile(tunes) }]
  const pool = createCheckPool({ size: 2 })
  const library = openLibrary(path.join(dir, 'library.sqlite'))
  const old = openLibrary(path.join(dir, 'old.sqlite'))
  try {
    await pool.check({ abc: SMALL })
    let done = false
    const t0 = performance.now()
    const importing = importFilesStreaming(library, { corpusName: 'Bench', files, read: (file, onPart, signal) => pool.read({ file }, { onPart, signal }) })
      .finally(() => (done = true))
    const waits = await probeWhile(() => done, () => library.tunes.search({ text: 'Bench 17', limit: 5, offset: 0 }))
    const report = await importing
    const importMs = performance.now() - t0
    const t1 = performance.now()
    importFiles(old, { corpusName: 'Bench', files })
    return {
      tunes: report.imported,
      importMs: round(importMs, 0),
      searchesMeanwhile: waits.probes,
      longestTimerLagMs: round(waits.timerLagMs),
      longestSearchMs: round(waits.probeMs),
      oneTransactionImportHeldMs: round(performance.now() - t1, 0),
    }
  } finally {
    library.close()
    old.close()
    await pool.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export const hostileSection: BenchSection = {
  name: 'hostile',
  async run({ quick, log }) {
    const sizes = quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000]
    const patterns: Record<string, JsonValue> = {}
    let slowest = { name: '', msPerKb: 0 }
    for (const [name, unit] of Object.entries(HOSTILE_PATTERNS)) {
      log(`hostile: ${name}`)
      const figures = perKb(unit, sizes)
      patterns[name] = figures
      const last = Object.values(figures.msPerKb).at(-1) ?? 0
      if (last > slowest.msPerKb) slowest = { name, msPerKb: last }
    }
    const largest = sizes[sizes.length - 1]
    log(`hostile: a concurrent request while the pool checks ${largest / 1000} kB of ${slowest.name}`)
    const concurrent = await concurrentWait(hostile(HOSTILE_PATTERNS[slowest.name], largest))
    const tunes = quick ? 20_000 : 60_000
    log(`hostile: a concurrent request while ${tunes} tunes are imported`)
    const duringImport = await importWait(tunes)
    return {
      sizes: sizes.map((s) => `${s / 1000} kB`),
      patterns,
      concurrent: { pattern: slowest.name, size: `${largest / 1000} kB`, ...concurrent },
      duringImport,
    }
  },
}
