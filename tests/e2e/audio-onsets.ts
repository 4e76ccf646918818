/**
 * Reads a rendered WAV back and finds where notes begin in it, so playback is checked on the sound
 * itself: the file's duration, and onsets from the rise of its short-time energy.
 */

export interface DecodedWav {
  sampleRate: number
  channels: Float32Array[]
  seconds: number
}

/** 16-bit PCM WAV (the app's export) → float channels; throws on anything else. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const tag = (at: number): string => String.fromCharCode(...bytes.slice(at, at + 4))
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a WAV file')
  let at = 12
  let format: { channels: number; sampleRate: number; bits: number } | null = null
  while (at + 8 <= bytes.length) {
    const size = view.getUint32(at + 4, true)
    if (tag(at) === 'fmt ') {
      format = { channels: view.getUint16(at + 10, true), sampleRate: view.getUint32(at + 12, true), bits: view.getUint16(at + 22, true) }
    } else if (tag(at) === 'data') {
      if (!format || format.bits !== 16) throw new Error('not 16-bit PCM')
      const frames = size / (2 * format.channels)
      const channels = Array.from({ length: format.channels }, () => new Float32Array(frames))
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < format.channels; c++) channels[c][f] = view.getInt16(at + 8 + (f * format.channels + c) * 2, true) / 0x7fff
      }
      return { sampleRate: format.sampleRate, channels, seconds: frames / format.sampleRate }
    }
    at += 8 + size
  }
  throw new Error('WAV without a data chunk')
}

/** Energy is measured over 10 ms windows every 2.5 ms. */
const WINDOW_S = 0.01
const HOP_S = 0.0025
/** A note begins where the energy rises by this much (natural log, ≈ 2.6 dB) within 10 ms. */
const RISE = 0.3
/**
 * Two rises closer than this are one note: the synth's brightness swells ~30 ms after its attack
 * (its modulation envelope), which is not a new note. The strongest rise is kept.
 */
const MIN_GAP_S = 0.06

/** Onset times in seconds, from the rise of the mixed-down energy. */
export function onsets(wav: DecodedWav): number[] {
  const { sampleRate, channels } = wav
  const frames = channels[0].length
  const window = Math.round(WINDOW_S * sampleRate)
  const hop = Math.round(HOP_S * sampleRate)
  const energy: number[] = []
  for (let start = 0; start + window <= frames; start += hop) {
    let sum = 0
    for (let i = start; i < start + window; i++) {
      let s = 0
      for (const c of channels) s += c[i]
      sum += (s / channels.length) ** 2
    }
    energy.push(Math.log(sum / window + 1e-9))
  }
  const lag = Math.round(WINDOW_S / HOP_S)
  const rise = energy.map((e, i) => (i >= lag ? e - energy[i - lag] : 0))
  const peaks: number[] = []
  for (let i = 1; i < rise.length - 1; i++) {
    if (rise[i] >= RISE && rise[i] >= rise[i - 1] && rise[i] >= rise[i + 1]) peaks.push(i)
  }
  const gap = MIN_GAP_S / HOP_S
  const kept = peaks.filter((i) => peaks.every((j) => j === i || Math.abs(j - i) > gap || rise[j] < rise[i] || (rise[j] === rise[i] && j > i)))
  // The rise peaks about half a window after the note starts.
  return kept.map((i) => (i - lag / 2) * HOP_S)
}

/** The mixed-down samples from `from` to `to` seconds. */
function mono(wav: DecodedWav, from: number, to: number): Float32Array {
  const start = Math.round(from * wav.sampleRate)
  const end = Math.min(wav.channels[0].length, Math.round(to * wav.sampleRate))
  const out = new Float32Array(Math.max(0, end - start))
  for (let i = 0; i < out.length; i++) {
    let s = 0
    for (const c of wav.channels) s += c[start + i]
    out[i] = s / wav.channels.length
  }
  return out
}

/**
 * How strongly each frequency sounds between `from` and `to` seconds: the Hann-windowed DFT's
 * largest magnitude within ±2 % of it (a played note is not exactly on the bin), normalised by
 * the window's length so levels compare across windows.
 */
export function levelsAt(wav: DecodedWav, from: number, to: number, frequencies: number[]): number[] {
  const x = mono(wav, from, to)
  const n = x.length
  const hann = (i: number): number => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))
  const binHz = wav.sampleRate / n
  const magnitude = (hz: number): number => {
    let re = 0
    let im = 0
    for (let i = 0; i < n; i++) {
      const w = x[i] * hann(i)
      re += w * Math.cos((2 * Math.PI * hz * i) / wav.sampleRate)
      im -= w * Math.sin((2 * Math.PI * hz * i) / wav.sampleRate)
    }
    return Math.hypot(re, im) / n
  }
  return frequencies.map((f) => {
    let best = 0
    for (let hz = f * 0.98; hz <= f * 1.02; hz += binHz / 2) best = Math.max(best, magnitude(hz))
    return best
  })
}

/** Root mean square of the mixed-down sound between `from` and `to` seconds. */
export function rms(wav: DecodedWav, from: number, to: number): number {
  const x = mono(wav, from, to)
  return Math.sqrt(x.reduce((sum, s) => sum + s * s, 0) / Math.max(1, x.length))
}
