/**
 * The co-composition domain: the model works on bars the musician selects. Chords suggests a
 * chord symbol per bar (model/cocompose/chords.ts). Vary keeps the bars' rhythm and finds new
 * pitches (vary.ts) through the same rows as infill. Infill samples and
 * ranks candidates (model/cocompose/infill.ts) and keeps the best distinct ones that add no
 * problem the checker finds (a wrong bar length, an unpaired repeat, a broken tie) to the tune; each comes with
 * the whole tune and the whole text with it in place, so showing, playing and "Use this" need no
 * more text handling in the shells.
 */
import { randomInt } from 'node:crypto'
import type { CheckResult } from '../../src-shared/contract/abc'
import type { HandlersOf } from '../../src-shared/contract/channel'
import type { ChordsResult, cocomposeChannels, InfillAlternative, InfillRequest, InfillResult } from '../../src-shared/contract/cocompose'
import { ApiError } from '../../src-shared/contract/errors'
import { suggestChords } from '../model/cocompose/chords'
import type { Harmoniser } from '../model/cocompose/harmony-model'
import { infill, type InfillRun, type InfillSettings, type ScoredBars } from '../model/cocompose/infill'
import { vary } from '../model/cocompose/vary'
import type { SamplingModel } from '../model/sampling/sampler'
import { SelectionError, type BarSelection } from '../model/cocompose/selection'
import type { ModelService } from './model-service'
import { inlineChecker, type Checker } from './check-pool'

export interface CocomposeServiceDeps {
  model: Pick<ModelService, 'samplingFor'>
  /** Where the ABC checks run: boot passes the worker pool; default: this thread. */
  check?: Checker
  /** The learned harmoniser chords are weighed with (boot reads the shipped one); default: none, the model and the melody's cover alone. */
  harmoniser?: () => Promise<Harmoniser | null>
}

export type CocomposeService = HandlersOf<typeof cocomposeChannels>

/** Ranked candidates checked per alternative wanted before settling for fewer. */
const CHECKS_PER_ALTERNATIVE = 3

export function createCocomposeService(deps: CocomposeServiceDeps): CocomposeService {
  const check = deps.check ?? inlineChecker
  return {
    async chords(input) {
      const started = performance.now()
      const model = await deps.model.samplingFor(input.modelId)
      try {
        const which = input.selection ? { selection: input.selection } : (input.tune ?? (input.at === undefined ? undefined : { at: input.at }))
        const run = await suggestChords(model.sampling, input.text, which, { beam: input.beam }, (await deps.harmoniser?.()) ?? null)
        return {
          model: { name: model.name, engine: model.sampling.engine },
          tune: { start: run.tune.start, end: run.tune.end },
          key: run.key,
          bars: run.selected,
          chords: run.bars,
          withChords: run.withChords,
          seconds: Math.round((performance.now() - started) / 10) / 100,
        } satisfies ChordsResult
      } catch (err) {
        if (err instanceof SelectionError || err instanceof RangeError) throw new ApiError('invalid-input', err.message)
        throw err
      }
    },
    infill: (input) => rewrite(input, async (model, settings) => {
      const run = await infill(model, input.text, input.selection, settings)
      return { run, candidates: run.ranked.map((c) => ({ scored: c, extra: {} })) }
    }),
    vary: (input) => rewrite(input, async (model, settings) => {
      const { run, variations } = await vary(model, input.text, input.selection, settings)
      return { run, candidates: variations.map((v) => ({ scored: v, extra: { changed: v.changed, contour: v.contour } })) }
    }),
  }

  /** Infill and vary alike: sample and rank the candidates, keep the sound ones, say where they go. */
  async function rewrite<X extends object>(
    input: InfillRequest,
    produce: (model: SamplingModel, settings: InfillSettings) => Promise<{ run: InfillRun; candidates: Candidate<X>[] }>,
  ): Promise<Omit<InfillResult, 'alternatives'> & { alternatives: (InfillAlternative & X)[] }> {
    const started = performance.now()
    const seed = input.seed ?? randomInt(0, 2 ** 32 - 1)
    const model = await deps.model.samplingFor(input.modelId)
    let produced: { run: InfillRun; candidates: Candidate<X>[] }
    try {
      produced = await produce(model.sampling, { n: input.n, candidates: input.candidates, seed, temperature: input.temperature, topK: 0, topP: input.topP })
    } catch (err) {
      if (err instanceof SelectionError || err instanceof RangeError) throw new ApiError('invalid-input', err.message)
      throw err
    }
    const { run } = produced
    const { selection } = run
    const tune = { start: selection.tune.start, end: selection.tune.end, text: input.text.slice(selection.tune.start, selection.tune.end) }
    return {
      model: { name: model.name, engine: model.sampling.engine },
      seed,
      selection: { start: selection.start, end: selection.end, fromBar: selection.fromBar, toBar: selection.toBar, text: run.original.text },
      tune,
      original: { ownBits: run.original.ownBits, fitBits: run.original.fitBits },
      alternatives: await keepSound(run.selection, produced.candidates, input.text, tune, input.n, check),
      candidates: input.candidates,
      distinct: run.ranked.length,
      fitChars: run.fitChars,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    }
  }
}

interface Candidate<X> {
  scored: ScoredBars
  /** What the result adds to the alternative (vary: how much changed). */
  extra: X
}

/** The header (to the line of the first bar), the bar before the selection, the new bars, the bar after. */
function excerpt(sel: BarSelection, text: string, bars: string): string {
  const headerEnd = text.lastIndexOf('\n', sel.bars[0].start) + 1
  const from = sel.fromBar >= 2 ? sel.bars[sel.fromBar - 2].start : sel.start
  const to = sel.toBar < sel.bars.length ? sel.bars[sel.toBar].lineEnd : sel.end
  return text.slice(sel.tune.start, Math.max(sel.tune.start, headerEnd)) + text.slice(from, sel.start) + bars + text.slice(sel.end, to)
}

/** Problems a candidate must not add to the tune: wrong bar lengths, and ties that join two pitches or none (tie-check.ts), such as a tie into or out of the selection that the new bars break. */
const problems = (result: CheckResult): number => result.bars.wrong + result.diagnostics.filter((d) => d.source === 'ties').length

/** The best-ranked candidates whose tune has no more problems than the musician's own. */
async function keepSound<X extends object>(
  sel: BarSelection,
  candidates: Candidate<X>[],
  text: string,
  tune: { start: number; end: number; text: string },
  n: number,
  check: Checker,
): Promise<(InfillAlternative & X)[]> {
  const { start, end } = sel
  const before = problems(await check({ abc: tune.text, oneTune: true }))
  const kept: (InfillAlternative & X)[] = []
  for (const { scored: c, extra } of candidates.slice(0, n * CHECKS_PER_ALTERNATIVE)) {
    const replaced = tune.text.slice(0, start - tune.start) + c.text + tune.text.slice(end - tune.start)
    const checked = await check({ abc: replaced, oneTune: true })
    if (problems(checked) > before) continue
    kept.push({
      ...extra,
      text: c.text, tune: replaced, excerpt: excerpt(sel, text, c.text), fullText: text.slice(0, start) + c.text + text.slice(end),
      ownBits: c.ownBits, fitBits: c.fitBits, diagnostics: checked.diagnostics,
    })
    if (kept.length === n) break
  }
  return kept
}
