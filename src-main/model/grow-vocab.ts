/**
 * New weights for characters appended to a model's vocabulary (fine-tuning on a corpus that uses
 * characters the parent lacks; corpus/training-data.ts decides which). Every number of the parent
 * is kept and the old tokens keep their ids; the new tokens get:
 * - embedding rows: the mean of the parent's rows plus small seeded noise. The mean is an
 *   "average character" the LSTM already knows how to read, so reading a new character does not
 *   throw the state somewhere unseen; the noise keeps two new characters apart from the start.
 * - Dense kernel columns: the mean of the parent's columns, exactly (no noise, so the bound below
 *   holds), and bias: the mean of the parent's biases minus NEW_CHAR_LOGIT_OFFSET.
 *
 * What holds right after growing, for every LSTM state h (so after any context):
 * - a new character's logit is the mean of the old logits minus the offset, and since the sum of
 *   the old exp(logits) is at least V·exp(their mean) (Jensen), each new character has probability
 *   at most e^-offset / V = 1 / (100·V): the new characters start rare and the parent's
 *   predictions are hardly disturbed;
 * - the old characters' logits are unchanged, so every ratio between two old characters'
 *   probabilities is exactly the parent's, and each old probability is the parent's times a
 *   factor in [1 - k / (100·V), 1] (k new characters).
 * Adam state needs nothing here: a fine-tune starts with fresh (zero) moments for every weight.
 */
import { mulberry32 } from '../engine/rng'
import { validateWeights } from '../engine/flat-weights'
import type { CharLstmWeights } from '../engine/weights'

/** New output biases sit this far (in nats) below the mean of the old ones: see the file comment. */
export const NEW_CHAR_LOGIT_OFFSET = Math.log(100)

/** Noise on new embedding rows, as a fraction of the spread (std) of the parent's embedding values. */
export const NEW_EMBEDDING_NOISE = 0.1

/** `weights` for a vocabulary with `added` characters appended after its own. */
export function growVocabWeights(weights: CharLstmWeights, added: number, seed: number): CharLstmWeights {
  validateWeights(weights)
  if (!Number.isInteger(added) || added < 0) throw new Error(`cannot grow a vocabulary by ${added} characters`)
  if (added === 0) return weights
  const V = weights.vocabSize
  const rows = weights.dense.kernel.length / V
  return {
    ...weights,
    vocabSize: V + added,
    embedding: growEmbedding(weights.embedding, V, weights.embeddingDim, added, seed),
    dense: {
      // The kernel is [units, V]: each row gets `added` copies of its own mean, one per new column.
      kernel: growColumns(weights.dense.kernel, rows, V, added, 0),
      bias: growColumns(weights.dense.bias, 1, V, added, NEW_CHAR_LOGIT_OFFSET),
    },
  }
}

function growEmbedding(embedding: Float32Array, V: number, E: number, added: number, seed: number): Float32Array {
  const mean = new Float64Array(E)
  for (let v = 0; v < V; v++) for (let e = 0; e < E; e++) mean[e] += embedding[v * E + e] / V
  let squares = 0
  for (let v = 0; v < V; v++) for (let e = 0; e < E; e++) squares += (embedding[v * E + e] - mean[e]) ** 2
  const spread = Math.sqrt(squares / (V * E)) * NEW_EMBEDDING_NOISE
  const rand = mulberry32(seed)
  const out = new Float32Array((V + added) * E)
  out.set(embedding)
  for (let v = V; v < V + added; v++) for (let e = 0; e < E; e++) out[v * E + e] = mean[e] + (rand() * 2 - 1) * spread
  return out
}

/** A row-major [rows, V] matrix with `added` columns appended, each row's mean minus `below`. */
function growColumns(matrix: Float32Array, rows: number, V: number, added: number, below: number): Float32Array {
  const out = new Float32Array(rows * (V + added))
  for (let r = 0; r < rows; r++) {
    const row = matrix.subarray(r * V, (r + 1) * V)
    out.set(row, r * (V + added))
    let sum = 0
    for (let v = 0; v < V; v++) sum += row[v]
    out.fill(sum / V - below, r * (V + added) + V, (r + 1) * (V + added))
  }
  return out
}
