/**
 * Shared pieces of the hardening tests: a seeded random generator (so a failing fuzz case can be
 * replayed from its seed), a small real model written into a library the way training writes one,
 * and row counts for "nothing was half-written" checks.
 */
import { openLibrary, type Library } from '../../../src-main/library'
import { weightsToArtifacts } from '../../../src-main/model/layers-format'
import { corpusVocab, seededWeights } from '../sampling/helpers'

/** The engine's mulberry32: the same sequence on every machine for a given seed. */
export { mulberry32 as seededRandom } from '../../../src-main/engine/rng'

/**
 * Stores a small seeded character model (the bundled corpus's vocabulary) with one checkpoint
 * marked best, through a second connection as training does, and makes it the default model so
 * `model.continue` without a modelId uses it. Returns its id.
 */
export async function storeSeededModel(libraryPath: string, name = 'hardening test model'): Promise<number> {
  const library = openLibrary(libraryPath)
  try {
    const weights = seededWeights(5)
    const artifacts = await weightsToArtifacts(weights)
    const record = library.models.create({
      name,
      shape: { vocabSize: weights.vocabSize, embeddingDim: weights.embeddingDim, lstmUnits: weights.layers.map((l) => l.units) },
      vocab: [...corpusVocab().chars],
      source: 'trained',
    })
    library.models.saveCheckpoint({ modelId: record.id, step: 1, epoch: 0, isBest: true, modelJson: JSON.stringify(artifacts.modelJson), weights: artifacts.weightData })
    return record.id
  } finally {
    library.close()
  }
}

export function rowCounts(library: Library): Record<string, number> {
  const count = (table: string): number => (library.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return { corpora: count('corpora'), tunes: count('tunes'), pieces: count('pieces'), fts: count('tunes_fts'), checkpoints: count('checkpoints') }
}
