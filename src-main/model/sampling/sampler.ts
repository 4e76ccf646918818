/**
 * The sampler: continues a prompt into N variations at once.
 *
 * The prompt is read once, then every variation starts from that state and all of them advance
 * together, one `LstmStepper.step` per character for all rows (a batched step costs far less
 * than N single ones on the native engine, and never goes through tfjs `model.predict`).
 * Per step and variation: logits → temperature → top-k → top-p → constraint masks → renormalise
 * → draw with the variation's own seeded stream.
 */
import type { LstmStepper } from '../../engine/types'
import type { ConformReport, Vocab } from '../vocab'
import type { CharConstraint, ConstraintFactory } from './constraints'
import { applyTopKTopP, draw, softmaxInto, type FilterOptions } from './filters'
import { variationRng } from './rng'
import { StopWatcher, type StopMode, type StopReason } from './stop'

export interface SamplingModel {
  readonly vocab: Vocab
  /** A stepper over this model's weights for `batchSize` rows, in zero state. */
  createStepper(batchSize: number): LstmStepper
  /** Takes a stepper back for reuse (a pool); without it the sampler disposes of the stepper. */
  releaseStepper?(stepper: LstmStepper): void
}

export interface SampleOptions extends FilterOptions {
  /** Number of variations (rows). */
  n: number
  seed: number
  /** Most characters generated per variation. */
  maxLength: number
  stop: StopMode
  /** Masks applied before drawing, in order; each variation gets its own copy. */
  constraints?: ConstraintFactory[]
  /** Streaming: called with each variation's new text, every `chunkChars` characters or so. */
  onChunk?: (variation: number, text: string) => void
  chunkChars?: number
  /** Checked between steps; when aborted the variations stop where they are ('max-length'). */
  signal?: AbortSignal
}

export interface SampledVariation {
  /** The generated text only (the continuation of the prompt). */
  text: string
  stoppedBy: StopReason
  /** Bar lines written. */
  bars: number
  /** Steps where a mask removed at least one candidate the filters had kept. */
  maskedSteps: number
  /** Steps where every top-k/top-p candidate was masked, so the draw widened to the whole distribution. */
  maskWidened: number
  /** Steps where even the whole distribution was masked, so the unmasked distribution was used. */
  maskFallbacks: number
  /** Mean surprise of the chosen characters under the model's own distribution (temperature 1), in bits. */
  meanBitsPerChar: number
}

export interface SampleResult {
  /** The prompt as the model read it (the last tune of the input, conformed to the vocabulary). */
  prompt: string
  /** Prompt characters the vocabulary lacks, and what became of them. */
  unknownChars: ConformReport
  variations: SampledVariation[]
}

interface Row {
  rng: () => number
  watcher: StopWatcher
  constraints: CharConstraint[]
  generated: string
  emitted: number
  done: boolean
  result?: SampledVariation
  maskedSteps: number
  maskWidened: number
  maskFallbacks: number
  bits: number
  steps: number
}

export function sample(model: SamplingModel, prompt: string, options: SampleOptions): SampleResult {
  const run = sampling(model, prompt, options)
  for (let next = run.next(); ; next = run.next()) if (next.done) return next.value
}

/**
 * The same, giving the event loop a turn every `yieldEvery` characters so streamed chunks
 * actually leave the process (IPC, server-sent events) while the variations are written, and
 * other calls are served meanwhile.
 */
export async function sampleAsync(model: SamplingModel, prompt: string, options: SampleOptions & { yieldEvery?: number }): Promise<SampleResult> {
  const every = Math.max(1, options.yieldEvery ?? 8)
  const run = sampling(model, prompt, options)
  for (let i = 1, next = run.next(); ; next = run.next(), i++) {
    if (next.done) return next.value
    if (i % every === 0) await new Promise<void>((resolve) => setImmediate(resolve))
  }
}

/** The sampling loop; yields after each character step so callers decide when to pause. */
function* sampling(model: SamplingModel, prompt: string, options: SampleOptions): Generator<void, SampleResult, void> {
  const { vocab } = model
  const { n, maxLength } = options
  if (!Number.isInteger(n) || n < 1) throw new Error(`the number of variations must be a positive integer, got ${n}`)
  const { text: conformed, report } = vocab.conform(prompt)
  if (conformed.length === 0) throw new RangeError('the prompt is empty once characters the model does not know are removed')
  const ids = vocab.encodeStrict(conformed)

  const stepper = model.createStepper(n)
  try {
    let logits = prime(stepper, ids)
    yield
    const constraints = (options.constraints ?? []).map((make) => make(conformed))
    const rows: Row[] = Array.from({ length: n }, (_, r) => ({
      rng: variationRng(options.seed, r),
      watcher: newWatcher(options.stop, conformed),
      constraints: constraints.map((c) => c.clone()),
      generated: '',
      emitted: 0,
      done: false,
      maskedSteps: 0,
      maskWidened: 0,
      maskFallbacks: 0,
      bits: 0,
      steps: 0,
    }))

    const V = vocab.size
    const scratch = newScratch(V)
    const tokens = new Int32Array(n)
    const chunk = Math.max(1, options.chunkChars ?? 16)
    let active = n

    for (let length = 0; active > 0; length++) {
      for (let r = 0; r < n; r++) {
        const row = rows[r]
        if (row.done) continue
        if (length >= maxLength || options.signal?.aborted) {
          finish(row, 'max-length', 0)
          active--
          continue
        }
        const token = choose(logits, r * V, V, options, row, vocab, scratch)
        tokens[r] = token
        const ch = vocab.chars[token]
        row.generated += ch
        for (const c of row.constraints) c.push(ch)
        const decision = row.watcher.push(ch)
        if (decision) {
          finish(row, decision.reason, decision.trim)
          active--
        } else if (options.onChunk && row.generated.length - row.emitted >= chunk) {
          emitSafe(row, r, options.onChunk)
        }
      }
      if (active > 0) {
        logits = stepper.step(tokens)
        yield
      }
    }

    if (options.onChunk) {
      for (let r = 0; r < n; r++) {
        const row = rows[r]
        const text = row.result!.text
        if (text.length > row.emitted) options.onChunk(r, text.slice(row.emitted))
      }
    }
    return { prompt: conformed, unknownChars: report, variations: rows.map((row) => row.result!) }
  } finally {
    model.releaseStepper?.(stepper)
    if (!model.releaseStepper) stepper.dispose()
  }
}

/**
 * Reads the prompt into the state of every row. `LstmStepper.step` advances all rows at once and
 * has no single-row form, so every row reads the same tokens; on the native engine that costs
 * little more than one row (a 3-row step measured ~1.2× a 1-row step: the weights are read once
 * per step whatever the batch). Copying row 0 to the others then guarantees identical starts
 * even if an engine keeps per-row scratch.
 */
export function prime(stepper: LstmStepper, ids: Int32Array): Float32Array {
  const n = stepper.batchSize
  const tokens = new Int32Array(n)
  let logits: Float32Array = new Float32Array(0)
  for (const id of ids) {
    tokens.fill(id)
    logits = stepper.step(tokens)
  }
  for (let r = 1; r < n; r++) stepper.copyRow(0, r)
  return logits
}

/** Per-step buffers, allocated once per request. */
export interface Scratch {
  probs: Float64Array
  order: Int32Array
  /** Characters a mask rejected at this step (1 = rejected). */
  rejected: Uint8Array
}

/** What drawing a character needs of a row (co-composition draws with the same rules). */
export type DrawRow = Pick<Row, 'rng' | 'constraints' | 'maskedSteps' | 'maskWidened' | 'maskFallbacks' | 'bits' | 'steps'>

export const newScratch = (V: number): Scratch => ({ probs: new Float64Array(V), order: new Int32Array(V), rejected: new Uint8Array(V) })

/** One character for one row: filters, the row's constraints (masks), a draw from its own stream. */
export function choose(logits: Float32Array, offset: number, V: number, options: FilterOptions, row: DrawRow, vocab: Vocab, scratch: Scratch): number {
  const { probs, order, rejected } = scratch
  softmaxInto(logits, offset, V, options.temperature, probs)
  applyTopKTopP(probs, V, options.topK, options.topP, order)
  // Draw first even when a suggestion is taken, so every row's random stream advances alike.
  let token = draw(probs, V, row.rng())
  const suggested = suggestion(row, vocab, logits, offset)
  if (suggested >= 0) token = suggested
  else if (row.constraints.length > 0) {
    // Rejection instead of asking every candidate: drawing again from what is left is the same
    // distribution as masking then renormalising, and usually needs one or two `allows` calls.
    const allowed = (t: number): boolean => row.constraints.every((c) => c.allows(vocab.chars[t]))
    let masked = false
    let widened = false
    rejected.fill(0)
    while (!allowed(token)) {
      masked = true
      rejected[token] = 1
      probs[token] = 0
      token = draw(probs, V, row.rng())
      if (token >= 0) continue
      if (!widened) {
        // Every candidate top-k/top-p kept is masked. Before giving up on the mask, widen to the
        // whole distribution: the way out (often a bar line the model rated at a few percent) is
        // usually there. Giving up at once would write a faulty bar, and a faulty bar stays
        // faulty to its end, so every following step would fall back too.
        widened = true
        row.maskWidened++
        softmaxInto(logits, offset, V, options.temperature, probs)
        for (let i = 0; i < V; i++) if (rejected[i]) probs[i] = 0
        token = draw(probs, V, row.rng())
        continue
      }
      // Nothing the model can write keeps the constraints: use the unmasked distribution.
      row.maskFallbacks++
      softmaxInto(logits, offset, V, options.temperature, probs)
      applyTopKTopP(probs, V, options.topK, options.topP, order)
      token = draw(probs, V, row.rng())
      break
    }
    if (masked) row.maskedSteps++
  }
  row.bits += surpriseBits(logits, offset, V, token)
  row.steps++
  return token
}

/**
 * A character a constraint suggests (a phrase echo), when the model finds it likely enough: judged
 * on the model's own distribution (temperature 1, before top-k/top-p), because the start of an
 * echo is usually outside the nucleus and that is exactly the choice the echo adds.
 */
function suggestion(row: DrawRow, vocab: Vocab, logits: Float32Array, offset: number): number {
  for (const c of row.constraints) {
    const s = c.suggest?.()
    if (!s) continue
    const id = vocab.idOf(s.ch)
    if (id === undefined || 2 ** -surpriseBits(logits, offset, vocab.size, id) < s.minProb) return -1
    return row.constraints.every((other) => other.allows(s.ch)) ? id : -1
  }
  return -1
}

/** -log2 p(token) under the model's plain softmax (temperature 1, no filters). */
export function surpriseBits(logits: Float32Array, offset: number, V: number, token: number): number {
  let max = -Infinity
  for (let i = 0; i < V; i++) max = Math.max(max, logits[offset + i])
  let sum = 0
  for (let i = 0; i < V; i++) sum += Math.exp(logits[offset + i] - max)
  return (Math.log(sum) - (logits[offset + token] - max)) / Math.LN2
}

function finish(row: Row, reason: StopReason, trim: number): void {
  row.done = true
  row.result = {
    text: row.generated.slice(0, row.generated.length - trim),
    stoppedBy: reason,
    bars: row.watcher.bars,
    maskedSteps: row.maskedSteps,
    maskWidened: row.maskWidened,
    maskFallbacks: row.maskFallbacks,
    meanBitsPerChar: row.steps ? row.bits / row.steps : 0,
  }
}

/**
 * Streams the new text of a row, holding back what a later stop may still cut: the current line
 * while it is blank (a blank line ends the tune and is left out) or a lone letter (`X:`/`P:`).
 */
function emitSafe(row: Row, r: number, onChunk: (variation: number, text: string) => void): void {
  const lineStart = row.generated.lastIndexOf('\n') + 1
  const line = row.generated.slice(lineStart)
  const hold = /^\s*$/.test(line) || /^[A-Za-z]$/.test(line) ? line.length : 0
  const upTo = Math.max(row.emitted, row.generated.length - hold)
  if (upTo > row.emitted) {
    onChunk(r, row.generated.slice(row.emitted, upTo))
    row.emitted = upTo
  }
}

/** Each row needs its own watcher; reading the prompt again is cheap next to priming the LSTM. */
function newWatcher(mode: StopMode, prompt: string): StopWatcher {
  const watcher = new StopWatcher(mode)
  watcher.readPrompt(prompt)
  return watcher
}
