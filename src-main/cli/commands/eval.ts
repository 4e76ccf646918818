/**
 * `eval --abc FILE [--model default|ID]`: the model's mean cross-entropy in bits per character
 * over every tune in FILE, and the number of characters scored, through the model.evaluate
 * service (what is counted: src-shared/contract/model.ts, EvaluationResult). How much of the
 * text the dialect mapping or the vocabulary changed is said tune by tune.
 */
import { promises as fs } from 'node:fs'
import { splitTunes } from '../../../src-shared/abc'
import { UsageError, intOption, stringOption, type CliCommand } from '../command'

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Mean cross-entropy (bits/char) of a model on the tunes of an ABC file',
  usage: 'eval --abc FILE [--model default|ID]',
  options: { abc: { type: 'string' }, model: { type: 'string' } },
  async run(ctx) {
    const file = stringOption(ctx.values.abc)
    if (!file) throw new UsageError('eval needs --abc FILE')
    const abc = await fs.readFile(file, 'utf8').catch(() => {
      throw new UsageError(`Cannot read ${file}`)
    })
    if (splitTunes(abc).tunes.length === 0) throw new UsageError(`${file} holds no tunes (no X: lines)`)
    const modelArg = stringOption(ctx.values.model) ?? 'default'
    const modelId = modelArg === 'default' ? undefined : intOption(modelArg, 'model', 1, Number.MAX_SAFE_INTEGER)
    const api = await ctx.api()
    const result = await api.model.evaluate({ abc, modelId })
    const { model } = result
    ctx.out({ ...result, file }, [
      `${result.bitsPerChar.toFixed(4)} bits/char over ${result.chars} characters in ${result.tunes} tunes ` +
        `(model "${model.name}", checkpoint ${model.checkpointId}, ${model.engine}; ${Math.round(result.chars / result.seconds)} chars/s)`,
      `scored in the model's dialect: ${result.dialectSummary}`,
      ...result.notes.map((note) => `  ${note}`),
    ])
  },
}
