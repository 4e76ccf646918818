/**
 * The voices: recorded instruments (Tone.Sampler over the samples shipped with the app, see
 * samples.ts) or, when none is chosen or its samples did not load, Tone.js synths. Nothing is
 * downloaded: abcjs's own synth fetches soundfonts from the internet, which the app must not need.
 * The tune, the bass and the chords each have their own voice; the tune and the backing their own
 * level (the mix), and all of it a little room reverb. Built on whatever Tone context is current,
 * so the same voices render offline for a WAV file.
 */
import * as Tone from 'tone'
import type { SampleBuffers, VoiceSamples } from './samples'

/** Levels 0–1: the tune, the backing (bass and chords), and how much room (reverb wet). */
export interface Mix {
  melody: number
  backing: number
  reverb: number
}

export const DEFAULT_MIX: Mix = { melody: 0.8, backing: 0.6, reverb: 0.2 }

/** A small room: long enough to join the notes, short enough not to blur a reel. */
const REVERB_DECAY_S = 1.6

/** What the schedule plays a note on: a synth or a sampler. */
export interface Voice {
  triggerAttackRelease(note: Tone.Unit.Frequency, duration: Tone.Unit.Time, time?: Tone.Unit.Time, velocity?: number): unknown
  releaseAll(): unknown
  dispose(): unknown
}

export interface Instruments {
  /** The tune: the chosen instrument, or a bright, slightly nasal FM voice with a bow-like attack. */
  melody: Voice
  /** The chord strokes: the backing instrument, or a soft plucked triangle. */
  chords: Voice
  /** The bass under the chords: the backing instrument, or a round low sine. */
  bass: Voice
  /** Resolves when the reverb's room is built (a few ms, offline). */
  ready: Promise<void>
  /** The samples the voices play (none: synths). */
  samples: VoiceSamples
  /** New voices for other samples, into the same levels and room (which take longest to build). */
  setSamples(samples: VoiceSamples): void
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

/**
 * A recorded instrument: each note repitched from the nearest sample, cut off after its written
 * length with a short release (a bow lifted, a key let go), so runs stay clean.
 */
function sampledVoice(buffers: SampleBuffers, volume: number, level: Tone.ToneAudioNode): Tone.Sampler {
  return new Tone.Sampler({ urls: buffers, attack: 0.005, release: 0.12, volume }).connect(level)
}

/** Levels of the sampled voices (dB): the recordings are louder than the synths. */
const SAMPLED_DB = { melody: -4, chords: -14, bass: -6 }

/** The FM voice of the tune, rounded off by a low-pass so fast runs do not sound harsh. */
function synthMelody(level: Tone.ToneAudioNode): { voice: Tone.PolySynth<Tone.FMSynth>; filter: Tone.Filter } {
  const filter = new Tone.Filter({ frequency: 3800, type: 'lowpass', rolloff: -12 }).connect(level)
  const voice = new Tone.PolySynth(Tone.FMSynth, {
    harmonicity: 2,
    modulationIndex: 3,
    oscillator: { type: 'sine' },
    modulation: { type: 'triangle' },
    envelope: { attack: 0.015, decay: 0.12, sustain: 0.65, release: 0.18 },
    modulationEnvelope: { attack: 0.03, decay: 0.2, sustain: 0.4, release: 0.2 },
    volume: -10,
  }).connect(filter)
  voice.maxPolyphony = 24
  return { voice, filter }
}

/** The three voices for `samples`, into the tune's and the backing's levels. */
function createVoices(samples: VoiceSamples, melodyLevel: Tone.Volume, backingLevel: Tone.Volume): { melody: Voice; chords: Voice; bass: Voice; parts: { dispose(): unknown }[] } {
  const tune = samples.melody ? { voice: sampledVoice(samples.melody, SAMPLED_DB.melody, melodyLevel), filter: null } : synthMelody(melodyLevel)
  const chords = samples.backing
    ? sampledVoice(samples.backing, SAMPLED_DB.chords, backingLevel)
    : backingVoice({ wave: 'triangle', envelope: { attack: 0.005, decay: 0.25, sustain: 0.2, release: 0.4 }, volume: -18, maxPolyphony: 24 }, backingLevel)
  const bass = samples.backing
    ? sampledVoice(samples.backing, SAMPLED_DB.bass, backingLevel)
    : backingVoice({ wave: 'sine', envelope: { attack: 0.01, decay: 0.4, sustain: 0.5, release: 0.3 }, volume: -8, maxPolyphony: 8 }, backingLevel)
  return { melody: tune.voice, chords, bass, parts: [tune.voice, chords, bass, ...(tune.filter ? [tune.filter] : [])] }
}

export function createInstruments(mix: Mix = DEFAULT_MIX, samples: VoiceSamples = { melody: null, backing: null }): Instruments {
  const reverb = new Tone.Reverb({ decay: REVERB_DECAY_S, wet: mix.reverb }).toDestination()
  const melodyLevel = new Tone.Volume(levelToDb(mix.melody)).connect(reverb)
  const backingLevel = new Tone.Volume(levelToDb(mix.backing)).connect(reverb)
  let voices = createVoices(samples, melodyLevel, backingLevel)

  const instruments: Instruments = {
    melody: voices.melody,
    chords: voices.chords,
    bass: voices.bass,
    ready: reverb.ready,
    samples,
    setSamples(next) {
      for (const part of voices.parts) part.dispose()
      voices = createVoices(next, melodyLevel, backingLevel)
      Object.assign(instruments, { melody: voices.melody, chords: voices.chords, bass: voices.bass, samples: next })
    },
    setMix(next) {
      melodyLevel.volume.value = levelToDb(next.melody)
      backingLevel.volume.value = levelToDb(next.backing)
      reverb.wet.value = next.reverb
    },
    releaseAll() {
      for (const voice of [voices.melody, voices.chords, voices.bass]) voice.releaseAll()
    },
    dispose() {
      for (const node of [...voices.parts, melodyLevel, backingLevel, reverb]) node.dispose()
    },
  }
  return instruments
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
