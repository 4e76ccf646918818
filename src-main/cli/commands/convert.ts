/**
 * `convert --file F.abc --to pdf|musicxml|wav --out FILE [--title TEXT] [--sound S] [--backing B]`:
 * every tune of an ABC file, in order, as a printed tunebook (title page, contents with page
 * numbers, the tunes, an index by title and by rhythm and key), as MusicXML (one score per tune),
 * or as WAV recordings played by the app's player at the tune's Q: tempo (one file per tune, on
 * the instrument --sound with --backing from the chord symbols). With several tunes, MusicXML and
 * WAV files get -1, -2 … before FILE's extension. The ABC file is only read.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { makeTunebookPdf, TunebookError } from '../../services/tunebook-pdf'
import { abcToMusicXml, MusicXmlError } from '../../services/musicxml'
import { makeTuneWavs, TuneWavError, type TuneWavOptions } from '../../services/tune-wav'
import { ChromiumMissingError } from '../../services/chromium'
import { BACKING_SOUNDS, backingSound, DEFAULT_SOUNDS, MELODY_SOUNDS, melodySound } from '../../../src-shared/audio/samples'
import { UsageError, stringOption, type CliCommand, type CommandContext, stringOptions } from '../command'

const FORMATS = ['pdf', 'musicxml', 'wav'] as const
const MELODY_CHOICES = Object.keys(MELODY_SOUNDS)
/** `none` plays the tune alone. */
const BACKING_CHOICES = [...Object.keys(BACKING_SOUNDS), 'none']

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Turn an ABC file into a tunebook PDF of every tune in it, into MusicXML, or into WAV recordings',
  usage: `convert --file F.abc --to ${FORMATS.join('|')} --out FILE [--title TEXT] [--sound ${MELODY_CHOICES.join('|')}] [--backing ${BACKING_CHOICES.join('|')}]`,
  options: {
    ...stringOptions('file', 'to', 'out', 'title', 'sound', 'backing'),
  },
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
    if (to === 'wav') return writeWavs(ctx, abc, out, wavOptions(ctx))
    const title = stringOption(ctx.values.title) ?? path.basename(file, path.extname(file))
    ctx.log(`engraving ${file} in Chromium…`)
    let book: Awaited<ReturnType<typeof makeTunebookPdf>>
    try {
      book = await makeTunebookPdf({ title, abc })
    } catch (err) {
      if (err instanceof TunebookError || err instanceof ChromiumMissingError) throw new UsageError(err.message)
      throw err
    }
    await fs.writeFile(out, book.pdf)
    ctx.out(
      { out, pages: book.pageCount, tunes: book.tunes },
      [`Wrote ${out}: ${book.tunes.length} tunes on ${book.pageCount} pages`, ...book.tunes.map((t) => `  p. ${String(t.page).padStart(3)}  ${t.title}`)],
    )
  },
}

/** FILE itself for one tune, FILE-1, FILE-2 … (before the extension) for several. */
function numberedFiles(out: string, count: number, defaultExt: string): string[] {
  const ext = path.extname(out) || defaultExt
  const stem = out.slice(0, out.length - path.extname(out).length)
  return Array.from({ length: count }, (_, i) => (count === 1 ? out : `${stem}-${i + 1}${ext}`))
}

function wavOptions(ctx: CommandContext): TuneWavOptions {
  const melody = stringOption(ctx.values.sound) ?? DEFAULT_SOUNDS.melody
  const backing = stringOption(ctx.values.backing) ?? DEFAULT_SOUNDS.backing
  if (!Object.hasOwn(MELODY_SOUNDS, melody)) throw new UsageError(`--sound must be one of ${MELODY_CHOICES.join(', ')}, not "${melody}"`)
  if (!BACKING_CHOICES.includes(backing)) throw new UsageError(`--backing must be one of ${BACKING_CHOICES.join(', ')}, not "${backing}"`)
  return {
    sounds: { melody: melodySound(melody), backing: backingSound(backing) },
    feel: null,
    backing: backing !== 'none',
  }
}

/** One WAV file per tune, rendered by the app's player in Chromium. */
async function writeWavs(ctx: CommandContext, abc: string, out: string, options: TuneWavOptions): Promise<void> {
  ctx.log('rendering audio in Chromium…')
  let wavs: Awaited<ReturnType<typeof makeTuneWavs>>
  try {
    wavs = await makeTuneWavs(abc, options, (line) => ctx.log(line))
  } catch (err) {
    if (err instanceof TuneWavError || err instanceof ChromiumMissingError) throw new UsageError(err.message)
    throw err
  }
  const files = numberedFiles(out, wavs.length, '.wav')
  for (const [i, w] of wavs.entries()) await fs.writeFile(files[i], w.wav)
  const written = wavs.map((w, i) => ({ title: w.title, file: files[i], seconds: w.seconds, bpm: w.bpm, problem: w.problem }))
  ctx.out(
    { files: written, sounds: options.sounds, backing: options.backing },
    written.flatMap((w) => [`Wrote ${w.file}: ${w.title}, ${w.seconds.toFixed(1)} s at ${w.bpm} a minute`, ...(w.problem ? [`  ${w.problem}`] : [])]),
  )
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
  const files = numberedFiles(out, scores.length, '.musicxml')
  const written = scores.map((s, i) => ({ title: s.title, file: files[i], xml: s.xml }))
  for (const w of written) await fs.writeFile(w.file, w.xml)
  ctx.out(
    { files: written.map((w) => ({ title: w.title, file: w.file })) },
    written.map((w) => `Wrote ${w.file}: ${w.title}`),
  )
}
