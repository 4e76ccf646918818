/**
 * `train [--corpus NAME] [--model NAME] [--epochs N] [--embedding N --units 256,256,256 --batch N
 * --seq-len N --lr X --dropout X --patience N --checkpoint-every N --max-minutes N --seed N]
 * [--from CHECKPOINT|default] [--resume CHECKPOINT]`: trains in a worker thread and prints
 * progress on stderr; the result (best checkpoint, validation bits/char) on stdout.
 */
import { TrainingStartInput, type TrainingProgress, type TrainingStartRequest } from '../../../src-shared/contract/training'
import type { TunesmithApi } from '../../../src-shared/contract'
import { z } from 'zod'
import { UsageError, intOption, stringOption, type CliCommand, type CommandContext, stringOptions } from '../command'
import { SETTING_FLAGS, trainingFlags, type SettingName } from '../training-flags'

const ALL_SETTINGS = Object.keys(SETTING_FLAGS) as SettingName[]

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a model on a corpus (or fine-tune one with --from, or resume a run with --resume)',
  usage:
    'train [--corpus NAME] [--model NAME] [--epochs N] [--embedding N] [--units 256,256,256] [--batch N] [--seq-len N] [--lr X] [--lr-decay X] [--warmup STEPS] ' +
    '[--dropout X] [--clip X] [--patience N] [--checkpoint-every N] [--max-minutes N] [--seed N] [--from CHECKPOINT|default] [--resume CHECKPOINT]',
  options: {
    ...stringOptions('corpus', 'model', 'epochs', 'embedding', 'units', 'batch', 'seq-len', 'lr', 'lr-decay', 'warmup', 'dropout', 'clip', 'patience', 'checkpoint-every', 'max-minutes', 'seed', 'from', 'resume'),
  },
  async run(ctx) {
    const { options, resumeOverrides } = trainOptions(ctx.values)
    const api = await ctx.api()
    const request = await startRequest(ctx, api, options, resumeOverrides)
    await trainAndReport(ctx, api, request)
  },
}

type TrainOptions = Omit<TrainingStartInputShape, 'corpusId' | 'modelName' | 'resumeOverrides'>
type TrainingStartInputShape = z.input<typeof TrainingStartInput>
type ResumeOverrides = TrainingStartInputShape['resumeOverrides']

/** Every option checked before the library is opened: a typo costs nothing. */
function trainOptions(v: CommandContext['values']): { options: TrainOptions; resumeOverrides: ResumeOverrides } {
  if (v.from !== undefined && v.resume !== undefined) throw new UsageError('use either --from (fine-tune) or --resume, not both')
  const checkpointArg = stringOption(v.resume) ?? stringOption(v.from)
  const fromCheckpointId =
    checkpointArg === undefined ? undefined : checkpointArg === 'default' ? ('default' as const) : intOption(checkpointArg, v.resume ? 'resume' : 'from', 1, Number.MAX_SAFE_INTEGER)
  const options = {
    ...trainingFlags(v, ALL_SETTINGS),
    fromCheckpointId,
    resume: v.resume !== undefined,
  }
  if (options.resume) {
    // A resumed run keeps its own settings: a flag that would change one is refused, not ignored.
    const fixed = RUN_SETTING_FLAGS.filter((flag) => v[flag] !== undefined)
    if (fixed.length > 0) {
      throw new UsageError(`${fixed.map((f) => `--${f}`).join(', ')} cannot change when resuming: the run keeps its own settings (only --epochs and --max-minutes may change)`)
    }
  }
  const resumeOverrides = options.resume ? (['epochs', 'maxMinutes'] as const).filter((key) => options[key] !== undefined) : undefined
  const check = TrainingStartInput.safeParse({ corpusId: 1, modelName: 'check', ...options, resumeOverrides })
  if (!check.success) throw new UsageError(z.prettifyError(check.error))
  return { options, resumeOverrides }
}

/** The start request: the corpus by name (a resumed run keeps its own), and a model name. */
async function startRequest(ctx: CommandContext, api: TunesmithApi, options: TrainOptions, resumeOverrides: ResumeOverrides): Promise<TrainingStartRequest> {
  // A resumed run keeps its own corpus (and name); otherwise the corpus defaults to the bundled one.
  const corpusName = stringOption(ctx.values.corpus) ?? (options.resume ? undefined : 'Nottingham')
  const corpus = corpusName === undefined ? null : (await api.library.listCorpora({})).find((c) => c.name.toLowerCase() === corpusName.toLowerCase())
  if (corpus === undefined) throw new UsageError(`No corpus named "${corpusName}" (import one with: import <file|folder> --corpus NAME)`)
  const parsed = TrainingStartInput.safeParse({
    corpusId: corpus?.id,
    modelName: stringOption(ctx.values.model) ?? `${corpus?.name ?? 'Resumed'} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
    ...options,
    resumeOverrides,
  })
  if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error))
  return parsed.data
}

/** Starts the run, prints its progress on stderr until it ends, then its result. */
async function trainAndReport(ctx: CommandContext, api: TunesmithApi, request: TrainingStartRequest): Promise<void> {
  let finish: (p: TrainingProgress) => void = () => {}
  const finished = new Promise<TrainingProgress>((resolve) => (finish = resolve))
  const unsubscribe = api.events.onTrainingProgress((p) => {
    ctx.log(formatProgress(p))
    if (p.kind === 'done') finish(p)
  })
  // Ctrl+C stops the run cleanly: the worker writes a final checkpoint, the run is marked stopped.
  const onInterrupt = (): void => {
    ctx.log('Stopping after the current step (a checkpoint is written; Ctrl+C again to abort)...')
    void api.training.stop({})
    process.once('SIGINT', () => process.exit(130))
  }
  process.once('SIGINT', onInterrupt)
  try {
    const run = await api.training.start(request)
    ctx.log(`Run ${run.id}: model "${run.modelName}" (id ${run.modelId}) on corpus ${run.corpusId}, backend ${run.backend}`)
    const done = await finished
    if (done.status === 'failed') throw new Error(done.message ?? 'training failed')
    const checkpoints = await api.training.listCheckpoints({ modelId: run.modelId })
    const best = checkpoints.find((c) => c.isBest) ?? null
    const result = { runId: run.id, modelId: run.modelId, modelName: run.modelName, backend: run.backend, status: done.status, message: done.message, step: done.step, epoch: done.epoch, bestCheckpoint: best, charsPerSec: done.charsPerSec }
    ctx.out(result, [
      done.message ?? 'Training ended.',
      best ? `Best checkpoint ${best.id}: step ${best.step}, epoch ${best.epoch.toFixed(2)}, validation ${best.valBits === null ? '-' : best.valBits.toFixed(3) + ' bits/char'}` : 'No checkpoint was written.',
    ])
  } finally {
    process.removeListener('SIGINT', onInterrupt)
    unsubscribe()
  }
}

/** Flags that set a run's own settings, which a resumed run keeps. */
const RUN_SETTING_FLAGS = ['embedding', 'units', 'batch', 'seq-len', 'lr', 'lr-decay', 'warmup', 'dropout', 'clip', 'patience', 'checkpoint-every', 'seed'] as const

/** One progress line of a training run, as the CLI prints it. */
export function formatProgress(p: TrainingProgress): string {
  const eta = p.etaSeconds === null ? '' : ` eta ${Math.round(p.etaSeconds / 60)} min`
  const val = p.valBits === null ? '' : ` val ${p.valBits.toFixed(3)} bits/char`
  const loss = p.trainLoss === null ? '' : ` loss ${p.trainLoss.toFixed(3)}`
  const ck = p.checkpointId ? ` checkpoint ${p.checkpointId}` : ''
  // A plain step report reads "step 38 ..."; other kinds name themselves ("checkpoint: step 40 ...").
  const kind = p.kind === 'step' ? '' : `${p.kind}: `
  return `[${new Date().toISOString().slice(11, 19)}] ${kind}step ${p.step} epoch ${p.epoch.toFixed(2)}/${p.epochs}${loss}${val} ${Math.round(p.charsPerSec)} chars/s${eta}${ck} (${p.backend}, ${p.state})${p.message ? ' ' + p.message : ''}`
}
