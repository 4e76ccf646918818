/**
 * Suggest chords: a chord symbol for every bar of a tune, chosen by the model.
 *
 * The model reads the tune with its chord symbols taken out, and before each bar one candidate
 * chord of the key (harmony.ts) per row; each candidate is scored by the model's surprise at the
 * chord symbol together with the bar that follows it, and a beam of the best harmonisations so far
 * is carried from bar to bar (an LSTM has no Markov state, so a beam stands in for Viterbi): rows
 * are beam × candidate, and after each bar the best `beam` rows are copied (copyRow) to every
 * candidate of the next. All rows must read the same number of characters per step, so shorter
 * chord symbols are padded with spaces before them (a space before a chord symbol is common ABC;
 * the spaces are read but not scored). A pickup bar gets no chord and is read as written.
 */
import { toModelDialect } from '../../../src-shared/abc/dialect'
import { readHeaders } from '../../../src-shared/abc/headers'
import { cmp } from '../../../src-shared/abc/rational'
import type { LstmStepper } from '../../engine/types'
import { prime, surpriseBits, type SamplingModel } from '../sampling/sampler'
import { candidateChords, keyHarmony, type Chord } from './harmony'
import { musicHeader } from './infill'
import { locateBars, SelectionError, tuneByNumber, tuneSpans, type LocatedBar, type TuneSpan } from './selection'

export interface ChordSettings {
  /** Harmonisations carried from bar to bar. */
  beam: number
}

export const DEFAULT_BEAM = 2
/** Spaces every chord symbol gets before it at least, so one space more or less is all that tells the candidates apart besides the chord. */
const PAD_MIN = 1

export interface BarChord {
  /** Bar number as the checker counts (a pickup is bar 1). */
  bar: number
  /** Where the chord symbol goes in the whole text: the bar's start, or the chord symbol already there. */
  start: number
  end: number
  /** The chord symbol the bar starts with, if any. */
  existing: string | null
  chord: string
}

export interface ChordRun {
  tune: TuneSpan
  key: string
  bars: BarChord[]
  /** The whole text with every suggestion in place. */
  withChords: string
}

/** Quoted strings (chord symbols, annotations): the model reads the bars without them. */
const QUOTED = /"[^"]*"/g
const LEADING_QUOTED = /^"([^"]*)"/

/** What the model reads of a piece of the musician's text: its dialect, no chord symbols, only characters it knows. */
const modelPiece = (model: SamplingModel, text: string): string => model.vocab.conform(toModelDialect(text.replace(QUOTED, '')).text).text

/** Which tune: its X: number, or a position in it (the editor's cursor); neither → the only tune. */
export type TuneChoice = number | { at: number } | undefined

export async function suggestChords(model: SamplingModel, text: string, which: TuneChoice, settings: ChordSettings): Promise<ChordRun> {
  const tunes = tuneSpans(text)
  if (tunes.length === 0) throw new SelectionError('The text has no tune (no X: line), so there is nothing to harmonise.')
  const tune = typeof which === 'object' ? tuneAt(tunes, which.at) : tuneByNumber(tunes, which)
  const tuneText = text.slice(tune.start, tune.end)
  const key = readHeaders(tuneText).key ?? ''
  const harmony = keyHarmony(key)
  if (!harmony) throw new SelectionError(`The key "K:${key}" names no tonic, so there is no harmony to choose from.`)
  const bars = locateBars(text, tune)
  if (bars.length === 0) throw new SelectionError('The tune has no bars of music yet.')
  const headerEnd = text.lastIndexOf('\n', bars[0].start) + 1
  const prefix = modelPiece(model, musicHeader(text.slice(tune.start, Math.max(tune.start, headerEnd)))) + modelPiece(model, text.slice(headerEnd, bars[0].start))
  const segments = bars.map((b, i) => modelPiece(model, text.slice(b.start, i + 1 < bars.length ? bars[i + 1].start : tune.end)))
  const harmonised = bars.map((b, i) => !(i === 0 && isShort(b)))
  const chosen = await decode(model, prefix, segments, harmonised, candidateChords(harmony), settings.beam)

  const result: BarChord[] = []
  bars.forEach((b, i) => {
    if (chosen[i] === null) return
    const m = LEADING_QUOTED.exec(text.slice(b.start))
    result.push({ bar: i + 1, start: b.start, end: m ? b.start + m[0].length : b.start, existing: m ? m[1] : null, chord: chosen[i]! })
  })
  let withChords = text
  for (const c of [...result].reverse()) withChords = withChords.slice(0, c.start) + `"${c.chord}"` + withChords.slice(c.end)
  return { tune, key, bars: result, withChords }
}

function tuneAt(tunes: TuneSpan[], at: number): TuneSpan {
  const tune = tunes.find((t) => at >= t.start && at <= t.end)
  if (!tune) throw new SelectionError('The cursor is outside every tune: put it in the tune to harmonise.')
  return tune
}

const isShort = (b: LocatedBar): boolean => !!b.record.meter.bar && cmp(b.record.length, b.record.meter.bar) < 0

interface Beam {
  bits: number
  chords: (string | null)[]
}

/** Beam search over the bars; returns the chord name per bar (null where none is chosen). */
async function decode(model: SamplingModel, prefix: string, segments: string[], harmonised: boolean[], chords: Chord[], width: number): Promise<(string | null)[]> {
  const { vocab } = model
  const C = chords.length
  const symbols = chords.map((c) => `"${c.name}"`)
  const pad = Math.max(...symbols.map((s) => s.length)) + PAD_MIN
  const padded = symbols.map((s) => vocab.encodeStrict(vocab.conform(' '.repeat(pad - s.length) + s).text))
  const rows = width * C
  const stepper = model.createStepper(rows + width)
  try {
    let logits = prime(stepper, vocab.encodeStrict(prefix))
    let beams: Beam[] = [{ bits: 0, chords: [] }]
    for (let i = 0; i < segments.length; i++) {
      const segment = vocab.encodeStrict(segments[i])
      if (!harmonised[i]) {
        logits = readAll(stepper, segment)
        beams = beams.map((b) => ({ ...b, chords: [...b.chords, null] }))
        continue
      }
      const bits = new Float64Array(rows)
      const sequences = Array.from({ length: rows }, (_, r) => {
        const c = padded[r % C]
        return Int32Array.from([...c, ...segment])
      })
      // Padding spaces are read but not scored.
      const scoredFrom = Array.from({ length: rows }, (_, r) => pad - symbols[r % C].length)
      logits = readRows(stepper, sequences, logits, bits, scoredFrom)
      const options: { beam: number; chord: number; bits: number }[] = []
      beams.forEach((b, k) => chords.forEach((_, c) => options.push({ beam: k, chord: c, bits: b.bits + bits[k * C + c] })))
      options.sort((a, b) => a.bits - b.bits)
      const kept = options.slice(0, width)
      // Park the kept rows' states in the spare rows, then fan each out to all candidates of its beam.
      kept.forEach((o, k) => stepper.copyRow(o.beam * C + o.chord, rows + k))
      kept.forEach((_, k) => chords.forEach((__, c) => stepper.copyRow(rows + k, k * C + c)))
      beams = kept.map((o) => ({ bits: o.bits, chords: [...beams[o.beam].chords, chords[o.chord].name] }))
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    return beams[0].chords
  } finally {
    model.releaseStepper?.(stepper)
    if (!model.releaseStepper) stepper.dispose()
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

/** Row r reads sequences[r] (all of one length; spare rows read row 0's), adding its surprise from scoredFrom[r] on. */
function readRows(stepper: LstmStepper, sequences: Int32Array[], logits: Float32Array, bits: Float64Array, scoredFrom: number[]): Float32Array {
  const V = stepper.vocabSize
  const tokens = new Int32Array(stepper.batchSize)
  let out = logits
  for (let t = 0; t < sequences[0].length; t++) {
    for (let r = 0; r < stepper.batchSize; r++) {
      const seq = sequences[r] ?? sequences[0]
      tokens[r] = seq[t]
      if (r < sequences.length && t >= scoredFrom[r]) bits[r] += surpriseBits(out, r * V, V, seq[t])
    }
    out = stepper.step(tokens)
  }
  return out
}
