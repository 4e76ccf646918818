/**
 * `convert --file F.abc --to pdf|musicxml --out FILE [--title TEXT]`: every tune of an ABC file,
 * in order, as a printed tunebook (title page, contents with page numbers, the tunes, an index by
 * title and by rhythm and key), or as MusicXML (one score per tune: with several tunes, FILE's
 * name gets -1, -2 … before its extension). The ABC file is only read.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { makeTunebookPdf, TunebookError } from '../../services/tunebook-pdf'
import { abcToMusicXml, MusicXmlError } from '../../services/musicxml'
import { UsageError, stringOption, type CliCommand, type CommandContext } from '../command'

const FORMATS = ['pdf', 'musicxml'] as const

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Turn an ABC file into a tunebook PDF of every tune in it, or into MusicXML',
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
    if (to === 'musicxml') return writeMusicXml(ctx, abc, out)
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

/** One MusicXML file per tune: FILE itself for one tune, FILE-1, FILE-2 … for several. */
async function writeMusicXml(ctx: CommandContext, abc: string, out: string): Promise<void> {
  let scores: ReturnType<typeof abcToMusicXml>
  try {
    scores = abcToMusicXml(abc)
  } catch (err) {
    if (err instanceof MusicXmlError) throw new UsageError(err.message)
    throw err
  }
  const ext = path.extname(out) || '.musicxml'
  const stem = out.slice(0, out.length - path.extname(out).length)
  const written = scores.map((s, i) => ({ title: s.title, file: scores.length === 1 ? out : `${stem}-${i + 1}${ext}`, xml: s.xml }))
  for (const w of written) await fs.writeFile(w.file, w.xml)
  ctx.out(
    { files: written.map((w) => ({ title: w.title, file: w.file })) },
    written.map((w) => `Wrote ${w.file}: ${w.title}`),
  )
}
