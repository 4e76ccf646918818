/**
 * `export --model ID|NAME --out DIR [--checkpoint ID]`: writes a model's best checkpoint (or the
 * given one) as a folder: model.json + group1-shard1of1.bin (tfjs Layers format), vocab.json and
 * TRAINING.md. This is how resources/models/default/ is produced.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { openLibrary } from '../../library/open-library'
import { MODEL_JSON, type LayersModelJson } from '../../engine/layers-format'
import { VOCAB_JSON, type ShippedCheckpointMeta } from '../../model/default-model'
import { modelCard } from '../../model/training/model-card'
import { Vocab } from '../../model/vocab'
import { UsageError, intOption, stringOption, type CliCommand } from '../command'

export const exportCommand: CliCommand = {
  name: 'export',
  summary: "Write a model's best checkpoint as a tfjs Layers folder with vocab.json and TRAINING.md",
  usage: 'export --model ID|NAME --out DIR [--checkpoint ID]',
  options: { model: { type: 'string' }, out: { type: 'string' }, checkpoint: { type: 'string' }, note: { type: 'string', multiple: true } },
  async run(ctx) {
    const modelArg = stringOption(ctx.values.model)
    const out = stringOption(ctx.values.out)
    if (!modelArg || !out) throw new UsageError('export needs --model ID|NAME and --out DIR')
    const library = openLibrary(ctx.libraryPath)
    try {
      const model = /^\d+$/.test(modelArg) ? library.models.get(Number(modelArg)) : library.models.getByName(modelArg)
      if (!model) throw new UsageError(`No model "${modelArg}"`)
      const checkpointId = intOption(ctx.values.checkpoint, 'checkpoint', 1, Number.MAX_SAFE_INTEGER)
      const checkpoint = checkpointId ? library.models.getCheckpoint(checkpointId) : library.models.loadCheckpointForSampling(model.id)
      if (!checkpoint || checkpoint.modelId !== model.id) throw new UsageError(`Model ${model.id} has no such checkpoint`)
      const modelJson = JSON.parse(checkpoint.modelJson) as LayersModelJson
      const binName = modelJson.weightsManifest[0]?.paths[0]
      if (!binName || modelJson.weightsManifest.length !== 1 || modelJson.weightsManifest[0].paths.length !== 1) {
        throw new Error('expected a checkpoint with one weights file')
      }
      // The Dense bias (the last tensor) has one entry per character: vocab.json must match it,
      // and a fine-tuned model's vocabulary may be larger than its parent's.
      const outputs = modelJson.weightsManifest[0].weights.at(-1)?.shape[0]
      if (outputs !== model.vocab.length) {
        throw new Error(`checkpoint ${checkpoint.id} has outputs for ${outputs ?? 'no'} characters but model "${model.name}" has a vocabulary of ${model.vocab.length}`)
      }
      await fs.mkdir(out, { recursive: true })
      await fs.writeFile(path.join(out, binName), checkpoint.weights)
      await fs.writeFile(path.join(out, VOCAB_JSON), JSON.stringify(Vocab.fromJson({ idx_to_char: model.vocab }).toJson(), null, 1) + '\n')
      const run = checkpoint.trainingRunId ? library.trainingRuns.get(checkpoint.trainingRunId) : null
      if (run) {
        const corpus = run.corpusId ? library.corpora.get(run.corpusId) : null
        const notes = (ctx.values.note as string[] | undefined) ?? []
        await fs.writeFile(
          path.join(out, 'TRAINING.md'),
          modelCard({
            modelName: model.name,
            shape: model.shape,
            corpusName: corpus?.name ?? 'unknown',
            tuneCount: corpus?.tuneCount ?? null,
            run,
            points: library.trainingRuns.points(run.id),
            checkpoint: { id: checkpoint.id, step: checkpoint.step, epoch: checkpoint.epoch, trainLoss: checkpoint.trainLoss, valBits: checkpoint.valBitsPerChar },
            notes,
          }),
        )
      }
      // tfjs keeps `userDefinedMetadata` with a model: the checkpoint's scores travel with the files,
      // so the library copy of a shipped model shows them (default-model.ts reads them back).
      const metadata: ShippedCheckpointMeta = {
        step: checkpoint.step,
        epoch: checkpoint.epoch,
        trainLoss: checkpoint.trainLoss,
        valBits: checkpoint.valBitsPerChar,
      }
      // model.json last: a folder with a model.json is complete.
      await fs.writeFile(path.join(out, MODEL_JSON), JSON.stringify({ ...modelJson, userDefinedMetadata: { tunesmith: { checkpoint: metadata } } }))
      ctx.out(
        { modelId: model.id, checkpointId: checkpoint.id, out, files: [MODEL_JSON, binName, VOCAB_JSON, ...(run ? ['TRAINING.md'] : [])] },
        `Exported model "${model.name}" checkpoint ${checkpoint.id} (step ${checkpoint.step}, validation ${checkpoint.valBitsPerChar?.toFixed(3) ?? '–'} bits/char) to ${out}`,
      )
    } finally {
      library.close()
    }
  },
}
