/**
 * `continue --file partial.abc [--bars N | --line | --part] [sampling options] [--json]`:
 * continues the last tune of the file (`--file -` reads stdin) until its end, or the end of the
 * current line, part, or N more bars. Whole tunes go to stdout: the tune as written in the file,
 * byte for byte, followed by the continuation in the same dialect (`>` when the tune uses it).
 */
import { promises as fs } from 'node:fs'
import { UsageError, intOption, stringOption, type CliCommand, stringOptions } from '../command'
import { SAMPLING_OPTIONS, SAMPLING_USAGE, printResult, samplingInput } from './generate'

/** The file's text, or stdin's for `-`. */
export async function readPrompt(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }
  return fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`)
  })
}

export const continueCommand: CliCommand = {
  name: 'continue',
  summary: 'Continue the last tune of an ABC file (to its end, or --line, --part, --bars N)',
  usage: `continue --file partial.abc [--bars N | --line | --part] ${SAMPLING_USAGE} [--json]`,
  options: {
    ...stringOptions('file', 'bars'),
    line: { type: 'boolean', default: false },
    part: { type: 'boolean', default: false },
    ...SAMPLING_OPTIONS,
  },
  async run(ctx) {
    const file = stringOption(ctx.values.file)
    if (!file) throw new UsageError('continue needs --file FILE (or --file - for stdin)')
    const stops = [ctx.values.bars !== undefined, ctx.values.line === true, ctx.values.part === true].filter(Boolean).length
    if (stops > 1) throw new UsageError('use at most one of --bars N, --line and --part')
    const bars = intOption(ctx.values.bars, 'bars', 1, 256)
    const stop = bars !== undefined ? { bars } : ctx.values.line === true ? 'line' : ctx.values.part === true ? 'part' : 'tune'
    const prompt = await readPrompt(file)
    const api = await ctx.api()
    printResult(ctx, await api.model.continue({ prompt, stop, ...samplingInput(ctx.values) }), 'as-written')
  },
}
