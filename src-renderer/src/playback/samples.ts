/**
 * Loads and decodes an instrument's shipped samples once per page, when the instrument is chosen
 * (not at Play: decoding a set takes longer than the first note may wait). The files sit beside
 * index.html (samples/<set>/, put there by the build), read with XMLHttpRequest: Electron's
 * fetch refuses file:// URLs, XHR reads them from a file:// page, and both work over http.
 */
import * as Tone from 'tone'
import { BACKING_SOUNDS, MELODY_SOUNDS, SAMPLE_SETS, samplePath, type SampleSet, type Sounds } from '../../../src-shared/audio/samples'

/** Decoded samples of one set, by note name (Tone.Sampler's zones). */
export type SampleBuffers = Record<string, AudioBuffer>

/** Decoded samples for the tune's and the backing's voices; a part without any is synthesised. */
export interface VoiceSamples {
  melody: SampleBuffers | null
  backing: SampleBuffers | null
}

/** The samples of the chosen sounds, and in words why a part plays the synth instead, if one does. */
export interface LoadedSounds {
  samples: VoiceSamples
  problem: string | null
}

const loading = new Map<SampleSet, Promise<SampleBuffers>>()

function readBytes(url: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('GET', url)
    request.responseType = 'arraybuffer'
    // file:// answers status 0 with the bytes; http answers 200.
    request.onload = () => (request.status === 200 || (request.status === 0 && request.response) ? resolve(request.response as ArrayBuffer) : reject(new Error(`${url}: HTTP ${request.status}`)))
    request.onerror = () => reject(new Error(`${url} could not be read`))
    request.send()
  })
}

async function decodeSet(set: SampleSet): Promise<SampleBuffers> {
  const context = Tone.getContext()
  const entries = await Promise.all(
    SAMPLE_SETS[set].notes.map(async (note) => {
      const url = new URL(samplePath(set, note), document.baseURI).href
      return [note, await context.decodeAudioData(await readBytes(url))] as const
    }),
  )
  return Object.fromEntries(entries)
}

/** The set's decoded samples; one load per page, shared by every player. A failed load is retried next time. */
export function loadSamples(set: SampleSet): Promise<SampleBuffers> {
  let pending = loading.get(set)
  if (!pending) {
    pending = decodeSet(set)
    loading.set(set, pending)
    pending.catch(() => loading.delete(set))
  }
  return pending
}

async function partSamples(set: SampleSet | null, name: string, problems: string[]): Promise<SampleBuffers | null> {
  if (!set) return null
  try {
    return await loadSamples(set)
  } catch (err) {
    problems.push(`The ${name} samples could not be loaded (${err instanceof Error ? err.message : String(err)}); the synth plays instead.`)
    return null
  }
}

/** Loads both parts' samples; a part whose samples fail falls back to the synth, and says so. */
export async function loadSounds(sounds: Sounds): Promise<LoadedSounds> {
  const problems: string[] = []
  const [melody, backing] = await Promise.all([
    partSamples(MELODY_SOUNDS[sounds.melody], sounds.melody, problems),
    partSamples(BACKING_SOUNDS[sounds.backing], `${sounds.backing} backing`, problems),
  ])
  return { samples: { melody, backing }, problem: problems.length > 0 ? problems.join(' ') : null }
}
