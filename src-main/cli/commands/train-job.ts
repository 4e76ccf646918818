/**
 * `train-job export --corpus NAME [--from MODEL] --out DIR [--model NAME] [settings]` writes a job
 * folder for PyTorch DDP (resources/train-job/train.py); `train-job import DIR --name NAME` stores a
 * finished job's model in the library. See docs/scaling.md.
 */
import { UsageError, stringOption, type CliCommand, type CommandContext, stringOptions } from '../command'
import { trainingFlags } from '../training-flags'

const USAGE =
  'train-job export --corpus NAME [--from MODEL|default] --out DIR [--model NAME] [--epochs N] [--batch N] [--seq-len N] [--lr X] [--lr-decay X] [--warmup STEPS] ' +
  '[--embedding N] [--units 256,256,256] [--dropout X] [--checkpoint-every N] [--seed N]  |  train-job import DIR --name NAME'

export const trainJobCommand: CliCommand = {
  name: 'train-job',
  summary: 'Hand a training run to PyTorch (GPUs, a cluster) as a job folder, or import a finished job',
  usage: USAGE,
  options: {
    ...stringOptions('corpus', 'from', 'out', 'model', 'name', 'epochs', 'batch', 'seq-len', 'lr', 'lr-decay', 'warmup', 'embedding', 'units', 'dropout', 'checkpoint-every', 'seed'),
  },
  async run(ctx) {
    const [action, ...rest] = ctx.positionals
    if (action === 'export') return exportJob(ctx)
    if (action === 'import') return importJob(ctx, rest[0])
    throw new UsageError(`train-job needs "export" or "import"\nusage: npm run cli -- ${USAGE}`)
  },
}

async function exportJob(ctx: CommandContext): Promise<void> {
  const v = ctx.values
  const dir = stringOption(v.out)
  const corpusName = stringOption(v.corpus)
  if (!dir || !corpusName) throw new UsageError('train-job export needs --corpus NAME and --out DIR')
  // The settings a job carries (the others, clipping and patience among them, are the contract's defaults).
  const settings = trainingFlags(v, ['epochs', 'batch', 'seqLen', 'lr', 'lrDecay', 'warmupSteps', 'dropout', 'checkpointEvery', 'seed'])
  const api = await ctx.api()
  const corpus = (await api.library.listCorpora({})).find((c) => c.name.toLowerCase() === corpusName.toLowerCase())
  if (!corpus) throw new UsageError(`No corpus named "${corpusName}" (import one with: import <file|folder> --corpus NAME)`)
  const from = stringOption(v.from)
  let fromCheckpointId: number | 'default' | undefined
  if (from !== undefined && from !== 'default') {
    // A model by name or id: its best checkpoint (the one the composer uses).
    const model = (await api.training.listModels({})).find((m) => m.name === from || String(m.id) === from)
    if (!model) throw new UsageError(`No model named "${from}" (see: npm run cli -- models)`)
    if (model.bestCheckpointId === null) throw new UsageError(`Model "${model.name}" has no checkpoint yet`)
    fromCheckpointId = model.bestCheckpointId
  } else fromCheckpointId = from === 'default' ? 'default' : undefined
  const modelName = stringOption(v.model) ?? `${corpus.name} (PyTorch job)`
  // The contract's schema judges the settings (an invalid one is a usage error, exit code 2).
  const result = await api.trainJob.export({ dir, training: { corpusId: corpus.id, modelName, fromCheckpointId, ...settings } })
  ctx.out(result, [
    `Job written to ${result.dir}: ${result.tuneCount.train} training tunes (${result.chars.train} characters), ${result.tuneCount.validation} held out (${result.chars.validation}), ` +
      `vocabulary ${result.vocabSize}, ${(result.parameters / 1e6).toFixed(2)} M parameters, ${result.stepsPerEpoch} steps per epoch on one process.`,
    `Run it:    ${result.command}`,
    ...(result.pythonNote ? [result.pythonNote] : []),
    `Then:      npm run cli -- train-job import ${JSON.stringify(result.dir)} --name ${JSON.stringify(result.modelName)}`,
  ])
}

async function importJob(ctx: CommandContext, dir: string | undefined): Promise<void> {
  const name = stringOption(ctx.values.name)
  if (!dir || !name) throw new UsageError('train-job import needs the job folder and --name NAME')
  const api = await ctx.api()
  const result = await api.trainJob.import({ dir, name })
  ctx.out(result, [
    `Imported "${result.modelName}" (model ${result.modelId}): ${result.checkpoints} checkpoint(s), ${result.steps} steps (${result.outcome}), trained by ${result.backend}.`,
    `Best checkpoint ${result.bestCheckpointId}: validation ${result.bestValBits === null ? '-' : result.bestValBits.toFixed(3) + ' bits/char'}. The composer can use it now.`,
  ])
}
