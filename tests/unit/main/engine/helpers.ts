/** Real ABC text from the bundled corpus, as token ids over its sorted character set. */
import { readFileSync } from 'node:fs'
import path from 'node:path'

const CORPUS = path.resolve(__dirname, '../../../../resources/corpus/nottingham')

export function corpusTokens(file = 'jigs.abc'): { tokens: Int32Array; vocabSize: number } {
  const text = readFileSync(path.join(CORPUS, file), 'utf8')
  const chars = [...new Set(text)].sort()
  const index = new Map(chars.map((c, i) => [c, i]))
  return { tokens: Int32Array.from(text, (c) => index.get(c) ?? 0), vocabSize: chars.length }
}

/** Consecutive stateful windows: row b of window w continues row b of window w-1. */
export function windows(tokens: Int32Array, batch: number, seqLen: number, count: number, start = 0): { inputs: Int32Array; targets: Int32Array }[] {
  const stream = Math.floor((tokens.length - start - 1) / batch)
  if (stream < seqLen * count) throw new Error('not enough text for these windows')
  const out = []
  for (let w = 0; w < count; w++) {
    const inputs = new Int32Array(batch * seqLen)
    const targets = new Int32Array(batch * seqLen)
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < seqLen; t++) {
        const at = start + b * stream + w * seqLen + t
        inputs[b * seqLen + t] = tokens[at]
        targets[b * seqLen + t] = tokens[at + 1]
      }
    }
    out.push({ inputs, targets })
  }
  return out
}

export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0
  let norm = 0
  for (let i = 0; i < a.length; i++) {
    diff += (a[i] - b[i]) ** 2
    norm += b[i] ** 2
  }
  return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30)
}

export function softmaxRows(logits: Float32Array, cols: number): Float32Array {
  const out = new Float32Array(logits.length)
  for (let r = 0; r < logits.length / cols; r++) {
    let max = -Infinity
    for (let j = 0; j < cols; j++) max = Math.max(max, logits[r * cols + j])
    let sum = 0
    for (let j = 0; j < cols; j++) sum += out[r * cols + j] = Math.exp(logits[r * cols + j] - max)
    for (let j = 0; j < cols; j++) out[r * cols + j] /= sum
  }
  return out
}
