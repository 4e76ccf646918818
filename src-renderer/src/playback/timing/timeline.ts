/**
 * abcjs's own timing → a plain list of what to play and when, in whole notes from the start.
 *
 * `visualObj.setUpAudio()` already expands repeats and first/second endings, applies tuplets and
 * merges tied notes into one held note (ties between different pitches are undone first: see
 * ties.ts), and adds abcjs's chord track (bass + chord from the chord symbols, in the tune
 * type's pattern: backing.ts). The tune type's feel (feel.ts) and the ornaments (ornaments.ts)
 * are then applied to what abcjs wrote. Bar boundaries are not in its output, so they are
 * read from `abcjs.synth.sequence()`, the same expanded sequence setUpAudio is built from.
 * No DOM and no audio here: this runs in Node on `abcjs.parseOnly` output as well.
 */
import abcjs, { type AudioTrackNoteItem, type AudioTracks, type TuneObject } from 'abcjs'
import { untieDifferentPitches } from './ties'
import { BASS_PROGRAM, CHORD_PROGRAM, backingFor, type Backing } from './backing'
import { clampFeel, FEEL_AMOUNT, feelFor, feelWarp, type Feel, type TimeWarp } from './feel'
import { graced, keyScale, roll, staccato, trill, withOrnamentsLifted, type OrnamentKind, type Span, type Stroke } from './ornaments'

/** One sounding note. Times are in whole notes (1 = a semibreve), independent of tempo. */
export interface PlayNote {
  start: number
  duration: number
  /** MIDI note number. */
  pitch: number
  /** 0–1, from abcjs's volume (accents, beat emphasis). */
  velocity: number
  /** Where the note is written in the ABC text; absent for accompaniment. */
  startChar?: number
  endChar?: number
  /** A grace note abcjs wrote before the next written note. */
  grace?: boolean
  /** A passing note of an ornament (a roll's cut or tap, a trill's upper note, a grace note). */
  ornament?: true
  /** A backing note played by the bass rather than the chord instrument. */
  bass?: true
}

/** A bar as played (repeats expanded), numbered from 1; a pickup bar is number 0. */
export interface PlayedBar {
  number: number
  start: number
  end: number
}

export interface Timeline {
  melody: PlayNote[]
  accompaniment: PlayNote[]
  bars: PlayedBar[]
  /** Whole notes from the start to the end of the last bar. */
  total: number
  /** The tune type's feel (from R: and the metre) and how much of it is played. */
  feel: Feel
  feelAmount: number
  /** The backing pattern played from the chord symbols; null when abcjs's default is used. */
  backing: Backing | null
}

export interface TimelineOptions {
  /** How much of the tune type's swing or lilt to play: 0 straight … 1 as the type … 2 double. */
  feelAmount?: number
}

/** Float noise from abcjs's rounding (tuplets give 0.083333 + 0.083334). */
const EPSILON = 1e-4

function isNote(item: AudioTracks['tracks'][number][number]): item is AudioTrackNoteItem {
  return item.cmd === 'note'
}

function toPlayNote(item: AudioTrackNoteItem & { style?: string }): PlayNote {
  const note: PlayNote = {
    start: item.start,
    duration: item.duration,
    pitch: item.pitch,
    velocity: Math.min(1, Math.max(0, item.volume / 127)),
  }
  if (typeof item.startChar === 'number') {
    note.startChar = item.startChar
    note.endChar = item.endChar
  }
  if (item.style === 'grace') note.grace = true
  if (item.startChar === undefined && item.instrument === BASS_PROGRAM) note.bass = true
  return note
}

/**
 * Splits setUpAudio's tracks: the written voices carry startChar/endChar on their notes, the
 * chord track abcjs appends after them does not.
 */
export function splitTracks(audio: AudioTracks): Pick<Timeline, 'melody' | 'accompaniment'> {
  const melody: PlayNote[] = []
  const accompaniment: PlayNote[] = []
  for (const track of audio.tracks) {
    const notes = track.filter(isNote).map(toPlayNote).sort(byStart)
    const written = notes.some((n) => n.startChar !== undefined)
    if (written) melody.push(...endSingleNotesByNextOnset(notes))
    else accompaniment.push(...notes)
  }
  return { melody: melody.sort(byStart), accompaniment: accompaniment.sort(byStart) }
}

function byStart(a: PlayNote, b: PlayNote): number {
  return a.start - b.start || a.pitch - b.pitch
}

/**
 * A single note of a voice ends when the voice's next note starts. abcjs 6.7 sometimes holds a
 * tied note far too long when the tie leads into a repeat's endings (`G4-|[1G2 ... :|[2G2`: on
 * the second time through the G is held 3 whole notes, over the next bars). Notes of a chord are
 * left alone: one of them may rightly be held into the next chord (`[e3-c3][e2c2]`).
 */
export function endSingleNotesByNextOnset(voice: readonly PlayNote[]): PlayNote[] {
  const onsets = [...new Set(voice.map((n) => n.start))].sort((a, b) => a - b)
  const perOnset = new Map<number, number>()
  for (const n of voice) perOnset.set(n.start, (perOnset.get(n.start) ?? 0) + 1)
  let next = 0
  return voice.map((note) => {
    while (next < onsets.length && onsets[next] <= note.start + EPSILON) next++
    const nextOnset = onsets[next]
    if (perOnset.get(note.start) !== 1 || nextOnset === undefined) return note
    if (note.start + note.duration <= nextOnset + EPSILON) return note
    return { ...note, duration: round(nextOnset - note.start) }
  })
}

interface SequenceItem {
  el_type: string
  duration?: number
}

/**
 * Bar spans from the first voice of abcjs's expanded sequence: durations add up between `bar`
 * items. abcjs also inserts bar markers of its own (to reset accidentals), so empty bars are
 * dropped. A first bar shorter than the meter's is a pickup and is numbered 0.
 */
export function playedBars(sequence: ReadonlyArray<ReadonlyArray<SequenceItem>>, barLength: number): PlayedBar[] {
  const voice = sequence[0] ?? []
  const spans: Array<[number, number]> = []
  let time = 0
  let barStart = 0
  for (const item of voice) {
    if (item.el_type === 'note' && typeof item.duration === 'number') {
      time += item.duration
    } else if (item.el_type === 'bar') {
      if (time - barStart > EPSILON) spans.push([barStart, time])
      barStart = time
    }
  }
  if (time - barStart > EPSILON) spans.push([barStart, time])
  const pickup = spans.length > 1 && spans[0][1] - spans[0][0] < barLength - EPSILON
  return spans.map(([start, end], i) => ({ number: pickup ? i : i + 1, start: round(start), end: round(end) }))
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

/** The whole timeline of a parsed or drawn tune, played with its tune type's feel and ornaments. */
export function buildTimeline(tune: TuneObject, options: TimelineOptions = {}): Timeline {
  untieDifferentPitches(tune)
  const fraction = tune.getMeterFraction()
  const meter = fraction?.num && fraction.den ? { num: fraction.num, den: fraction.den } : { num: 4, den: 4 }
  const rhythm = tune.metaText.rhythm
  const backing = backingFor(rhythm, meter)
  const programs = { bassprog: BASS_PROGRAM, chordprog: CHORD_PROGRAM }
  const { result: audio, ornaments } = withOrnamentsLifted(tune, () =>
    tune.setUpAudio(backing ? { ...programs, gchord: backing.gchord } : programs),
  )
  const written = splitTracks(audio)
  // abcjs's typings declare the options as visual params; the sequencer reads none we need.
  const sequence = abcjs.synth.sequence(tune, {}) as unknown as SequenceItem[][]
  const barLength = meter.num / meter.den
  const bars = playedBars(sequence, barLength)
  const feel = feelFor(rhythm, meter)
  const feelAmount = clampFeel(options.feelAmount ?? FEEL_AMOUNT.default)
  const warp = feelWarp(feel, feelAmount, bars, barLength)
  const scale = keyScale(tune.getKeySignature()?.accidentals ?? [])
  const melody = performMelody(written.melody, { warp, ornaments, scale })
  const accompaniment = written.accompaniment.map((n) => warpNote(n, warp))
  const lastNoteEnd = melody.reduce((end, n) => Math.max(end, n.start + n.duration), 0)
  const total = Math.max(lastNoteEnd, bars.at(-1)?.end ?? 0)
  return { melody, accompaniment, bars, total, feel, feelAmount, backing }
}

function warpNote(note: PlayNote, warp: TimeWarp): PlayNote {
  const start = warp(note.start)
  return { ...note, start: round(start), duration: round(warp(note.start + note.duration) - start) }
}

interface Performance {
  warp: TimeWarp
  ornaments: ReadonlyMap<number, OrnamentKind>
  scale: readonly number[]
}

/**
 * The written notes as played: each note's written span (graces included) moved by the feel,
 * then its ornament laid out inside the played span. Every stroke keeps the written note's
 * place in the text, so the score highlights the note while its ornament sounds.
 */
export function performMelody(notes: readonly PlayNote[], perf: Performance): PlayNote[] {
  const out: PlayNote[] = []
  let graces: PlayNote[] = []
  for (const note of notes) {
    if (note.grace) {
      graces.push(note)
      continue
    }
    const own = graces.filter((g) => Math.abs(g.start + g.duration - note.start) < EPSILON || g.start < note.start)
    graces = graces.filter((g) => !own.includes(g))
    const writtenStart = own.length > 0 ? Math.min(...own.map((g) => g.start)) : note.start
    const from = perf.warp(writtenStart)
    const span: Span = { start: from, duration: perf.warp(note.start + note.duration) - from }
    const kind = note.startChar === undefined ? undefined : perf.ornaments.get(note.startChar)
    for (const stroke of strokesOf(span, note.pitch, kind, own.map((g) => g.pitch), perf.scale)) {
      out.push({
        ...note,
        start: round(stroke.start),
        duration: round(stroke.duration),
        pitch: stroke.pitch,
        velocity: stroke.main ? note.velocity : note.velocity * GRACE_VELOCITY,
        ...(stroke.main ? {} : { ornament: true }),
      })
    }
  }
  for (const g of graces) out.push(warpNote(g, perf.warp))
  return out.sort(byStart)
}

/** Ornament strokes are played a little softer than the note they decorate. */
const GRACE_VELOCITY = 0.8

function strokesOf(span: Span, pitch: number, kind: OrnamentKind | undefined, graces: number[], scale: readonly number[]): Stroke[] {
  if (kind === 'roll') return roll(span, pitch, scale)
  if (kind === 'trill') return trill(span, pitch, scale)
  const strokes = graces.length > 0 ? graced(span, pitch, graces) : [{ ...span, pitch, main: true }]
  if (kind !== 'staccato') return strokes
  const last = strokes.pop()!
  return [...strokes, ...staccato(last, pitch)]
}
