/** `models`: the library's models with their sizes and best validation score. */
import type { CliCommand } from '../command'

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'List models (default first) with sizes and best validation bits/char',
  usage: 'models',
  options: {},
  async run(ctx) {
    const api = await ctx.api()
    const models = await api.training.listModels({})
    ctx.out(
      models,
      models.length === 0
        ? 'No models yet.'
        : models.map(
            (m) =>
              `${String(m.id).padStart(4)}  ${m.isDefault ? '*' : ' '} ${m.name}  [${m.source}] emb ${m.sizes.embedding}, LSTM ${m.sizes.units.join('×')}, ` +
              `${(m.parameters / 1e6).toFixed(2)} M params, vocab ${m.vocabSize}, best ${m.bestValBits === null ? '-' : m.bestValBits.toFixed(3) + ' bits/char'} (checkpoint ${m.bestCheckpointId ?? '-'})`,
          ),
    )
  },
}
