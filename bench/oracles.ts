/**
 * Independent oracles: the Debian tools `abc2midi` (package abcmidi) and `abcm2ps` judge ABC
 * text that Tunesmith's own checker also judges, so the bench and the agreement tests can say
 * whether our verdicts match tools nobody on this project wrote.
 *
 * Both tools are run on a file in a temporary folder (abc2midi with `-c`, check only, so no MIDI
 * is written; abcm2ps with its output sent to /dev/null), with a time limit. Their messages carry
 * the file's 1-based line number, which maps each message back to the tune whose lines hold it, so
 * the batch forms judge many tunes with one process. Message formats (abc2midi 4.84, abcm2ps 8.14):
 *
 *   Error in line-char 22-36 : Missing :| at end of tune
 *   Warning in line-char 57-46 : Track 1 Bar 8 has 5 time units while the time signature has 6
 *   t.abc:7:3: error: Unknown bagpipe-like key      (abcm2ps; followed by the line and a caret)
 *
 * Counting (see docs/model.md, "Verdicts and the oracles"):
 * - barWarnings: abc2midi's "Track n Bar m has x time units while the time signature has y" warnings,
 *   one per position (abc2midi repeats the warning "in repeat" when it replays a bar);
 * - unpairedRepeats: positions of abc2midi's repeat errors: "Missing :| at end of tune" (a `|:`
 *   never closed), "found another |: after a |:", "found [1 or like before |:" (an ending with no
 *   repeat to belong to), "found :: before |:". abc2midi's warnings "Assuming repeat" and
 *   "replacing |: with double repeat" are not counted: they describe the standard reading of a
 *   `:|` that repeats from the tune's start or from the previous `:|`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Abc2midiVerdict {
  /** False when the binary is not installed (then every list is empty). */
  available: boolean
  /** abc2midi's "Error in line-char L-C : ..." messages, as `L-C: message` with L relative to the tune. */
  errors: string[]
  /** Its warnings, same form ("Ignoring text: Y:AB" and the like included). */
  warnings: string[]
  /** Bar-length warnings, counted once per position. */
  barWarnings: number
  /** Repeat signs that do not pair up, counted once per position. */
  unpairedRepeats: number
}

export interface Abcm2psVerdict {
  available: boolean
  /** abcm2ps's "file:L:C: error: ..." messages, as `L:C: message` with L relative to the tune. */
  errors: string[]
}

export const ABC2MIDI = '/usr/bin/abc2midi'
export const ABCM2PS = '/usr/bin/abcm2ps'

/** Per tune; a batch gets this times its tune count, capped. */
const TIMEOUT_PER_TUNE_MS = 5_000
const MAX_BATCH_TIMEOUT_MS = 120_000
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024

const BAR_WARNING = /^Track \d+ Bar \d+ has [\d/]+ time units while the time signature has [\d/]+/
const REPEAT_ERROR = /Missing :\| at end of tune|found another \|: after a \|:|found \[\d or like before \|:|found :: before \|:/
const ABC2MIDI_LINE = /^(Error|Warning) in line-char (\d+)-(\d+) : (.*)$/
const ABCM2PS_LINE = /^[^:\n]*:(\d+):(\d+): (error|warning): (.*)$/

const availability = new Map<string, boolean>()

/** Whether the tool is installed (checked once per process). */
export function toolAvailable(path: string): boolean {
  let known = availability.get(path)
  if (known === undefined) {
    const probe = spawnSync(path, path === ABC2MIDI ? ['-ver'] : ['-V'], { encoding: 'utf8', timeout: TIMEOUT_PER_TUNE_MS })
    known = probe.error === undefined
    availability.set(path, known)
  }
  return known
}

interface Placed {
  /** 1-based first line of each tune in the batch file. */
  starts: number[]
  text: string
}

/** One file of tunes separated by blank lines; a tune without an `X:` line gets one so the tools read it as a tune. */
function place(tunes: readonly string[]): Placed {
  const starts: number[] = []
  const parts: string[] = []
  let line = 1
  tunes.forEach((tune, i) => {
    const body = tune.replace(/\r\n?/g, '\n').replace(/\n+$/, '')
    const text = /^X:/.test(body) ? body : `X:${i + 1}\n${body}`
    starts.push(line)
    parts.push(text)
    line += text.split('\n').length + 1
  })
  return { starts, text: parts.join('\n\n') + '\n' }
}

/** Index of the tune holding 1-based file line `line`, and the line relative to that tune. */
function locate(starts: readonly number[], line: number): { tune: number; line: number } {
  let lo = 0
  for (let i = 0; i < starts.length && starts[i] <= line; i++) lo = i
  return { tune: lo, line: line - starts[lo] + 1 }
}

interface RunResult {
  output: string
  /** Why no output could be trusted: a time-out, a crash. */
  failure: string | null
}

function runTool(path: string, args: (file: string) => string[], text: string, tuneCount: number): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'tunesmith-oracle-'))
  try {
    const file = join(dir, 'tunes.abc')
    writeFileSync(file, text)
    const timeout = Math.min(MAX_BATCH_TIMEOUT_MS, TIMEOUT_PER_TUNE_MS * Math.max(1, tuneCount))
    const r = spawnSync(path, args(file), { cwd: dir, encoding: 'utf8', timeout, maxBuffer: MAX_OUTPUT_BYTES })
    const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`
    if (r.error) return { output, failure: `${path} did not finish: ${r.error.message}` }
    if (r.signal) return { output, failure: `${path} was stopped by ${r.signal}` }
    return { output, failure: null }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function emptyAbc2midi(available: boolean): Abc2midiVerdict {
  return { available, errors: [], warnings: [], barWarnings: 0, unpairedRepeats: 0 }
}

function parseAbc2midi(output: string, starts: readonly number[]): Abc2midiVerdict[] {
  const verdicts = starts.map(() => emptyAbc2midi(true))
  const barAt = starts.map(() => new Set<string>())
  const repeatAt = starts.map(() => new Set<string>())
  for (const raw of output.split('\n')) {
    const m = ABC2MIDI_LINE.exec(raw.trim())
    if (!m) continue
    const [, kind, fileLine, column, message] = m
    const at = locate(starts, Number(fileLine))
    const entry = `${at.line}-${column}: ${message.trim()}`
    const v = verdicts[at.tune]
    if (kind === 'Error') v.errors.push(entry)
    else v.warnings.push(entry)
    if (kind === 'Warning' && BAR_WARNING.test(message)) barAt[at.tune].add(`${at.line}-${column}`)
    if (kind === 'Error' && REPEAT_ERROR.test(message)) repeatAt[at.tune].add(`${at.line}-${column}`)
  }
  verdicts.forEach((v, i) => {
    v.barWarnings = barAt[i].size
    v.unpairedRepeats = repeatAt[i].size
  })
  return verdicts
}

function parseAbcm2ps(output: string, starts: readonly number[]): Abcm2psVerdict[] {
  const verdicts: Abcm2psVerdict[] = starts.map(() => ({ available: true, errors: [] }))
  for (const raw of output.split('\n')) {
    const m = ABCM2PS_LINE.exec(raw.trim())
    if (!m || m[3] !== 'error') continue
    const at = locate(starts, Number(m[1]))
    verdicts[at.tune].errors.push(`${at.line}:${m[2]}: ${m[4].trim()}`)
  }
  return verdicts
}

/**
 * Runs a tool on many tunes at once; when the batch fails (time-out, crash) each tune is run
 * alone so one pathological tune costs only its own verdict.
 */
function batch<V>(
  tunes: readonly string[],
  path: string,
  args: (file: string) => string[],
  parse: (output: string, starts: readonly number[]) => V[],
  failed: (reason: string) => V,
): V[] {
  if (tunes.length === 0) return []
  const placed = place(tunes)
  const run = runTool(path, args, placed.text, tunes.length)
  if (run.failure === null) return parse(run.output, placed.starts)
  if (tunes.length === 1) return [failed(run.failure)]
  return tunes.flatMap((t) => batch([t], path, args, parse, failed))
}

const abc2midiArgs = (file: string): string[] => [file, '-c']
const abcm2psArgs = (file: string): string[] => ['-q', '-O', '/dev/null', file]

/** abc2midi's verdict on each tune (one process for all of them). */
export function abc2midiBatch(tunes: readonly string[]): Abc2midiVerdict[] {
  if (!toolAvailable(ABC2MIDI)) return tunes.map(() => emptyAbc2midi(false))
  return batch(tunes, ABC2MIDI, abc2midiArgs, parseAbc2midi, (reason) => ({ ...emptyAbc2midi(true), errors: [reason] }))
}

/** abcm2ps's verdict on each tune (one process for all of them). */
export function abcm2psBatch(tunes: readonly string[]): Abcm2psVerdict[] {
  if (!toolAvailable(ABCM2PS)) return tunes.map(() => ({ available: false, errors: [] }))
  return batch(tunes, ABCM2PS, abcm2psArgs, parseAbcm2ps, (reason) => ({ available: true, errors: [reason] }))
}

export const abc2midi = (tune: string): Abc2midiVerdict => abc2midiBatch([tune])[0]
export const abcm2ps = (tune: string): Abcm2psVerdict => abcm2psBatch([tune])[0]

/** abc2midi finds the tune's bars and repeats in order: no bar-length warning, no unpaired repeat. */
export const abc2midiRhythmClean = (v: Abc2midiVerdict): boolean => v.barWarnings === 0 && v.unpairedRepeats === 0

/** Summary figures over many verdicts, as the bench reports them. */
export function oracleFigures(midi: readonly Abc2midiVerdict[], ps: readonly Abcm2psVerdict[]): Record<string, number | boolean> {
  const share = (n: number, of: number): number => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10)
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0)
  return {
    abc2midiAvailable: midi.every((v) => v.available),
    abcm2psAvailable: ps.every((v) => v.available),
    tunes: midi.length,
    abc2midiNoErrorPercent: share(midi.filter((v) => v.errors.length === 0).length, midi.length),
    abc2midiBarWarningsPerTune: midi.length === 0 ? 0 : Math.round((100 * sum(midi.map((v) => v.barWarnings))) / midi.length) / 100,
    abc2midiUnpairedRepeatsPercent: share(midi.filter((v) => v.unpairedRepeats > 0).length, midi.length),
    abcm2psNoErrorPercent: share(ps.filter((v) => v.errors.length === 0).length, ps.length),
  }
}
