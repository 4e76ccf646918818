/**
 * The char-LSTM's architecture as the library stores it and the engine builds it: the one type both
 * sides share, so it lives below both (the library may not depend on the engine).
 */
export interface ModelShape {
  vocabSize: number
  embeddingDim: number
  /** Units of each stacked LSTM layer, bottom first. */
  lstmUnits: number[]
}
