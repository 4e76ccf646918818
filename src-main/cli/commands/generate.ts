/**
 * `generate --header "M:6/8\nK:G" [--title T] [--n 5] [--temperature 0.8] [--seed 1] [--top-p P]
 * [--top-k K] [--max-length N] [--no-meter] [--stay-in-key] [--model ID] [--json]`: writes whole
 * tunes from a header. The tunes go to stdout as ABC (one per variation, numbered X: 1..n); what
 * the checker and the novelty report say goes to stderr, so stdout stays a valid ABC file.
 */
import type { GenerationResult, modelChannels } from '../../../src-shared/contract/model'
import type { InputOf } from '../../../src-shared/contract/channel'
import { UsageError, stringOption, type CliCommand, type CommandContext, type OptionSpec, stringOptions } from '../command'

type GenerateCall = InputOf<typeof modelChannels.generate>
type HeaderKey = 'meter' | 'key' | 'unitLength' | 'rhythm' | 'title'
/** The header fields of a generate call (M: and K: required). */
export type HeaderInput = Pick<GenerateCall, HeaderKey>
/** The sampling settings every model.* call takes. */
export type SamplingInput = Omit<GenerateCall, HeaderKey>

/** Options shared with `continue`: the sampling settings of the model.* calls. */
export const SAMPLING_OPTIONS: OptionSpec = {
  ...stringOptions('n', 'temperature', 'top-k', 'top-p', 'seed', 'max-length'),
  'no-meter': { type: 'boolean', default: false },
  'stay-in-key': { type: 'boolean', default: false },
  'no-form': { type: 'boolean', default: false },
  ...stringOptions('part-bars', 'model'),
}

export const SAMPLING_USAGE = '[--n N] [--temperature T] [--top-k K] [--top-p P] [--seed S] [--max-length N] [--no-meter] [--stay-in-key] [--no-form] [--part-bars N] [--model ID]'

/**
 * The sampling settings as the API takes them. Numbers are passed through as numbers and the
 * contract's schema (the same one the UI's calls go through) judges them, so the CLI and the app
 * give the same messages.
 */
export function samplingInput(values: CommandContext['values']): SamplingInput {
  const num = (name: string): number | undefined => {
    const v = stringOption(values[name])
    if (v === undefined) return undefined
    const n = Number(v)
    if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not "${v}"`)
    return n
  }
  const input: SamplingInput = {
    n: num('n'),
    temperature: num('temperature'),
    topK: num('top-k'),
    topP: num('top-p'),
    seed: num('seed'),
    maxLength: num('max-length'),
    meterAware: values['no-meter'] !== true,
    stayInKey: values['stay-in-key'] === true,
    formAware: values['no-form'] !== true,
    partBars: num('part-bars'),
    modelId: num('model'),
  }
  for (const key of Object.keys(input) as (keyof SamplingInput)[]) if (input[key] === undefined) delete input[key]
  return input
}

const HEADER_FIELDS: Record<string, HeaderKey> = { M: 'meter', K: 'key', L: 'unitLength', R: 'rhythm', T: 'title' }

/** "M:6/8\nK:G" (a literal \n, a real line break or ;) → { meter: '6/8', key: 'G' }. */
export function parseHeaderOption(header: string): HeaderInput {
  const fields: Partial<Record<HeaderKey, string>> = {}
  for (const part of header.split(/\\n|\n|;/)) {
    if (part.trim() === '') continue
    const m = /^\s*([A-Za-z]):(.*)$/.exec(part)
    if (!m || !HEADER_FIELDS[m[1]]) throw new UsageError(`--header takes M:, K:, L:, R: and T: fields, not "${part.trim()}"`)
    fields[HEADER_FIELDS[m[1]]] = m[2].trim()
  }
  const { meter, key } = fields
  if (!meter || !key) throw new UsageError('--header needs at least M: and K:, e.g. --header "M:6/8\\nK:G"')
  return { ...fields, meter, key }
}

/**
 * The variations as one ABC file; a report per variation on stderr. Tunes written from a header
 * are numbered X: 1..n. A continued tune is the musician's text byte for byte (its X: number
 * included) followed by the continuation, whose trailing blank space alone is trimmed.
 */
export function printResult(ctx: CommandContext, result: GenerationResult, numbering: 'renumber' | 'as-written' = 'renumber'): void {
  const tunes = result.variations.map((v) =>
    numbering === 'renumber' ? v.fullTune.replace(/^X:[^\n]*/, `X: ${v.index + 1}`).replace(/\s*$/, '') : result.prompt + v.text.replace(/\s*$/, ''),
  )
  if (!result.mapping.asWritten) ctx.log(`prompt as the model read it: ${result.mapping.summary}`)
  for (const v of result.variations) {
    const count = (source: string): number => v.diagnostics.filter((d) => d.source === source).length
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
    // Continued tunes keep their own X: number, so their reports go by variation.
    const label = numbering === 'renumber' ? `X: ${v.index + 1}` : `variation ${v.index + 1}`
    // The counts are the whole tune's (prompt and continuation), as the composer's verdict is.
    ctx.log(
      `${label}: ${v.stats.chars} chars, stopped by ${v.stoppedBy}; ${plural(count('abcjs'), 'abcjs warning')}, ` +
        `${v.bars.wrong}/${v.bars.checked} bars wrong, ${plural(count('repeats'), 'unpaired repeat sign')}, ` +
        `${plural(count('fields'), 'field')} written by the model; ${v.form.summary}; ${v.novelty.summary}`,
    )
  }
  ctx.log(`model "${result.model.name}" on ${result.model.engine}, seed ${result.seed}, ${result.seconds} s`)
  ctx.out(result, tunes.join('\n\n'))
}

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'Write new tunes from a header (M:, K:, optional L:, R:, T:)',
  usage: `generate --header "M:6/8\\nK:G" [--title T] ${SAMPLING_USAGE} [--json]`,
  options: { header: { type: 'string' }, title: { type: 'string' }, ...SAMPLING_OPTIONS },
  async run(ctx) {
    const header = stringOption(ctx.values.header)
    if (!header) throw new UsageError('generate needs --header, e.g. --header "M:6/8\\nK:G"')
    const fields = parseHeaderOption(header)
    const title = stringOption(ctx.values.title)
    if (title !== undefined) fields.title = title
    const api = await ctx.api()
    printResult(ctx, await api.model.generate({ ...fields, ...samplingInput(ctx.values) }))
  },
}
