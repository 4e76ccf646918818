/**
 * The voices, all synthesised by Tone.js (no samples, nothing downloaded): abcjs's own synth fetches
 * soundfonts from the internet, which the app must not need.
 */
import * as Tone from 'tone'

export interface Instruments {
  /** A bright, slightly nasal FM voice with a quick bow-like attack: the tune. */
  melody: Tone.PolySynth<Tone.FMSynth>
  /** A soft triangle pad, plucked short by abcjs's chord pattern: bass and chords. */
  chords: Tone.PolySynth<Tone.Synth>
  dispose(): void
}

export function createInstruments(): Instruments {
  // Rounding off the FM harmonics keeps fast runs from sounding harsh.
  const tone = new Tone.Filter({ frequency: 3800, type: 'lowpass', rolloff: -12 }).toDestination()
  const melody = new Tone.PolySynth(Tone.FMSynth, {
    harmonicity: 2,
    modulationIndex: 3,
    oscillator: { type: 'sine' },
    modulation: { type: 'triangle' },
    envelope: { attack: 0.015, decay: 0.12, sustain: 0.65, release: 0.18 },
    modulationEnvelope: { attack: 0.03, decay: 0.2, sustain: 0.4, release: 0.2 },
    volume: -10,
  }).connect(tone)
  melody.maxPolyphony = 16

  const chords = new Tone.PolySynth(Tone.Synth, {
    oscillator: { type: 'triangle' },
    envelope: { attack: 0.02, decay: 0.3, sustain: 0.35, release: 0.6 },
    volume: -20,
  }).toDestination()
  chords.maxPolyphony = 24

  return {
    melody,
    chords,
    dispose() {
      melody.dispose()
      chords.dispose()
      tone.dispose()
    },
  }
}

/**
 * A woodblock-like click for the count-in, a new one per count-in so that stopping during the
 * count-in silences the clicks already scheduled (disposing disconnects them).
 */
export function createClick(): Tone.MembraneSynth {
  return new Tone.MembraneSynth({
    pitchDecay: 0.008,
    octaves: 2,
    envelope: { attack: 0.001, decay: 0.08, sustain: 0, release: 0.02 },
    volume: -8,
  }).toDestination()
}
