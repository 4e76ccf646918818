/**
 * The form of a tune as a player reads it: its sections (parts) and how many bars each has, which
 * are repeated, the last note and whether it is the tonic of the key's mode, how many bars echo
 * an earlier bar, and the field lines written inside the music. The benchmark's `form` section
 * and the composer's form line on each variation ("AABB, 8+8 bars, ends on G") both read this.
 * docs/model.md ("Form figures") defines every figure.
 */
import { isSectionBoundary } from '../../../src-shared/abc/bar-rules'
import { readHeaders } from '../../../src-shared/abc/headers'
import { cmp } from '../../../src-shared/abc/rational'
import { barRecords, type BarRecord } from '../../../src-shared/abc/rhythm-tracker'
import { tuneBars } from '../novelty/bar-notes'

export interface Section {
  /** Bars, counted as a player counts them: a pickup and a short closing bar make one. */
  bars: number
  /** Played twice: closed by `:|` (or `::`), or has numbered endings. */
  repeated: boolean
  /** Has first/second endings. */
  endings: boolean
}

export interface Tonic {
  /** Upper-case letter of the key's tonic (K:Dmix → D, K:Ador → A), or null (K:none, K:HP). */
  letter: string | null
  /** Major (or Ionian) keys vs minor and the other modes. */
  major: boolean
}

export interface TuneForm {
  sections: Section[]
  /** Upper-case letter of the tune's last note (the first note of a closing chord), or null. */
  lastNote: string | null
  tonic: Tonic
  endsOnTonic: boolean
  /** Bars (as notes with durations) and how many equal an earlier bar of the same tune. */
  bars: number
  repeatedBars: number
  /** Field lines after the first K: line, by letter, e.g. { K: 1, P: 2 }. */
  bodyFields: Record<string, number>
}

/** Sections of 8 or 16 bars are what the form-aware sampler plans; others are reported as such. */
export const PLANNED_PART_LENGTHS: readonly number[] = [8, 16]

/** A part of a length folk tunes have (8 or 16 bars). */
export const isPlannedLength = (bars: number): boolean => PLANNED_PART_LENGTHS.includes(bars)

/** Reads one tune (from its X: line). Never throws on odd ABC: what cannot be read is left out. */
export function analyseForm(tuneText: string): TuneForm {
  const text = tuneText.replace(/\r\n?/g, '\n')
  const records = barRecords(text)
  const tonic = keyTonic(lastKey(text))
  const lastNote = lastNoteLetter(text)
  const normalised = tuneBars(text)
  return {
    sections: sectionsOf(records),
    lastNote,
    tonic,
    endsOnTonic: lastNote !== null && tonic.letter !== null && lastNote === tonic.letter,
    bars: normalised.length,
    repeatedBars: countRepeats(normalised),
    bodyFields: bodyFieldLines(text),
  }
}

/** "AABB, 8+8 bars, ends on G" — for the composer's variation cards. */
export function describeForm(form: TuneForm): string {
  if (form.sections.length === 0) return 'no complete bars'
  const letters = form.sections.map((s, i) => String.fromCharCode(65 + Math.min(i, 25)).repeat(s.repeated ? 2 : 1)).join('')
  const lengths = form.sections.map((s) => s.bars).join('+')
  const ending = form.lastNote === null ? 'no last note'
    : form.endsOnTonic || form.tonic.letter === null ? `ends on ${form.lastNote}`
      : `ends on ${form.lastNote}, not the tonic ${form.tonic.letter}`
  return `${letters}, ${lengths} bar${lengths === '1' ? '' : 's'}, ${ending}`
}

/**
 * Splits bars into sections at section-closing bar lines (`||`, `|]`, `:|`, `::`, `|:`) and at
 * `P:` lines, except where an ending follows (`:|[2`: the endings belong to one part). A later
 * ending replays the close of its section, so its bars are not counted again.
 */
function sectionsOf(records: readonly BarRecord[]): Section[] {
  const sections: Section[] = []
  let current: BarRecord[] = []
  let endings = 0
  let inLaterEnding = false
  let repeated = false
  const close = (): void => {
    // A lone pickup before `|:` ("d|:") is no section: it belongs to the one it leads into.
    if (current.length > 0 && countBars(current) === 0) return
    if (current.length > 0) sections.push({ bars: countBars(current), repeated: repeated || endings > 0, endings: endings > 0 })
    current = []
    endings = 0
    inLaterEnding = false
    repeated = false
  }
  for (let i = 0; i < records.length; i++) {
    const bar = records[i]
    if (bar.startsWithEnding) {
      endings++
      inLaterEnding = endings > 1
    }
    if (!inLaterEnding) current.push(bar)
    if (bar.closing.includes(':') && bar.closing.indexOf(':') < bar.closing.indexOf('|')) repeated = true
    if (bar.closing === '::') repeated = true
    const next = records[i + 1]
    const boundary = isSectionBoundary(bar.closing) || bar.followedByBoundary
    if (boundary && !(next && next.startsWithEnding && !bar.followedByBoundary)) close()
  }
  close()
  return sections
}

/**
 * Bars as a player counts them: a short first bar is a pickup and not a bar; every other short
 * bar is one (a closing bar that the pickup completes, as the form mask counts them too).
 */
function countBars(bars: readonly BarRecord[]): number {
  let count = 0
  bars.forEach((bar, i) => {
    if (bar.multiRest > 0) count += bar.multiRest
    else if (!(i === 0 && bar.meter.bar && cmp(bar.length, bar.meter.bar) < 0)) count++
  })
  return count
}

function countRepeats(bars: readonly string[]): number {
  const seen = new Set<string>()
  let repeats = 0
  for (const bar of bars) {
    if (seen.has(bar)) repeats++
    else seen.add(bar)
  }
  return repeats
}

/** The K: in force at the end: the last K: field line or inline `[K:…]`. */
export function lastKey(text: string): string | null {
  let key: string | null = null
  for (const m of text.matchAll(/^K:(.*)$|\[K:([^\]\n]*)\]/gm)) key = (m[1] ?? m[2]).replace(/%.*$/, '').trim()
  return key
}

const MAJOR_MODES = new Set(['', 'maj', 'major', 'ion', 'ionian'])

/** The tonic of a K: value with its mode: K:Dmix → D (modal), K:Em → E (minor), K:G → G (major). */
export function keyTonic(key: string | null): Tonic {
  // A word followed by `=` is a setting (`clef=bass`), not a mode.
  const m = key ? /^([A-G])[#b]?\s*([A-Za-z]*)(?![A-Za-z=])/.exec(key) : null
  if (!m) return { letter: null, major: true }
  const mode = m[2].toLowerCase()
  return { letter: m[1], major: MAJOR_MODES.has(mode) || (mode.length >= 3 && 'major'.startsWith(mode)) }
}

/** The last note's letter, outside chord symbols, decorations, grace notes, fields and comments. */
function lastNoteLetter(text: string): string | null {
  const body = text.split('\n').slice(readHeaders(text).bodyStart)
    .filter((line) => !/^[A-Za-z]:/.test(line))
    .map((line) => line.replace(/%.*$/, ''))
    .join('\n')
    .replace(/"[^"\n]*"?|![^!\n]*!|\+[^+\n]*\+|\{[^}]*\}|\[[A-Za-z]:[^\]\n]*\]/g, ' ')
  const notes = [...body.matchAll(/\[([_^=A-Ga-g,'0-9/ ]+)\]|([A-Ga-g])/g)]
  for (let i = notes.length - 1; i >= 0; i--) {
    const m = notes[i]
    const letter = m[2] ?? /[A-Ga-g]/.exec(m[1] ?? '')?.[0]
    if (letter) return letter.toUpperCase()
  }
  return null
}

function bodyFieldLines(text: string): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const line of text.split('\n').slice(readHeaders(text).bodyStart)) {
    const m = /^([A-Za-z]):/.exec(line)
    if (m) counts[m[1]] = (counts[m[1]] ?? 0) + 1
  }
  return counts
}
