/**
 * Suggest chords: a chord symbol for every bar of a tune, chosen by the model.
 *
 * The model reads the tune with its chord symbols taken out, and before each bar one candidate
 * chord of the key (harmony.ts) per row, or (with `hold`) no symbol, the chord before sounding on.
 * Each candidate costs the model's surprise at its symbol and the bar that follows, less a bonus
 * for the share of the bar's melody on the chord's tones (coverBits × coverShare): the model knows
 * how the corpus's harmony moves, the cover how this bar's notes sit on the chord. A beam of the
 * best harmonisations so far is carried from bar to bar (an LSTM has no Markov state, so a beam
 * stands in for Viterbi): rows are beam × option. Rows read texts of different lengths in step;
 * each row's state and logits are kept where its text ends (getRowState) and set into every
 * option of the next bar (setRowState), so no padding is ever read. A pickup bar gets no chord
 * and is read as written. With `halfBars` a bar's middle is a decision point too; where the chord
 * chosen there differs from the bar's own, it is returned as the bar's `change`, placed in the
 * musician's text (mid-bar.ts).
 */
import { toModelDialect } from '../../../src-shared/abc/dialect'
import { readHeaders } from '../../../src-shared/abc/headers'
import { cmp } from '../../../src-shared/abc/rational'
import type { LstmStepper } from '../../engine/types'
import { surpriseBits, type SamplingModel } from '../sampling/sampler'
import { primeOnce, returnStepper } from '../sampling/prime-once'
import { barPitches, candidateChords, clashesWithThird, coverShare, keyHarmony, readChord, sameChord, type Chord, type KeyHarmony } from './harmony'
import { barFeatures, chordClass } from './harmony-features'
import { classBits, type Harmoniser } from './harmony-model'
import { musicHeader } from './infill'
import { countNotes, halfway, LEADING_QUOTED, midBarPlace, QUOTED, TRAILING_BAR_LINE, type MidBarPlace } from './mid-bar'
import { endingMarkLength, locateBars, selectedBarRange, SelectionError, type SelectionRequest, tuneByNumber, tuneSpans, type LocatedBar, type TuneSpan } from './selection'

export interface ChordSettings {
  /** Harmonisations carried from bar to bar. */
  beam: number
  /**
   * Weight of the melody's fit to the chord, in bits for a bar whose melody lies wholly on the
   * chord's tones (coverShare): a candidate's cost is the model's surprise minus this times the
   * share covered. 0: the model alone. Default DEFAULT_COVER_BITS.
   */
  coverBits?: number
  /** Offer "no symbol" before a bar too, the chord before it sounding on (the corpus writes a chord only where it changes). Default DEFAULT_HOLD. */
  hold?: boolean
  /** Let the model change chord at the middle of a bar too (where a note starts there after a space), as the corpus often does; the bar's own chord is still the one at its start. Default DEFAULT_HALF_BARS. */
  halfBars?: boolean
  /** Offer the corpus's common chords outside the key's own too (secondary dominants, ♭VII, v in minor: harmony.ts). Default DEFAULT_WIDER. */
  wider?: boolean
  /** Bits added where a chord outside the key's own (`wider`) is written: how much more evidence it needs than the model's and the cover's. Default DEFAULT_OUTSIDE_BITS. */
  outsideBits?: number
  /**
   * Bits added wherever a chord symbol is written (a change of chord, or the first), not where the
   * chord is held: below 0 the decoder changes chord a little more readily than the model and the
   * cover alone would. Default DEFAULT_CHANGE_BITS.
   */
  changeBits?: number
  /** Weight of the learned harmoniser's surprise (harmony-model.ts) at the chord a bar starts with, where one is given. Default DEFAULT_HARMONY_WEIGHT. */
  harmonyWeight?: number
  /** The same at a bar's middle (halfBars), on the chord sounding there. Default DEFAULT_MIDDLE_WEIGHT. */
  middleWeight?: number
  /** Bits taken off a chord where a bar with the same notes earlier got it too, at the same point: a returning phrase keeps its harmony. Default DEFAULT_ECHO_BITS. */
  echoBits?: number
  /** Bits added where the melody, while the chord sounds, has the other third (clashesWithThird). Default DEFAULT_CLASH_BITS. */
  clashBits?: number
}

export const DEFAULT_BEAM = 2
/**
 * Chosen on the dev split of held-out tunes (docs/model.md, "Chord figures"); never on the test
 * split. 12 until session 7; with the harmoniser that reads the melody on a grid, 6 (0, 3, 6, 12 tried).
 */
export const DEFAULT_COVER_BITS = 6
/** Chosen with DEFAULT_COVER_BITS on the dev split (+2, 0, −2, −4, −6, −8 tried). */
export const DEFAULT_CHANGE_BITS = -2
export const DEFAULT_HOLD = true
export const DEFAULT_HALF_BARS = true
/**
 * On since session 7: 6.4 % of the training tunes' bars start on a chord outside the key's own
 * set (II7 alone 2.4 %), which the decoder could never name; with the wider set 0.9 %. The
 * harmoniser, which has learnt how rare each is, gains half a point with it in cross-validation.
 */
export const DEFAULT_WIDER = true
/** 0 since session 7 (0, 2, 4 tried on the dev split): the harmoniser already prices an outside chord by how rare it is; a fixed penalty counts that twice. */
export const DEFAULT_OUTSIDE_BITS = 0
/** Chosen on the dev split with the harmoniser (0.7, 1, 1.5, 2 tried; docs/model.md, "The harmoniser"). */
export const DEFAULT_HARMONY_WEIGHT = 1
/** Chosen on the dev split (0, 0.5, 1, 2 tried): the middle's classifier makes the changes shown surer; more weight costs bar agreement. */
export const DEFAULT_MIDDLE_WEIGHT = 0.5
/** Chosen on the dev split (2, 4, 8, 16 tried: 77.4, 77.5, 77.5, 77.5 % against 77.0 without). */
export const DEFAULT_ECHO_BITS = 4
/** Chosen on the dev split (0, 4, 8, 1000 tried: 77.9, 77.9, 78.0, 77.9 %): clashes are rare, so this is for the music more than the figure; strong, yet a tune whose every chord clashes somewhere still gets one. */
export const DEFAULT_CLASH_BITS = 8

export interface BarChord {
  /** Bar number as the checker counts (a pickup is bar 1). */
  bar: number
  /** Where the chord symbol goes in the whole text: the bar's start, or the chord symbol already there. */
  start: number
  end: number
  /** The chord symbol the bar starts with, if any. */
  existing: string | null
  chord: string
  /** A change of chord at the bar's middle, where the model chose one (`halfBars`): its place in the text and the chord. */
  change: (MidBarPlace & { chord: string }) | null
}

export interface ChordRun {
  tune: TuneSpan
  key: string
  /** The bars a selection asked for, or null: the whole tune. */
  selected: { from: number; to: number } | null
  bars: BarChord[]
  /** The whole text with every suggestion in place. */
  withChords: string
  /** The model's surprise at the chosen chord symbols and the bars together, per character scored. */
  bitsPerChar: number
  /** The characters that figure is over (symbols and bars; a first-bar pickup is read, not scored). */
  scoredChars: number
}

/** Where in a bar's text (from its start) its chord symbol is written: after a variant ending's mark, else at the start. */
export const chordOffset = (barText: string): number => endingMarkLength(barText)

/** What the model reads of a piece of the musician's text: its dialect, without `drop` (by default every chord symbol and annotation), only characters it knows. */
const modelPiece = (model: SamplingModel, text: string, drop: RegExp = QUOTED): string => model.vocab.conform(toModelDialect(text.replace(drop, '')).text).text

/** A tune's bars as the decoder reads them: where each bar's chord goes, its text as `piece` renders it, and whether it gets a chord. */
export interface TuneLayout {
  bars: LocatedBar[]
  /** Where each bar's chord goes in the whole text: after a variant ending's `[1`, before the music, as the corpus writes it. */
  at: number[]
  segments: string[]
  /** False for a pickup: the tune's first short bar, or a later part's. */
  harmonised: boolean[]
}

export function tuneLayout(text: string, tune: TuneSpan, piece: (text: string, bar: number) => string): TuneLayout {
  const bars = locateBars(text, tune)
  const at = bars.map((b) => b.start + chordOffset(text.slice(b.start)))
  const segments = bars.map((_, i) => piece(text.slice(at[i], i + 1 < bars.length ? at[i + 1] : tune.end), i))
  const harmonised = bars.map((b, i) => !(isShort(b) && (i === 0 || b.record.pickupEligible)))
  return { bars, at, segments, harmonised }
}

/** The harmoniser's features of each bar of a layout: its model text and the bar lines around it. */
export const layoutFeatures = (layout: Pick<TuneLayout, 'segments' | 'bars'>, harmony: KeyHarmony): Float32Array[] =>
  barFeatures(layout.segments.map((segment, i) => ({ segment, opening: layout.bars[i].record.opening, closing: layout.bars[i].record.closing })), harmony)

/** What the decoder adds to each candidate at each point for its fit to the melody: less the cover's bonus (at a bar's start), plus the harmoniser's surprise at the chord sounding there (weighted). */
function fitBits(points: Points, tune: { segments: string[]; bars: LocatedBar[]; harmony: KeyHarmony; chords: Chord[] }, settings: ChordSettings, harmoniser: Harmoniser | null): number[][] {
  const coverBits = settings.coverBits ?? DEFAULT_COVER_BITS
  const clashBits = settings.clashBits ?? DEFAULT_CLASH_BITS
  const weights = harmoniser ? { start: settings.harmonyWeight ?? DEFAULT_HARMONY_WEIGHT, middle: settings.middleWeight ?? DEFAULT_MIDDLE_WEIGHT } : { start: 0, middle: 0 }
  const features = harmoniser ? layoutFeatures(tune, tune.harmony) : []
  const classes = tune.chords.map((c) => chordClass(c, tune.harmony))
  const barNotes = tune.segments.map((segment) => barPitches(segment, tune.harmony))
  return points.segments.map((_, p) => {
    // A point read as written chooses nothing.
    if (!points.harmonised[p]) return []
    const bar = points.bar[p]
    const weight = points.barStart[p] ? weights.start : weights.middle
    const learned = weight > 0 && harmoniser ? classBits(points.barStart[p] ? harmoniser.start : harmoniser.middle, features[bar], classes) : null
    // The cover is the whole bar's, counted once, at its start.
    const notes = points.barStart[p] ? barNotes[bar] : []
    const sounding = pointNotes(barNotes[bar], points, p, tune.harmony)
    return tune.chords.map((c, k) => (learned ? weight * learned[k] : 0) - coverBits * coverShare(c, notes) + (clashesWithThird(c, sounding) ? clashBits : 0))
  })
}

/** The notes of a decision point's piece of its bar (the bar's first or second half, or all of it), read with the bar's accidentals carried from its start. */
function pointNotes(whole: { pitch: number; length: number }[], points: Points, p: number, harmony: KeyHarmony): { pitch: number; length: number }[] {
  const own = barPitches(points.segments[p], harmony).length
  return points.barStart[p] ? whole.slice(0, own) : whole.slice(whole.length - own)
}

/** Which tune: its X: number, or a position in it (the editor's cursor); neither → the only tune. */
export type TuneChoice = number | { at: number } | { selection: SelectionRequest } | undefined

/** A chord symbol in the model's text (not an annotation, `"^text"`). */
const CHORD_SYMBOL = /"([A-G][^"]*)"/g
/** Annotations: quoted strings that start with a placement mark. */
const ANNOTATION = /"[\^_<>@][^"]*"/g

/**
 * The tune chosen, its key's harmony and its layout. With a selection only the selected bars get
 * a chord; the others are read as written, the musician's chord symbols included, so the
 * suggestions follow on from them and lead into them.
 */
function readTune(model: SamplingModel, text: string, which: TuneChoice): { tune: TuneSpan; harmony: KeyHarmony; key: string; layout: TuneLayout; selected: ChordRun['selected'] } {
  const { tune, range } = chosenTune(text, which)
  const key = readHeaders(text.slice(tune.start, tune.end)).key ?? ''
  const harmony = keyHarmony(key)
  if (!harmony) throw new SelectionError(`The key "K:${key}" names no tonic, so there is no harmony to choose from.`)
  const inside = (i: number): boolean => !range || (i + 1 >= range.fromBar && i + 1 <= range.toBar)
  // Bars outside a selection keep their chord symbols (annotations still dropped).
  const layout = tuneLayout(text, tune, (piece, i) => modelPiece(model, piece, inside(i) ? QUOTED : ANNOTATION))
  if (layout.bars.length === 0) throw new SelectionError('The tune has no bars of music yet.')
  if (!range) return { tune, harmony, key, layout, selected: null }
  const harmonised = layout.harmonised.map((h, i) => h && inside(i))
  if (!harmonised.some(Boolean)) throw new SelectionError('The selected bars are only a pickup, which gets no chord: select whole bars.')
  return { tune, harmony, key, layout: { ...layout, harmonised }, selected: { from: range.fromBar, to: range.toBar } }
}

function chosenTune(text: string, which: TuneChoice): { tune: TuneSpan; range: ReturnType<typeof selectedBarRange> | null } {
  if (typeof which === 'object' && 'selection' in which) {
    const range = selectedBarRange(text, which.selection)
    return { tune: range.tune, range }
  }
  const tunes = tuneSpans(text)
  if (tunes.length === 0) throw new SelectionError('The text has no tune (no X: line), so there is nothing to harmonise.')
  return { tune: typeof which === 'object' ? tuneAt(tunes, which.at) : tuneByNumber(tunes, which), range: null }
}

/** The last chord symbol of a piece of the model's text, if any. */
const lastSymbol = (segment: string): string | undefined => [...segment.matchAll(CHORD_SYMBOL)].at(-1)?.[1]

/** The candidate a chord symbol names (its own name, else the same root and family), null for one outside them, undefined for no symbol. */
function candidateOf(symbol: string | undefined, chords: Chord[]): number | null | undefined {
  if (symbol === undefined || !readChord(symbol)) return undefined
  const exact = chords.findIndex((c) => c.name === symbol)
  const same = chords.findIndex((c) => sameChord(c, readChord(symbol)))
  return exact >= 0 ? exact : same >= 0 ? same : null
}

export async function suggestChords(model: SamplingModel, text: string, which: TuneChoice, settings: ChordSettings, harmoniser: Harmoniser | null = null): Promise<ChordRun> {
  const { tune, harmony, key, layout, selected } = readTune(model, text, which)
  const { bars, at, segments, harmonised } = layout
  const headerEnd = text.lastIndexOf('\n', bars[0].start) + 1
  const prefix = modelPiece(model, musicHeader(text.slice(tune.start, Math.max(tune.start, headerEnd)))) + modelPiece(model, text.slice(headerEnd, at[0]))
  const chords = candidateChords(harmony, settings.wider ?? DEFAULT_WIDER)
  const points = decisionPoints(segments, harmonised, settings.halfBars ?? DEFAULT_HALF_BARS, bars.map(fullBarRatio))
  const fit = fitBits(points, { segments, bars, harmony, chords }, settings, harmoniser)
  const sets = points.segments.map((segment, p) => (points.harmonised[p] ? undefined : candidateOf(lastSymbol(segment), chords)))
  const opens = points.segments.map((segment, p) => (points.harmonised[p] ? undefined : candidateOf(LEADING_QUOTED.exec(segment)?.[1], chords)))
  const own = candidateChords(harmony).length
  const outsideBits = settings.outsideBits ?? DEFAULT_OUTSIDE_BITS
  const changeBits = settings.changeBits ?? DEFAULT_CHANGE_BITS
  const weights = { hold: settings.hold ?? DEFAULT_HOLD, echoBits: settings.echoBits ?? DEFAULT_ECHO_BITS, symbolBits: chords.map((_, c) => (c < own ? 0 : outsideBits) + changeBits) }
  const decoded = await decode(model, prefix, { ...points, fit, sets, opens }, chords, { width: settings.beam, ...weights })
  const { bitsPerChar, scoredChars } = decoded
  // Each bar's first decision point (its start); a point of its middle, if any, follows it.
  const firstPoint = pointsOfBars(points.bar, bars.length).first
  const chosen = firstPoint.map((p) => decoded.chosen[p])

  const result: BarChord[] = []
  bars.forEach((_, i) => {
    if (!harmonised[i] || chosen[i] === null) return
    const m = LEADING_QUOTED.exec(text.slice(at[i]))
    const end = i + 1 < bars.length ? at[i + 1] : tune.end
    const change = midBarChange(text, { firstPoint: firstPoint[i], from: at[i], to: end, chord: chosen[i]! }, points, decoded.chosen)
    result.push({ bar: i + 1, start: at[i], end: m ? at[i] + m[0].length : at[i], existing: m ? m[1] : null, chord: chosen[i]!, change })
  })
  return { tune, key, selected, bars: result, withChords: writeChords(text, result), bitsPerChar, scoredChars }
}

/** The chord the decoder chose at a bar's middle, placed in the musician's text, when it differs from the bar's own. */
function midBarChange(text: string, bar: { firstPoint: number; from: number; to: number; chord: string }, points: Points, chosen: (string | null)[]): BarChord['change'] {
  const first = bar.firstPoint
  const mid = first + 1
  if (mid >= points.bar.length || points.bar[mid] !== points.bar[first] || points.barStart[mid]) return null
  const chord = chosen[mid]
  if (chord === null || chord === bar.chord) return null
  // The middle's note is the first after the bar's first half, a piece of the model's text.
  const place = midBarPlace(text, bar.from, bar.to, countNotes(points.segments[first]))
  return place && { ...place, chord }
}

/** The text with every suggestion written in: at each bar's start and middle, last first so earlier offsets hold. */
function writeChords(text: string, bars: BarChord[]): string {
  const edits = bars.flatMap((b) => [{ start: b.start, end: b.end, chord: b.chord }, ...(b.change ? [b.change] : [])])
  let out = text
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + `"${e.chord}"` + out.slice(e.end)
  return out
}

function tuneAt(tunes: TuneSpan[], at: number): TuneSpan {
  const tune = tunes.find((t) => at >= t.start && at <= t.end)
  if (!tune) throw new SelectionError('The cursor is outside every tune: put it in the tune to harmonise.')
  return tune
}

const isShort = (b: LocatedBar): boolean => !!b.record.meter.bar && cmp(b.record.length, b.record.meter.bar) < 0

/** The metre's bar over a short bar's length (a part's closing bar, its pickup after it: `DEF G2:|` in 6/8 is 5/6 of a bar); 1 for a whole bar. */
const fullBarRatio = (b: LocatedBar): number => {
  const { meter, length } = b.record
  return isShort(b) && length.n > 0 ? (meter.bar!.n * length.d) / (meter.bar!.d * length.n) : 1
}

interface Beam {
  /** What the beam is ranked by: the model's surprise less the cover bonus. */
  cost: number
  /** The model's surprise alone, and the characters it was counted on. */
  bits: number
  chars: number
  chords: (string | null)[]
  /** The candidate sounding at the end of the beam's last bar (what a held bar keeps). */
  sounding: number | null
}

/** The tune as the decoder reads it: the pieces in the model's text that a chord may start, which get one, and each candidate's cover of each. */
interface Bars extends Points {
  /** fit[point][candidate]: bits added for how the bar's melody fits the chord sounding there (the cover's bonus at a bar's start, the harmoniser's surprise at its start and middle); empty for a point read as written. */
  fit: number[][]
  /** sets[point]: for a point read as written, the candidate its chord symbols leave sounding (null: a chord not among them; undefined: none written, the one before sounds on). */
  sets: (number | null | undefined)[]
  /** opens[point]: the same for the chord symbol a point read as written opens with (undefined: it opens with none). */
  opens: (number | null | undefined)[]
}

interface Points {
  segments: string[]
  harmonised: boolean[]
  /** A point at a bar's start; else at its middle, where a change of chord or none (the chord sounding on) is offered. */
  barStart: boolean[]
  bar: number[]
  /** For each point, the same point (start or middle) of the last bar before with the same notes, or −1: where a phrase returns. */
  echo: number[]
}

/** Each bar's first decision point and its number of points, in one pass over the points (`bar`: each point's bar). */
function pointsOfBars(bar: number[], bars: number): { first: number[]; count: number[] } {
  const first = new Array<number>(bars).fill(-1)
  const count = new Array<number>(bars).fill(0)
  bar.forEach((b, p) => {
    if (first[b] < 0) first[b] = p
    count[b]++
  })
  return { first, count }
}

/** A bar's notes as the echo compares them: without chord symbols (a bar read as written has them), spaces, line breaks and bar lines. */
const notesOf = (segment: string): string => segment.replace(QUOTED, '').replace(TRAILING_BAR_LINE, '').replace(/\s+/g, '')

/** Points' echoes: each point's twin in the last earlier bar with the same notes. */
function echoes(points: Omit<Points, 'echo'>, segments: string[]): number[] {
  const seen = new Map<string, number>()
  const { first, count } = pointsOfBars(points.bar, segments.length)
  const twin = segments.map((segment, i) => {
    const key = notesOf(segment)
    const before = key === '' ? undefined : seen.get(key)
    seen.set(key, i)
    return before ?? -1
  })
  // The twin's point at the same place; none where the twin has no such point (it was not split, or not harmonised).
  return points.bar.map((bar, p) => (twin[bar] < 0 || p - first[bar] >= count[twin[bar]] ? -1 : first[twin[bar]] + (p - first[bar])))
}

/** The bars as decision points: each bar's start, and with `halfBars` its middle too. */
function decisionPoints(segments: string[], harmonised: boolean[], halfBars: boolean, fullBar: number[]): Points {
  const points: Omit<Points, 'echo'> = { segments: [], harmonised: [], barStart: [], bar: [] }
  segments.forEach((segment, i) => {
    const half = halfBars && harmonised[i] ? halfway(segment, fullBar[i]) : null
    const pieces = half === null ? [segment] : [segment.slice(0, half), segment.slice(half)]
    pieces.forEach((piece, k) => {
      points.segments.push(piece)
      points.harmonised.push(harmonised[i])
      points.barStart.push(k === 0)
      points.bar.push(i)
    })
  })
  return { ...points, echo: echoes(points, segments) }
}

interface DecodeOptions {
  width: number
  hold: boolean
  /** Bits added per candidate where its symbol is written (not where it is held). */
  symbolBits: number[]
  /** Bits taken off where a point's chord is the one its echo got. */
  echoBits: number
}

/** One beam's row for one option: a candidate chord's symbol, or (the last option, with `hold`) no symbol. */
interface Option {
  beam: number
  slot: number
  /** The candidate that sounds through the bar. */
  chord: number
  cost: number
}

/** Beam search over the bars; returns the chord name per bar (null where none is chosen) and the chosen path's bits/char. */
async function decode(model: SamplingModel, prefix: string, bars: Bars, chords: Chord[], options: DecodeOptions): Promise<{ chosen: (string | null)[]; bitsPerChar: number; scoredChars: number }> {
  const { vocab } = model
  const { width } = options
  // A held bar has no symbol of its own: the chord before it sounds on, as the corpus writes it.
  const symbols = [...chords.map((c) => `"${c.name}"`), ''].map((s) => Array.from(vocab.encodeStrict(vocab.conform(s).text)))
  const S = symbols.length
  const stepper = model.createStepper(width * S)
  try {
    let logits = await primeOnce(model, stepper, vocab.encodeStrict(prefix))
    let beams: Beam[] = [{ cost: 0, bits: 0, chars: 0, chords: [], sounding: null }]
    for (let i = 0; i < bars.segments.length; i++) {
      const segment = Array.from(vocab.encodeStrict(bars.segments[i]))
      if (!bars.harmonised[i]) {
        logits = readAll(stepper, Int32Array.from(segment))
        const [set, open] = [bars.sets[i], bars.opens[i]]
        // The chord sounding at the bar's start as written (for an echo of it): the one it opens with, else the one before.
        const atStart = (b: Beam): string | null => {
          const c = open === undefined ? b.sounding : open
          return c === null ? null : chords[c].name
        }
        beams = beams.map((b) => ({ ...b, chords: [...b.chords, atStart(b)], sounding: set === undefined ? b.sounding : set }))
        continue
      }
      const read = readRows(stepper, Array.from({ length: width * S }, (_, r) => Int32Array.from([...symbols[r % S], ...segment])), logits)
      const choices: Option[] = []
      beams.forEach((b, k) => symbols.forEach((_, s) => {
        const chord = s < chords.length ? s : b.sounding
        const offered = s < chords.length || options.hold || !bars.barStart[i]
        if (chord === null || !offered) return
        const echoed = bars.echo[i] >= 0 && b.chords[bars.echo[i]] === chords[chord].name ? options.echoBits : 0
        choices.push({ beam: k, slot: s, chord, cost: b.cost + read.bits[k * S + s] + (options.symbolBits[s] ?? 0) + bars.fit[i][chord] - echoed })
      }))
      const kept = choices.sort((a, b) => a.cost - b.cost).slice(0, width)
      // Every option of the next bar starts where its beam's row ended.
      logits = new Float32Array(stepper.batchSize * stepper.vocabSize)
      kept.forEach((o, k) => symbols.forEach((_, s) => {
        stepper.setRowState(k * S + s, read.states[o.beam * S + o.slot])
        logits.set(read.last[o.beam * S + o.slot], (k * S + s) * stepper.vocabSize)
      }))
      beams = kept.map((o) => {
        const from = beams[o.beam]
        const r = o.beam * S + o.slot
        return { cost: o.cost, bits: from.bits + read.bits[r], chars: from.chars + symbols[o.slot].length + segment.length, chords: [...from.chords, chords[o.chord].name], sounding: o.chord }
      })
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    const best = beams[0]
    return { chosen: best.chords, bitsPerChar: best.chars === 0 ? 0 : best.bits / best.chars, scoredChars: best.chars }
  } finally {
    returnStepper(model, stepper)
  }
}

/** Every row reads the same text; returns the last logits. */
function readAll(stepper: LstmStepper, ids: Int32Array): Float32Array {
  const tokens = new Int32Array(stepper.batchSize)
  let out: Float32Array = new Float32Array(0)
  for (const id of ids) {
    tokens.fill(id)
    out = stepper.step(tokens)
  }
  return out
}

/**
 * Row r reads sequences[r], each as long as it is: a row whose text ends before the others' goes
 * on stepping, but its state and next-character logits are kept from the step its text ended, so
 * no character that is not in the text (no padding) ever reaches the model. Returns each row's
 * surprise at its text, its state and its logits there.
 */
function readRows(stepper: LstmStepper, sequences: Int32Array[], logits: Float32Array): { bits: Float64Array; states: Float32Array[]; last: Float32Array[] } {
  const V = stepper.vocabSize
  const rows = sequences.length
  const bits = new Float64Array(rows)
  const states: Float32Array[] = new Array<Float32Array>(rows)
  const last: Float32Array[] = new Array<Float32Array>(rows)
  const tokens = new Int32Array(stepper.batchSize)
  const longest = Math.max(...sequences.map((q) => q.length))
  let out = logits
  sequences.forEach((seq, r) => {
    if (seq.length > 0) return
    states[r] = stepper.getRowState(r)
    last[r] = out.slice(r * V, (r + 1) * V)
  })
  for (let t = 0; t < longest; t++) {
    for (let r = 0; r < rows; r++) {
      const seq = sequences[r]
      if (t >= seq.length) continue
      tokens[r] = seq[t]
      bits[r] += surpriseBits(out, r * V, V, seq[t])
    }
    out = stepper.step(tokens)
    for (let r = 0; r < rows; r++) {
      if (sequences[r].length !== t + 1) continue
      states[r] = stepper.getRowState(r)
      last[r] = out.slice(r * V, (r + 1) * V)
    }
  }
  return { bits, states, last }
}
