/**
 * `export --model ID|NAME --out DIR [--checkpoint ID]`: writes a model's best checkpoint (or the
 * given one) as a folder: model.json + group1-shard1of1.bin (tfjs Layers format), vocab.json and
 * TRAINING.md. This is how resources/models/default/ is produced.
 */
import { exportModelFolder } from '../../services/model-export'
import { UsageError, intOption, stringOption, type CliCommand } from '../command'

export const exportCommand: CliCommand = {
  name: 'export',
  summary: "Write a model's best checkpoint as a tfjs Layers folder with vocab.json and TRAINING.md",
  usage: 'export --model ID|NAME --out DIR [--checkpoint ID]',
  options: { model: { type: 'string' }, out: { type: 'string' }, checkpoint: { type: 'string' }, note: { type: 'string', multiple: true } },
  async run(ctx) {
    const model = stringOption(ctx.values.model)
    const out = stringOption(ctx.values.out)
    if (!model || !out) throw new UsageError('export needs --model ID|NAME and --out DIR')
    const checkpointId = intOption(ctx.values.checkpoint, 'checkpoint', 1, Number.MAX_SAFE_INTEGER)
    const notes = (ctx.values.note as string[] | undefined) ?? []
    const result = await exportModelFolder(ctx.libraryPath, { model, out, checkpointId, notes })
    const { checkpoint } = result
    ctx.out(
      { modelId: result.modelId, checkpointId: checkpoint.id, out, files: result.files },
      `Exported model "${result.modelName}" checkpoint ${checkpoint.id} (step ${checkpoint.step}, validation ${checkpoint.valBits?.toFixed(3) ?? '–'} bits/char) to ${out}`,
    )
  },
}
