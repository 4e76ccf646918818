/**
 * `convert --file F.abc --to pdf --out book.pdf [--title TEXT]`: every tune of an ABC file, in
 * order, as a printed tunebook (title page, contents with page numbers, the tunes, an index by
 * title and by rhythm and key). The file is only read.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { makeTunebookPdf, TunebookError } from '../../services/tunebook-pdf'
import { UsageError, stringOption, type CliCommand } from '../command'

const FORMATS = ['pdf'] as const

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Turn an ABC file into another format: pdf (a tunebook of every tune in the file)',
  usage: `convert --file F.abc --to ${FORMATS.join('|')} --out FILE [--title TEXT]`,
  options: { file: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, title: { type: 'string' } },
  async run(ctx) {
    const file = stringOption(ctx.values.file)
    const to = stringOption(ctx.values.to)
    const out = stringOption(ctx.values.out)
    if (!file || !to || !out) throw new UsageError(`convert needs --file F.abc, --to ${FORMATS.join('|')} and --out FILE`)
    if (!(FORMATS as readonly string[]).includes(to)) throw new UsageError(`--to must be one of ${FORMATS.join(', ')}, not "${to}"`)
    let abc: string
    try {
      abc = await fs.readFile(file, 'utf8')
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`)
    }
    const title = stringOption(ctx.values.title) ?? path.basename(file, path.extname(file))
    ctx.log(`engraving ${file} in Chromium…`)
    let book: Awaited<ReturnType<typeof makeTunebookPdf>>
    try {
      book = await makeTunebookPdf({ title, abc })
    } catch (err) {
      if (err instanceof TunebookError) throw new UsageError(err.message)
      throw err
    }
    await fs.writeFile(out, book.pdf)
    ctx.out(
      { out, pages: book.pageCount, tunes: book.tunes },
      [`Wrote ${out}: ${book.tunes.length} tunes on ${book.pageCount} pages`, ...book.tunes.map((t) => `  p. ${String(t.page).padStart(3)}  ${t.title}`)],
    )
  },
}
