/**
 * `infill --file tune.abc --bars 5-6 [--tune X] [--n N] [--candidates C] [sampling options] [--json]`:
 * rewrites the selected bars of a tune so they lead into the bars after them; `vary` (same
 * options) writes them again with the same rhythm and new notes. Each alternative
 * goes to stdout as the whole tune (its own X: line first, the rest byte for byte as written
 * except the selected bars), one after another; a line per alternative with its fit on stderr.
 */
import type { InfillAlternative, InfillResult, VaryAlternative, VaryResult } from '../../../src-shared/contract/cocompose'
import { UsageError, intOption, stringOption, type CliCommand, stringOptions } from '../command'
import { readPrompt } from './continue'

/** "5-6" or "5" → { from, to }; the contract judges the numbers themselves. */
export function parseBarRange(value: string | undefined): { from: number; to: number } {
  const m = value === undefined ? null : /^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$/.exec(value)
  if (!m) throw new UsageError(`--bars takes a bar or a range of bars such as 5 or 5-6, not "${value ?? ''}"`)
  const from = Number(m[1])
  return { from, to: m[2] === undefined ? from : Number(m[2]) }
}

const numbers = (values: Record<string, unknown>, names: Record<string, string>): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [option, field] of Object.entries(names)) {
    const v = stringOption(values[option])
    if (v === undefined) continue
    const n = Number(v)
    if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${option} must be a number, not "${v}"`)
    out[field] = n
  }
  return out
}

/** `infill` and `vary` take the same selection and settings and print the same way. */
function rewriteCommand(name: 'infill' | 'vary', summary: string): CliCommand {
  return {
    name,
    summary,
    usage: `${name} --file tune.abc --bars FROM-TO [--tune X] [--n N] [--candidates C] [--temperature T] [--top-p P] [--seed S] [--model ID] [--json]`,
    options: {
      ...stringOptions('file', 'bars', 'tune', 'n', 'candidates', 'temperature', 'top-p', 'seed', 'model'),
    },
    async run(ctx) {
      const file = stringOption(ctx.values.file)
      if (!file) throw new UsageError(`${name} needs --file FILE (or --file - for stdin)`)
      const bars = parseBarRange(stringOption(ctx.values.bars))
      const tune = intOption(ctx.values.tune, 'tune', 0, 2 ** 31 - 1)
      const text = await readPrompt(file)
      const settings = numbers(ctx.values, { n: 'n', candidates: 'candidates', temperature: 'temperature', 'top-p': 'topP', seed: 'seed', model: 'modelId' })
      const api = await ctx.api()
      const selection = tune === undefined ? { bars } : { bars, tune }
      const result: VaryResult | InfillResult = await api.cocompose[name]({ text, selection, ...settings })
      const { fromBar, toBar } = result.selection
      const original = result.original
      ctx.log(`bars ${fromBar}-${toBar} as written: fit ${original.fitBits} bits over the next ${result.fitChars} chars (own ${original.ownBits} bits)`)
      result.alternatives.forEach((a: InfillAlternative & Partial<VaryAlternative>, i) => {
        const changed = a.changed === undefined ? '' : `, ${Math.round(a.changed * 100)} % of notes changed, contour ${Math.round((a.contour ?? 0) * 100)} % kept`
        ctx.log(`alternative ${i + 1}: ${JSON.stringify(a.text)}, fit ${a.fitBits} bits (own ${a.ownBits})${changed}; ${a.diagnostics.length} problem(s)`)
      })
      ctx.log(`${result.distinct} distinct of ${result.candidates} candidates; model "${result.model.name}" on ${result.model.engine}, seed ${result.seed}, ${result.seconds} s`)
      ctx.out(result, result.alternatives.map((a) => a.tune.replace(/\s*$/, '')).join('\n\n'))
    },
  }
}

export const infillCommand = rewriteCommand('infill', 'Rewrite bars of a tune (--bars 5-6) so they fit the bars before and after them')
export const varyCommand = rewriteCommand('vary', 'Vary bars of a tune (--bars 1-2): the same rhythm, new notes, the shape kept')
