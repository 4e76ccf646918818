/**
 * The shipped instrument samples (src-shared/audio/samples.ts): every named note is a file in its
 * installed package, no note in range is far from a sample, and a piece keeps
 * its instruments in its params (and a new variation carries them over with the feel).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Tone from 'tone'
import { SAMPLE_SETS, sampleFileName, shippedSamples, type SampleSet } from '../../../../src-shared/audio/samples'
import { soundsParam, withPlayback, withSounds } from '../../../../src-renderer/src/playback/piece-sounds'
import { withFeel } from '../../../../src-renderer/src/playback/timing/feel'

const require = createRequire(import.meta.url)
const packageDir = (pkg: string): string => path.dirname(require.resolve(`${pkg}/package.json`))
const midi = (note: string): number => Tone.Frequency(note).toMidi()

describe('shipped samples', () => {
  it.each(Object.keys(SAMPLE_SETS) as SampleSet[])('%s: every shipped note is in the installed package', (set) => {
    const { pkg, notes } = SAMPLE_SETS[set]
    for (const note of notes) expect(existsSync(path.join(packageDir(pkg), sampleFileName(note))), `${pkg} ${note}`).toBe(true)
    // The packages say MIT for themselves; the samples' own licence is in the README (CC-BY 3.0).
    expect((JSON.parse(readFileSync(path.join(packageDir(pkg), 'package.json'), 'utf8')) as { license: string }).license).toBe('MIT')
  })

  it.each(Object.keys(SAMPLE_SETS) as SampleSet[])('%s: notes rise at most a fourth apart, so no note in range is repitched by more than two semitones and a half', (set) => {
    const steps = SAMPLE_SETS[set].notes.map(midi)
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i] - steps[i - 1]).toBeGreaterThan(0)
      expect(steps[i] - steps[i - 1]).toBeLessThanOrEqual(5)
    }
  })

  it('ships about 13 MiB in all, the size the README states', () => {
    const bytes = shippedSamples().reduce((sum, s) => sum + statSync(path.join(packageDir(s.pkg), sampleFileName(s.note))).size, 0)
    expect(bytes / 2 ** 20).toBeGreaterThan(12)
    expect(bytes / 2 ** 20).toBeLessThan(14)
  })
})

describe('a piece keeps its instruments', () => {
  it('in its params, read back; unknown names fall back to the defaults', () => {
    const params = withSounds({ temperature: 0.8 }, { melody: 'accordion', backing: 'piano' })
    expect(params).toEqual({ temperature: 0.8, playbackSound: 'accordion', playbackBacking: 'piano' })
    expect(soundsParam(params)).toEqual({ melody: 'accordion', backing: 'piano' })
    expect(soundsParam({ temperature: 0.8 })).toBeNull()
    expect(soundsParam({ playbackSound: 'banjo' })).toEqual({ melody: 'fiddle', backing: 'guitar' })
  })

  it('carried over with the feel into a new variation\'s params, and nothing else of the old ones', () => {
    const old = withFeel(withSounds({ seed: 1, variation: 2 }, { melody: 'flute', backing: 'synth' }), 1.5)
    expect(withPlayback({ seed: 9 }, old)).toEqual({ seed: 9, playbackFeel: 1.5, playbackSound: 'flute', playbackBacking: 'synth' })
    expect(withPlayback({ seed: 9 }, undefined)).toEqual({ seed: 9 })
  })
})
