/**
 * 16-bit PCM WAV (RIFF) from rendered channels, so a musician can send a recording of the tune.
 * Float samples are clipped to [-1, 1]: the mix's headroom keeps them inside, a rare peak is cut
 * rather than wrapped round into a loud click.
 */

const HEADER_BYTES = 44
const BYTES_PER_SAMPLE = 2
const INT16_MAX = 0x7fff

/** WAV bytes for `channels` (equal lengths, one Float32Array per channel) at `sampleRate` Hz. */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number): Uint8Array<ArrayBuffer> {
  const frames = channels[0]?.length ?? 0
  const count = channels.length
  const dataBytes = frames * count * BYTES_PER_SAMPLE
  const bytes = new Uint8Array(HEADER_BYTES + dataBytes)
  const view = new DataView(bytes.buffer)
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i))
  }
  ascii(0, 'RIFF')
  view.setUint32(4, 36 + dataBytes, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  view.setUint32(16, 16, true) // PCM format chunk size
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, count, true)
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * count * BYTES_PER_SAMPLE, true)
  view.setUint16(32, count * BYTES_PER_SAMPLE, true)
  view.setUint16(34, 8 * BYTES_PER_SAMPLE, true)
  ascii(36, 'data')
  view.setUint32(40, dataBytes, true)
  let offset = HEADER_BYTES
  for (let f = 0; f < frames; f++) {
    for (const channel of channels) {
      const s = Math.max(-1, Math.min(1, channel[f]))
      view.setInt16(offset, Math.round(s * INT16_MAX), true)
      offset += BYTES_PER_SAMPLE
    }
  }
  return bytes
}
