/**
 * `eval --abc FILE [--model default|ID]`: the model's mean cross-entropy in bits per character
 * over every tune in FILE, and the number of characters scored. What is counted is defined in
 * model/training/score-tunes.ts (each tune in the model's dialect + its closing blank line, from a
 * zeroed state); how much of the text the dialect mapping changed is said tune by tune.
 */
import { promises as fs } from 'node:fs'
import { splitTunes } from '../../../src-shared/abc'
import { openLibrary } from '../../library/open-library'
import { artifactsToWeights, type LayersModelJson } from '../../engine/layers-format'
import { ensureDefaultModel } from '../../model/default-model'
import { chooseEngine } from '../../model/training/backend'
import { scoreTunes } from '../../model/training/score-tunes'
import { Vocab, describeReport } from '../../model/vocab'
import { UsageError, intOption, stringOption, type CliCommand } from '../command'

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Mean cross-entropy (bits/char) of a model on the tunes of an ABC file',
  usage: 'eval --abc FILE [--model default|ID]',
  options: { abc: { type: 'string' }, model: { type: 'string' } },
  async run(ctx) {
    const file = stringOption(ctx.values.abc)
    if (!file) throw new UsageError('eval needs --abc FILE')
    const source = await fs.readFile(file, 'utf8').catch(() => {
      throw new UsageError(`Cannot read ${file}`)
    })
    const tunes = splitTunes(source).tunes.map((t) => t.text)
    if (tunes.length === 0) throw new UsageError(`${file} holds no tunes (no X: lines)`)
    const modelArg = stringOption(ctx.values.model) ?? 'default'

    const library = openLibrary(ctx.libraryPath)
    try {
      const model =
        modelArg === 'default'
          ? ((await ensureDefaultModel(library, ctx.resourcesDir)) ?? library.models.getDefault())
          : library.models.get(intOption(modelArg, 'model', 1, Number.MAX_SAFE_INTEGER) as number)
      if (!model) throw new UsageError(modelArg === 'default' ? 'There is no default model (resources/models/default is missing)' : `No model with id ${modelArg}`)
      const checkpoint = library.models.loadCheckpointForSampling(model.id)
      if (!checkpoint) throw new UsageError(`Model ${model.id} ("${model.name}") has no checkpoint yet`)
      const weights = await artifactsToWeights({ modelJson: JSON.parse(checkpoint.modelJson) as LayersModelJson, weightData: checkpoint.weights })
      const vocab = Vocab.fromJson({ idx_to_char: model.vocab })
      const engine = await chooseEngine()
      const result = scoreTunes(engine, weights, vocab, tunes)
      const changed = result.conform.map((c) => `  tune ${c.tune + 1}: ${describeReport(c.report)}`)
      const mapped = result.dialect.map((d) => `  tune ${d.tune + 1}: ${d.report.summary}`)
      ctx.out(
        {
          model: { id: model.id, name: model.name, checkpointId: checkpoint.id }, file, tunes: tunes.length, chars: result.chars, bitsPerChar: result.bitsPerChar,
          conform: result.conform, dialect: result.dialect, dialectSummary: result.dialectSummary,
        },
        [
          `${result.bitsPerChar.toFixed(4)} bits/char over ${result.chars} characters in ${tunes.length} tunes (model "${model.name}", checkpoint ${checkpoint.id}, ${engine.describe()})`,
          `scored in the model's dialect: ${result.dialectSummary}`,
          ...mapped,
          ...changed,
        ],
      )
    } finally {
      library.close()
    }
  },
}
