/**
 * model.evaluate: a model's bits per character on every tune of an ABC text, the tunes scored
 * side by side in batched rows (model/training/score-tunes.ts) on the model the model service
 * keeps loaded, giving way to other requests every ~50 ms.
 */
import { ApiError } from '../../src-shared/contract/errors'
import type { EvaluateRequest, EvaluationResult } from '../../src-shared/contract/model'
import { splitTunes } from '../../src-shared/abc'
import type { PooledSamplingModel } from '../model/sampling/sampling-model'
import { scoreTunesAsync } from '../model/training/score-tunes'
import { describeReport } from '../model/vocab'

export interface EvaluatedModel {
  id: number
  name: string
  checkpointId: number
  sampling: PooledSamplingModel
}

export async function evaluateTunes(input: EvaluateRequest, load: (modelId: number | undefined) => Promise<EvaluatedModel>): Promise<EvaluationResult> {
  const started = performance.now()
  const tunes = splitTunes(input.abc).tunes.map((t) => t.text)
  if (tunes.length === 0) throw new ApiError('invalid-input', 'The text holds no tunes (no X: lines)')
  const model = await load(input.modelId)
  const result = await scoreTunesAsync(model.sampling, tunes)
  const notes = [
    ...result.dialect.map((d) => `tune ${d.tune + 1}: ${d.report.summary}`),
    ...result.conform.map((c) => `tune ${c.tune + 1}: ${describeReport(c.report)}`),
  ]
  return {
    model: { id: model.id, name: model.name, checkpointId: model.checkpointId, engine: model.sampling.engine },
    tunes: tunes.length,
    chars: result.chars,
    bitsPerChar: result.bitsPerChar,
    conform: result.conform,
    dialect: result.dialect.map(({ tune, report }) => {
      const { brokenRhythms, graceNotes, decorations, unmapped, asWritten, summary } = report
      return { tune, report: { brokenRhythms, graceNotes, decorations, unmapped, asWritten, summary } }
    }),
    dialectSummary: result.dialectSummary,
    notes,
    seconds: (performance.now() - started) / 1000,
  }
}
