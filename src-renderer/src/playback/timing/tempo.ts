/**
 * Tempo as musicians write it (beats of a note value per minute, `Q:3/8=110`) and as Tone.js's
 * transport counts it (quarter notes per minute), plus the beat structure of a meter for the
 * count-in. Pure functions; no audio.
 */

/** `bpm` beats per minute, each beat `beat` whole notes long (3/8 for a jig's dotted crotchet). */
export interface Tempo {
  beat: number
  bpm: number
}

export interface Meter {
  num: number
  den: number
}

/** The slowest and fastest the transport accepts, in the tempo's own beats per minute. */
export const TEMPO_RANGE = { min: 20, max: 400 } as const

/** Compound meters (6/8, 9/8, 12/8, 6/4) beat in dotted notes: three written units per beat. */
function isCompound(meter: Meter): boolean {
  return meter.num >= 6 && meter.num % 3 === 0 && meter.den >= 4
}

/**
 * A comfortable playing speed when the tune has no `Q:` (the Nottingham files have almost none):
 * dance-tune tempos on the slow side of session speed, so a learner can follow the highlight.
 */
export function defaultTempo(meter: Meter): Tempo {
  if (isCompound(meter)) return { beat: 3 / meter.den, bpm: meter.den === 4 ? 60 : 110 }
  if (meter.den === 2) return { beat: 1 / 2, bpm: 90 }
  if (meter.num === 4 && meter.den === 4) return { beat: 1 / 4, bpm: 160 }
  if (meter.num === 2 && meter.den === 4) return { beat: 1 / 4, bpm: 110 }
  if (meter.num === 3 && meter.den === 4) return { beat: 1 / 4, bpm: 130 }
  return { beat: 1 / meter.den, bpm: 120 }
}

/**
 * The tune's `Q:` as abcjs parsed it (`duration` is a list of note values that add up to one
 * beat, e.g. `Q:1/8 3/8=40`), or the meter's default when there is none or it gives no bpm.
 */
export function tuneTempo(q: { duration?: number[]; bpm?: number } | undefined, meter: Meter): Tempo {
  const beat = (q?.duration ?? []).reduce((sum, d) => sum + d, 0)
  if (q?.bpm && q.bpm > 0) return { beat: beat > 0 ? beat : 1 / 4, bpm: clampBpm(q.bpm) }
  return defaultTempo(meter)
}

export function clampBpm(bpm: number): number {
  if (!Number.isFinite(bpm)) return TEMPO_RANGE.min
  return Math.min(TEMPO_RANGE.max, Math.max(TEMPO_RANGE.min, Math.round(bpm)))
}

/** Tone.js's transport counts quarter notes per minute. */
export function quarterBpm(tempo: Tempo): number {
  return tempo.bpm * tempo.beat * 4
}

/** Seconds that `wholeNotes` take at this tempo. */
export function wholeNotesToSeconds(wholeNotes: number, tempo: Tempo): number {
  return (wholeNotes * 4 * 60) / quarterBpm(tempo)
}

/**
 * The count-in: one bar of clicks, one per beat of the meter (two for 6/8, three for 9/8, four
 * for 4/4, two for 2/2). Returns click times in whole notes from the start of the count-in and
 * whether each is the bar's downbeat; `length` is the bar, where the music starts.
 */
export function countIn(meter: Meter): { clicks: Array<{ at: number; downbeat: boolean }>; length: number } {
  const beats = isCompound(meter) ? meter.num / 3 : meter.num
  const beatLength = isCompound(meter) ? 3 / meter.den : 1 / meter.den
  const clicks = Array.from({ length: beats }, (_, i) => ({ at: i * beatLength, downbeat: i === 0 }))
  return { clicks, length: beats * beatLength }
}

/** How the tempo is labelled: "♩ = 160", "♩. = 110", "𝅗𝅥 = 90", or "3/8 = 110" for odd beats. */
export function beatLabel(beat: number): string {
  const names: Array<[number, string]> = [
    [1 / 4, '♩'],
    [3 / 8, '♩.'],
    [1 / 2, '𝅗𝅥'],
    [3 / 4, '𝅗𝅥.'],
    [1 / 8, '♪'],
  ]
  const hit = names.find(([value]) => Math.abs(value - beat) < 1e-6)
  if (hit) return hit[1]
  // A fraction with a small denominator, e.g. 3/16.
  for (let den = 1; den <= 64; den *= 2) {
    const num = beat * den
    if (Math.abs(num - Math.round(num)) < 1e-6) return `${Math.round(num)}/${den}`
  }
  return beat.toFixed(3)
}
