/**
 * File bytes → text. ABC files in the wild are UTF-8 (ABC 2.1's default) or, from older tools,
 * Latin-1 / windows-1252; a few editors write UTF-16 with a BOM. Valid UTF-8 wins because a
 * windows-1252 text with accented letters is almost never valid UTF-8 by accident.
 */
import iconv from 'iconv-lite'

export type DecodeResult =
  | { ok: true; text: string; encoding: string }
  | { ok: false; reason: string }

/** Share of control characters (other than tab, CR, LF, FF) above which a file is binary, not text. */
const MAX_CONTROL_SHARE = 0.02
/** Enough of the start of a file to tell text from binary without scanning megabytes. */
const SNIFF_BYTES = 64 * 1024

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

/** Describes why `bytes` look binary, or returns null for text. */
export function binaryReason(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return 'it is a binary file (contains NUL bytes), not ABC text'
  const n = Math.min(bytes.length, SNIFF_BYTES)
  let control = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i]
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++
  }
  if (n > 0 && control / n > MAX_CONTROL_SHARE) {
    return `it is a binary file (${((100 * control) / n).toFixed(1)} % control characters), not ABC text`
  }
  return null
}

export function decodeAbcBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' }
  // UTF-16 is checked first: its text is full of NUL bytes and would otherwise look binary.
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be'
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true })
    return text.includes('\0') ? { ok: false, reason: `it is a binary file (NUL characters in ${encoding} text), not ABC text` } : { ok: true, text, encoding: `${encoding} (BOM)` }
  }
  const binary = binaryReason(bytes)
  if (binary) return { ok: false, reason: binary }
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf])
  try {
    const text = utf8.decode(bom ? bytes.subarray(3) : bytes)
    return { ok: true, text, encoding: bom ? 'utf-8 (BOM)' : 'utf-8' }
  } catch {
    // Not UTF-8: windows-1252 is Latin-1 plus printable characters in 0x80–0x9f (curly quotes,
    // dashes) that old Windows ABC tools wrote; Latin-1 would turn those into control codes.
    return { ok: true, text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252'), encoding: 'windows-1252 (Latin-1)' }
  }
}
