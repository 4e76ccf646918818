/**
 * TRAINING.md for an exported model: how it was trained and how it went, from the library's
 * record of the run (its settings, backend, start/end times and one curve point per checkpoint).
 */
import type { JsonObject } from '../../library/json'
import type { TrainingPoint, TrainingRun } from '../../library/training-runs'
import { parameterCount, type ModelShape } from '../../engine/weights'

export interface ModelCardInput {
  modelName: string
  shape: ModelShape
  corpusName: string
  tuneCount: number | null
  run: TrainingRun
  points: TrainingPoint[]
  checkpoint: { id: number; step: number; epoch: number; trainLoss: number | null; valBits: number | null }
  /** Extra lines (e.g. the cleaning applied), shown under "Notes". */
  notes?: string[]
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const fmt = (v: number | null, digits = 3): string => (v === null ? '–' : v.toFixed(digits))

export function commandOf(corpusName: string, modelName: string, shape: ModelShape, config: JsonObject): string {
  const parts = ['npm run cli -- train', `--corpus "${corpusName}"`, `--model "${modelName}"`]
  const add = (flag: string, key: string): void => {
    const v = config[key]
    if (v !== undefined && v !== null) parts.push(`--${flag} ${String(v)}`)
  }
  add('epochs', 'epochs')
  parts.push(`--embedding ${shape.embeddingDim}`, `--units ${shape.lstmUnits.join(',')}`)
  add('batch', 'batch')
  add('seq-len', 'seqLen')
  add('lr', 'lr')
  add('lr-decay', 'lrDecay')
  add('warmup', 'warmupSteps')
  add('dropout', 'dropout')
  add('clip', 'clipNorm')
  add('patience', 'patience')
  add('checkpoint-every', 'checkpointEvery')
  const maxSeconds = num(config.maxSeconds)
  if (maxSeconds !== null) parts.push(`--max-minutes ${Math.round((maxSeconds / 60) * 100) / 100}`)
  add('seed', 'seed')
  return parts.join(' ')
}

export function modelCard(input: ModelCardInput): string {
  const { run, points, shape, checkpoint } = input
  const config = run.config
  const started = Date.parse(run.startedAt)
  const ended = Date.parse(run.endedAt ?? points.at(-1)?.at ?? run.startedAt)
  const wallMinutes = (ended - started) / 60_000
  const speeds = points.map((p) => p.charsPerSec).filter((v): v is number => v !== null && v > 0)
  const meanSpeed = speeds.length ? speeds.reduce((a, b) => a + b, 0) / speeds.length : null
  const last = points.at(-1)
  const bestVal = points.reduce<number | null>((best, p) => (p.valBitsPerChar !== null && (best === null || p.valBitsPerChar < best) ? p.valBitsPerChar : best), null)
  const epochPoints = points.filter((p) => Number.isInteger(Math.round(p.epoch * 1000) / 1000))
  const lines = [
    `# ${input.modelName}: how it was trained`,
    '',
    'Character-level LSTM over ABC text (the Nottingham Music Database tutorials\' architecture):',
    `Embedding(${shape.vocabSize}, ${shape.embeddingDim}) → ${shape.lstmUnits.map((u) => `LSTM ${u}`).join(' → ')} → Dense(${shape.vocabSize}) softmax,`,
    `${parameterCount(shape).toLocaleString('en-US')} parameters. Files: \`model.json\` + \`group1-shard1of1.bin\` (tfjs Layers format), \`vocab.json\` (index → character).`,
    '',
    '## Command',
    '',
    '```',
    commandOf(input.corpusName, input.modelName, shape, config),
    '```',
    '',
    '## Run',
    '',
    '| | |',
    '|---|---|',
    `| corpus | ${input.corpusName}${input.tuneCount ? ` (${input.tuneCount} tunes; tune i with i % 10 == 9 held out for validation)` : ''} |`,
    `| batch × sequence length | ${String(config.batch)} × ${String(config.seqLen)} (stateful windows) |`,
    `| optimizer | Adam, lr ${String(config.lr)} × ${String(config.lrDecay)}^epoch${num(config.warmupSteps) ? ` after a ${String(config.warmupSteps)}-step linear warm-up` : ''}, gradient clipping ${String(config.clipNorm)} (global norm), dropout ${String(config.dropout)} |`,
    `| early stopping | patience ${String(config.patience)} epochs on validation bits/char |`,
    `| backend | ${run.backend} |`,
    `| status | ${describeStatus(run, last?.epoch ?? checkpoint.epoch, wallMinutes)} |`,
    `| steps | ${last?.step ?? checkpoint.step} |`,
    `| epochs | ${fmt(last?.epoch ?? checkpoint.epoch, 2)} |`,
    `| wall time | ${wallMinutes.toFixed(1)} min (${run.startedAt} → ${run.endedAt ?? 'not finished'}) |`,
    `| training speed | ${meanSpeed === null ? '–' : Math.round(meanSpeed).toLocaleString('en-US')} chars/s (mean of the checkpoint reports) |`,
    `| final train loss | ${fmt(last?.trainLoss ?? null)} nats/char (${fmt(last?.trainLoss === null || last === undefined ? null : last.trainLoss / Math.LN2)} bits/char, with dropout on) |`,
    `| final validation | ${fmt(last?.valBitsPerChar ?? null)} bits/char |`,
    `| best validation | ${fmt(bestVal)} bits/char |`,
    `| exported checkpoint | ${checkpoint.id}: step ${checkpoint.step}, epoch ${fmt(checkpoint.epoch, 2)}, validation ${fmt(checkpoint.valBits)} bits/char |`,
    '',
    '## Learning curve (epoch ends)',
    '',
    '| epoch | step | train loss (nats/char) | validation (bits/char) | chars/s (run so far) |',
    '|---:|---:|---:|---:|---:|',
    ...(epochPoints.length ? epochPoints : points).map(
      (p) => `| ${fmt(p.epoch, 2)} | ${p.step} | ${fmt(p.trainLoss)} | ${fmt(p.valBitsPerChar)} | ${p.charsPerSec === null ? '–' : Math.round(p.charsPerSec)} |`,
    ),
  ]
  if (input.notes?.length) lines.push('', '## Notes', '', ...input.notes.map((n) => `- ${n}`))
  return lines.join('\n') + '\n'
}

/** The library records 'completed' for every normal end; say which end it was. */
function describeStatus(run: TrainingRun, epochs: number, wallMinutes: number): string {
  if (run.status !== 'completed') return `${run.status}${run.error ? ` (${run.error})` : ''}`
  const planned = num(run.config.epochs)
  const maxSeconds = num(run.config.maxSeconds)
  if (planned === null || epochs >= planned) return 'completed (all planned epochs)'
  if (maxSeconds !== null && wallMinutes * 60 >= maxSeconds) return 'completed (time limit reached)'
  return `completed: early stopping after ${String(run.config.patience)} epochs without a better validation score`
}
