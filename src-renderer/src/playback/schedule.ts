/**
 * Puts a timeline on a Tone.js transport: the live player's and the offline renderer's (WAV
 * export), so what is exported is what is heard. Times are transport ticks (whole notes × 4 ×
 * PPQ): a tempo change is the transport's bpm alone.
 */
import * as Tone from 'tone'
import type { Instruments } from './instruments'
import type { Beat } from './timing/practice'
import type { PlayNote, Timeline } from './timing/timeline'

type Transport = ReturnType<typeof Tone.getTransport>

export function ticks(transport: Transport, wholeNotes: number): string {
  return `${Math.round(wholeNotes * 4 * transport.PPQ)}i`
}

export interface ScheduleHooks {
  /** Called as each melody note sounds (the live player's highlight). */
  melodyNote?(note: PlayNote, time: number): void
  /** Read as each backing note is due, so the backing can be switched while playing. */
  backingOn(): boolean
}

export function scheduleNotes(transport: Transport, voices: Instruments, timeline: Timeline, hooks: ScheduleHooks): void {
  for (const note of timeline.melody) {
    const frequency = Tone.Frequency(note.pitch, 'midi').toFrequency()
    const duration = ticks(transport, note.duration)
    transport.schedule((time) => {
      voices.melody.triggerAttackRelease(frequency, duration, time, note.velocity)
      hooks.melodyNote?.(note, time)
    }, ticks(transport, note.start))
  }
  for (const note of timeline.accompaniment) {
    const frequency = Tone.Frequency(note.pitch, 'midi').toFrequency()
    const duration = ticks(transport, note.duration)
    const voice = note.bass ? voices.bass : voices.chords
    transport.schedule((time) => {
      if (hooks.backingOn()) voice.triggerAttackRelease(frequency, duration, time, note.velocity)
    }, ticks(transport, note.start))
  }
}

/** Clicks on the beats, read at play time so the metronome can be switched while playing. */
export function scheduleMetronome(transport: Transport, click: Tone.MembraneSynth, beats: readonly Beat[], on: () => boolean): void {
  for (const beat of beats) {
    transport.schedule((time) => {
      if (on()) click.triggerAttackRelease(beat.downbeat ? 'C6' : 'G5', 0.05, time, beat.downbeat ? 1 : 0.7)
    }, ticks(transport, beat.at))
  }
}
