/**
 * Everything besides the weights that a resumed run needs to continue exactly: Adam's moments
 * and step count, the data position (epoch, next window), the global step and the early-stopping
 * state. Stored as the checkpoint's `optimizer` blob so it is written in the same row (and the
 * same transaction) as the weights it belongs to.
 *
 * Layout: "TSRS1\n", uint32 LE header length, the header as UTF-8 JSON, padding to a multiple of
 * 4 bytes, then every m tensor followed by every v tensor as float32 LE (lengths in the header).
 */
import type { OptimizerState } from '../../engine/types'
import type { EarlyStoppingState } from './early-stopping'

export interface DataPosition {
  /** The epoch being trained (0-based). */
  epoch: number
  /** The next window of that epoch to train. */
  window: number
  /** Training steps done in the whole run. */
  step: number
}

export interface ResumeState {
  position: DataPosition
  earlyStopping: EarlyStoppingState
  optimizer: OptimizerState
}

interface Header {
  position: DataPosition
  earlyStopping: EarlyStoppingState
  adamStep: number
  lengths: number[]
}

const MAGIC = 'TSRS1\n'

export function encodeResumeState(state: ResumeState): Uint8Array {
  const { optimizer } = state
  if (optimizer.m.length !== optimizer.v.length) throw new Error('optimizer state has different numbers of m and v tensors')
  const header: Header = {
    position: state.position,
    earlyStopping: state.earlyStopping,
    adamStep: optimizer.step,
    lengths: optimizer.m.map((t, i) => {
      if (t.length !== optimizer.v[i].length) throw new Error(`optimizer tensor ${i}: m and v lengths differ`)
      return t.length
    }),
  }
  const headerBytes = new TextEncoder().encode(JSON.stringify(header))
  const prefix = MAGIC.length + 4 + headerBytes.length
  const dataStart = Math.ceil(prefix / 4) * 4
  const floats = header.lengths.reduce((a, b) => a + b, 0) * 2
  const bytes = new Uint8Array(dataStart + floats * 4)
  bytes.set(new TextEncoder().encode(MAGIC), 0)
  new DataView(bytes.buffer).setUint32(MAGIC.length, headerBytes.length, true)
  bytes.set(headerBytes, MAGIC.length + 4)
  const data = new Float32Array(bytes.buffer, dataStart, floats)
  let offset = 0
  for (const t of [...optimizer.m, ...optimizer.v]) {
    data.set(t, offset)
    offset += t.length
  }
  return bytes
}

export function decodeResumeState(blob: Uint8Array): ResumeState {
  const magic = new TextDecoder().decode(blob.subarray(0, MAGIC.length))
  if (magic !== MAGIC) throw new Error('The checkpoint has no resume state (unknown optimizer blob format)')
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const headerLength = view.getUint32(MAGIC.length, true)
  const header = JSON.parse(new TextDecoder().decode(blob.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as Header
  const dataStart = Math.ceil((MAGIC.length + 4 + headerLength) / 4) * 4
  const total = header.lengths.reduce((a, b) => a + b, 0)
  if (blob.byteLength !== dataStart + total * 8) throw new Error('The checkpoint resume state is truncated')
  // Copy into an aligned buffer: the blob from SQLite may start at any byte offset.
  const data = new Float32Array(blob.slice(dataStart).buffer)
  const take = (start: number): Float32Array[] => {
    let offset = start
    return header.lengths.map((n) => {
      const t = data.slice(offset, offset + n)
      offset += n
      return t
    })
  }
  return {
    position: header.position,
    earlyStopping: header.earlyStopping,
    optimizer: { step: header.adamStep, m: take(0), v: take(total) },
  }
}
