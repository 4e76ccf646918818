/**
 * The voices, all synthesised by Tone.js (no samples, nothing downloaded): abcjs's own synth fetches
 * soundfonts from the internet, which the app must not need. The tune, the bass and the chords
 * each have their own voice; the tune and the backing their own level (the mix), and all of it a
 * little room reverb. Built on whatever Tone context is current, so the same voices render
 * offline for a WAV file.
 */
import * as Tone from 'tone'

/** Levels 0–1: the tune, the backing (bass and chords), and how much room (reverb wet). */
export interface Mix {
  melody: number
  backing: number
  reverb: number
}

export const DEFAULT_MIX: Mix = { melody: 0.8, backing: 0.6, reverb: 0.2 }

/** A small room: long enough to join the notes, short enough not to blur a reel. */
const REVERB_DECAY_S = 1.6

export interface Instruments {
  /** A bright, slightly nasal FM voice with a quick bow-like attack: the tune. */
  melody: Tone.PolySynth<Tone.FMSynth>
  /** A soft plucked triangle: the chord strokes. */
  chords: Tone.PolySynth<Tone.Synth>
  /** A round low voice under the chords. */
  bass: Tone.PolySynth<Tone.Synth>
  /** Resolves when the reverb's room is built (a few ms, offline). */
  ready: Promise<void>
  setMix(mix: Mix): void
  releaseAll(): void
  dispose(): void
}

/** A 0–1 level as decibels (0 is silent). */
export function levelToDb(level: number): number {
  return level <= 0 ? -Infinity : 20 * Math.log10(Math.min(1, level))
}

interface BackingVoice {
  wave: 'triangle' | 'sine'
  /** Seconds, and the sustain level 0–1. */
  envelope: { attack: number; decay: number; sustain: number; release: number }
  /** Decibels. */
  volume: number
  /** Notes sounding at once (a chord stroke is three or four). */
  maxPolyphony: number
}

/** A plain synth voice of the backing (chords, bass), into the backing's level. */
function backingVoice({ wave, envelope, volume, maxPolyphony }: BackingVoice, level: Tone.Volume): Tone.PolySynth<Tone.Synth> {
  const voice = new Tone.PolySynth(Tone.Synth, { oscillator: { type: wave }, envelope, volume }).connect(level)
  voice.maxPolyphony = maxPolyphony
  return voice
}

export function createInstruments(mix: Mix = DEFAULT_MIX): Instruments {
  const reverb = new Tone.Reverb({ decay: REVERB_DECAY_S, wet: mix.reverb }).toDestination()
  const melodyLevel = new Tone.Volume(levelToDb(mix.melody)).connect(reverb)
  const backingLevel = new Tone.Volume(levelToDb(mix.backing)).connect(reverb)
  // Rounding off the FM harmonics keeps fast runs from sounding harsh.
  const tone = new Tone.Filter({ frequency: 3800, type: 'lowpass', rolloff: -12 }).connect(melodyLevel)
  const melody = new Tone.PolySynth(Tone.FMSynth, {
    harmonicity: 2,
    modulationIndex: 3,
    oscillator: { type: 'sine' },
    modulation: { type: 'triangle' },
    envelope: { attack: 0.015, decay: 0.12, sustain: 0.65, release: 0.18 },
    modulationEnvelope: { attack: 0.03, decay: 0.2, sustain: 0.4, release: 0.2 },
    volume: -10,
  }).connect(tone)
  melody.maxPolyphony = 24

  const chords = backingVoice({ wave: 'triangle', envelope: { attack: 0.005, decay: 0.25, sustain: 0.2, release: 0.4 }, volume: -18, maxPolyphony: 24 }, backingLevel)
  const bass = backingVoice({ wave: 'sine', envelope: { attack: 0.01, decay: 0.4, sustain: 0.5, release: 0.3 }, volume: -8, maxPolyphony: 8 }, backingLevel)

  return {
    melody,
    chords,
    bass,
    ready: reverb.ready,
    setMix(next) {
      melodyLevel.volume.value = levelToDb(next.melody)
      backingLevel.volume.value = levelToDb(next.backing)
      reverb.wet.value = next.reverb
    },
    releaseAll() {
      melody.releaseAll()
      chords.releaseAll()
      bass.releaseAll()
    },
    dispose() {
      for (const node of [melody, chords, bass, tone, melodyLevel, backingLevel, reverb]) node.dispose()
    },
  }
}

/**
 * A woodblock-like click for the count-in and the metronome, a new one per run so that stopping
 * silences the clicks already scheduled (disposing disconnects them).
 */
export function createClick(): Tone.MembraneSynth {
  return new Tone.MembraneSynth({
    pitchDecay: 0.008,
    octaves: 2,
    envelope: { attack: 0.001, decay: 0.08, sustain: 0, release: 0.02 },
    volume: -8,
  }).toDestination()
}
