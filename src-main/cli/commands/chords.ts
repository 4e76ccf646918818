/**
 * `chords --file tune.abc [--bars FROM-TO] [--tune X] [--beam N] [--model ID] [--json]`: a chord
 * symbol for every bar of the tune (or only the bars given, the others read as written, their
 * chords included), chosen by the model. Prints the tune with the suggestions in place (each bar's
 * chord symbol at its start, and at its middle where the model changes chord there, replacing one
 * already there; the rest byte for byte), and one line per bar on stderr.
 */
import { UsageError, intOption, stringOption, type CliCommand, stringOptions } from '../command'
import { readPrompt } from './continue'
import { parseBarRange } from './infill'

export const chordsCommand: CliCommand = {
  name: 'chords',
  summary: 'Suggest a chord symbol for every bar of a tune',
  usage: 'chords --file tune.abc [--bars FROM-TO] [--tune X] [--beam N] [--model ID] [--json]',
  options: {
    ...stringOptions('file', 'bars', 'tune', 'beam', 'model'),
  },
  async run(ctx) {
    const file = stringOption(ctx.values.file)
    if (!file) throw new UsageError('chords needs --file FILE (or --file - for stdin)')
    const tune = intOption(ctx.values.tune, 'tune', 0, 2 ** 31 - 1)
    const beam = intOption(ctx.values.beam, 'beam', 1, 8)
    const modelId = intOption(ctx.values.model, 'model', 1, 2 ** 31 - 1)
    const text = await readPrompt(file)
    const api = await ctx.api()
    const bars = ctx.values.bars === undefined ? undefined : parseBarRange(stringOption(ctx.values.bars))
    const selection = bars === undefined ? {} : { selection: tune === undefined ? { bars } : { bars, tune } }
    const input = { text, ...selection, ...(tune === undefined ? {} : { tune }), ...(beam === undefined ? {} : { beam }), ...(modelId === undefined ? {} : { modelId }) }
    const result = await api.cocompose.chords(input)
    for (const c of result.chords) {
      const change = c.change ? ` ${c.change.chord} (from the middle of the bar)` : ''
      ctx.log(`bar ${c.bar}: ${c.chord}${change}${c.existing === null ? '' : ` (was ${c.existing})`}`)
    }
    if (result.bars) ctx.log(`bars ${result.bars.from}-${result.bars.to} harmonised; the others as written`)
    ctx.log(`K:${result.key}; model "${result.model.name}" on ${result.model.engine}, ${result.seconds} s`)
    ctx.out(result, result.withChords.slice(result.tune.start, result.tune.end + (result.withChords.length - text.length)).replace(/\s*$/, ''))
  },
}
