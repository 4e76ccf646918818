/**
 * Where in the timeline things are: the loop range for a run of bars, where playing from a clicked
 * note starts, which bar and which note sound at a given moment. Pure; times in whole notes.
 */
import type { PlayNote, PlayedBar, Timeline } from './timeline'

export interface TimeRange {
  start: number
  end: number
}

/**
 * Bars `from` to `to` (played bar numbers, inclusive, either order) as a time range, or null when
 * either number is not a bar of this tune.
 */
export function loopRange(bars: readonly PlayedBar[], from: number, to: number): TimeRange | null {
  const first = bars.find((b) => b.number === Math.min(from, to))
  const last = bars.find((b) => b.number === Math.max(from, to))
  if (!first || !last) return null
  return { start: first.start, end: last.end }
}

/**
 * When the note written at `startChar` first sounds. A tied continuation or a rest has no sound
 * of its own, so the next written note that sounds is taken. Null past the last note.
 */
export function startOfChar(melody: readonly PlayNote[], startChar: number): number | null {
  let best: PlayNote | null = null
  for (const note of melody) {
    if (note.startChar === undefined || note.startChar < startChar) continue
    if (
      !best ||
      note.startChar < (best.startChar ?? Infinity) ||
      (note.startChar === best.startChar && note.start < best.start)
    ) {
      best = note
    }
  }
  return best ? best.start : null
}

/** The bar sounding at `time` (the last bar once past the end); null for an empty tune. */
export function barAt(bars: readonly PlayedBar[], time: number): PlayedBar | null {
  if (bars.length === 0) return null
  let lo = 0
  let hi = bars.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (bars[mid].start <= time + 1e-9) lo = mid
    else hi = mid - 1
  }
  return bars[lo]
}

/** The melody note that starts last at or before `time` and still sounds then, if any. */
export function noteAt(melody: readonly PlayNote[], time: number): PlayNote | null {
  let found: PlayNote | null = null
  for (const note of melody) {
    if (note.start > time + 1e-9) break
    if (note.start + note.duration > time + 1e-9 && note.startChar !== undefined) found = note
  }
  return found
}

/** Clamps a start position into the tune (and into the loop when one is set). */
export function clampStart(timeline: Pick<Timeline, 'total'>, time: number, loop: TimeRange | null): number {
  const t = Math.min(Math.max(0, time), timeline.total)
  if (!loop) return t >= timeline.total ? 0 : t
  return t >= loop.start && t < loop.end ? t : loop.start
}
