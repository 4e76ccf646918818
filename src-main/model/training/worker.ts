/**
 * The training worker's entry (node:worker_threads). It is a module of its own so each shell can
 * load it its way: Electron's main bundle imports it with electron-vite's `?modulePath` suffix
 * and passes that path to the runner; under tsx/vitest the runner starts it from this .ts file
 * through tsx's register API (see runner.ts). The worker never touches the library: checkpoints
 * go to the main thread as bytes and it waits for their ids.
 */
import { parentPort } from 'node:worker_threads'
import { initWeights } from '../../engine/init-weights'
import { artifactsToWeights, weightsToArtifacts, type LayersModelJson } from '../../engine/layers-format'
import { prepareTrainingData } from '../corpus/training-data'
import { trainingTextCleaner } from '../corpus/training-text'
import { growVocabWeights } from '../grow-vocab'
import { requireWindows, windowLayout } from '../corpus/windows'
import { epochText } from '../corpus/stream'
import { Vocab } from '../vocab'
import { chooseEngine } from './backend'
import { runTrainingLoop, type CheckpointData, type LoopStart } from './loop'
import type { FromWorker, ToWorker, WorkerJob } from './protocol'
import { decodeResumeState, encodeResumeState } from './resume-state'
import type { ModelShape } from '../../engine/weights'

const port = parentPort
if (!port) throw new Error('worker.ts must run in a worker thread')

const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer)

let paused = false
let stopRequested = false
let wake: (() => void) | null = null
let nextRequest = 1
const pending = new Map<number, { resolve: (id: number) => void; reject: (err: Error) => void }>()

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      void run(message.job)
      break
    case 'pause':
      paused = true
      break
    case 'resume':
      paused = false
      wake?.()
      break
    case 'stop':
      stopRequested = true
      wake?.()
      break
    case 'checkpointSaved':
      pending.get(message.requestId)?.resolve(message.checkpointId)
      pending.delete(message.requestId)
      break
    case 'checkpointFailed':
      pending.get(message.requestId)?.reject(new Error(message.message))
      pending.delete(message.requestId)
      break
  }
})

async function control(): Promise<'continue' | 'stop'> {
  // Yield once per step so pause/stop messages are seen between steps.
  await new Promise<void>((resolve) => setImmediate(resolve))
  // Said once the loop really stands still: the main side shows 'paused' only from here, after
  // the step report or checkpoint that was on its way when the pause came.
  // (Again after each wake-up that finds it still paused: a resume and a pause may both arrive
  // before the loop looks.)
  while (paused && !stopRequested) {
    send({ type: 'paused' })
    await new Promise<void>((resolve) => (wake = resolve))
  }
  wake = null
  return stopRequested ? 'stop' : 'continue'
}

async function saveCheckpoint(data: CheckpointData): Promise<number> {
  const { modelJson, weightData } = await weightsToArtifacts(data.weights)
  const resumeBlob = encodeResumeState(data.resume)
  const requestId = nextRequest++
  const saved = new Promise<number>((resolve, reject) => pending.set(requestId, { resolve, reject }))
  send(
    {
      type: 'checkpoint',
      requestId,
      modelJson: JSON.stringify(modelJson satisfies LayersModelJson),
      weightData,
      resumeBlob,
      step: data.step,
      epoch: data.epoch,
      trainLoss: data.trainLoss,
      valBits: data.valBits,
      isBest: data.isBest,
      kind: data.kind,
      charsPerSec: data.charsPerSec,
      etaSeconds: data.etaSeconds,
    },
    [weightData.buffer as ArrayBuffer, resumeBlob.buffer as ArrayBuffer],
  )
  return saved
}

async function run(job: WorkerJob): Promise<void> {
  try {
    const engine = await chooseEngine(job.engine, job.addonPath)
    const vocab = job.vocab ? Vocab.fromJson(job.vocab) : undefined
    // A fine-tune (a checkpoint without its run's resume state) may grow the vocabulary; a resumed
    // run continues with the weights and vocabulary it has.
    const fineTune = job.start.kind === 'checkpoint' && job.start.resumeBlob === undefined
    const text = trainingTextCleaner()
    const data = prepareTrainingData(job.tunes, { clean: text.clean, vocab, grow: fineTune, ordinals: job.ordinals })
    const start: LoopStart =
      job.start.kind === 'checkpoint'
        ? {
            weights: growVocabWeights(
              await artifactsToWeights({ modelJson: JSON.parse(job.start.modelJson) as LayersModelJson, weightData: job.start.weightData }),
              data.grown.length,
              job.config.seed,
            ),
            resume: job.start.resumeBlob ? decodeResumeState(job.start.resumeBlob) : undefined,
          }
        : { weights: initWeights({ vocabSize: data.vocab.size, ...job.sizes }, job.start.seed) }
    const shape: ModelShape = {
      vocabSize: start.weights.vocabSize,
      embeddingDim: start.weights.embeddingDim,
      lstmUnits: start.weights.layers.map((l) => l.units),
    }
    // Too little text for these window sizes is the caller's mistake: say so before 'ready'.
    const layout = windowLayout(epochText(data.trainTunes, job.config.seed, 0).length, job.config.batch, job.config.seqLen)
    requireWindows(layout, 'training')
    send({
      type: 'ready',
      backend: engine.describe(),
      vocab: data.vocab.toJson(),
      shape,
      tuneCount: data.tuneCount,
      conform: data.conform,
      grown: data.grown,
      dialect: text.totals,
      stepsPerEpoch: layout.windows,
    })
    const result = await runTrainingLoop(engine, shape, data, job.config, start, {
      onStep: (report) => send({ type: 'step', ...report }),
      saveCheckpoint,
      control,
    })
    send({ type: 'done', result })
  } catch (err) {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) })
  }
}
