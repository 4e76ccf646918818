/**
 * MusicXML in and out, through musicxml-io (MIT): ABC → its score model → MusicXML for MuseScore,
 * Finale or Sibelius, and MusicXML (plain .musicxml/.xml or compressed .mxl) → ABC for the
 * library. The user's ABC is only read; what comes back from MusicXML is a new text.
 */
import { isCompressed, parse, parseAbcTunes, parseCompressed, serialize, serializeAbc, type MeasureEntry, type Score } from 'musicxml-io'
import { splitTunes, readHeaders } from '../../src-shared/abc'
import type { ImportSourceFile } from '../library'
import { MUSICXML_EXTENSIONS } from '../../src-shared/contract/library'

export class MusicXmlError extends Error {}

export interface MusicXmlTune {
  title: string
  xml: string
}


/** Each tune of an ABC text as its own MusicXML score (one score is one piece in MusicXML). */
export function abcToMusicXml(abc: string): MusicXmlTune[] {
  const tunes = splitTunes(abc).tunes
  if (tunes.length === 0) throw new MusicXmlError('The text has no tunes (a tune starts at an X: line)')
  return tunes.map((tune) => {
    const title = readHeaders(tune.text).title
    let scores: ReturnType<typeof parseAbcTunes>
    try {
      scores = parseAbcTunes(tune.text)
    } catch (err) {
      throw new MusicXmlError(`"${title}" could not be read for MusicXML: ${err instanceof Error ? err.message : String(err)}`)
    }
    if (scores.length !== 1) throw new MusicXmlError(`"${title}" could not be read for MusicXML`)
    return { title, xml: serialize(withoutAbcWords(scores[0])) }
  })
}

/** The prefix musicxml-io gives ABC-only facts (inline fields, line breaks) it writes as words. */
const ABC_WORDS_PREFIX = '__abc_'

/**
 * The score less the directions that only carry ABC text: other programs would print them on the
 * staff as words ("__abc_field__L:1/4"). What they say that is music (a metre or key change, a
 * tempo) is also in the score's attributes and sound; the rest stays in <miscellaneous> fields.
 */
function withoutAbcWords(score: Score): Score {
  const abcOnly = (entry: MeasureEntry): boolean =>
    entry.type === 'direction' && entry.directionTypes.length > 0 && entry.directionTypes.every((d) => d.kind === 'words' && d.text.startsWith(ABC_WORDS_PREFIX))
  return {
    ...score,
    parts: score.parts.map((part) => ({ ...part, measures: part.measures.map((m) => ({ ...m, entries: m.entries.filter((e) => !abcOnly(e)) })) })),
  }
}

/** A MusicXML file's bytes (plain or compressed) as one ABC tune. */
export function musicXmlToAbc(data: Uint8Array, name = 'the file'): string {
  let score: ReturnType<typeof parse>
  try {
    score = isCompressed(data) ? parseCompressed(data) : parse(new TextDecoder('utf-8').decode(data))
  } catch (err) {
    throw new MusicXmlError(`${name} is not a MusicXML score we can read: ${err instanceof Error ? err.message : String(err)}`)
  }
  // The parser is lenient: a truncated or foreign XML file comes back as a score without notes.
  const hasNotes = score.parts.some((part) => part.measures.some((m) => m.entries.some((e) => e.type === 'note')))
  if (!hasNotes) throw new MusicXmlError(`${name} is not a MusicXML score we can read: it has no notes`)
  // MuseScore and Sibelius name a piece by its work title; musicxml-io's T: comes from the
  // movement title only, so a score with just a work title would otherwise arrive untitled.
  const { workTitle, movementTitle } = score.metadata
  if (!movementTitle && workTitle) score = { ...score, metadata: { ...score.metadata, movementTitle: workTitle } }
  const abc = serializeAbc(score)
  // musicxml-io writes `X: 1` and lines ended by \n; a tune ends at a blank line, so none inside.
  return abc.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n').trim() + '\n'
}

export function isMusicXmlName(name: string): boolean {
  return MUSICXML_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))
}

/**
 * A MusicXML file for the library's import, as the ABC text it becomes (or why it cannot be
 * read); null for any other file, which the import reads as ABC itself.
 */
export function musicXmlSourceFile(name: string, bytes: Uint8Array): ImportSourceFile | null {
  if (!isMusicXmlName(name)) return null
  try {
    return { name, bytes: new TextEncoder().encode(musicXmlToAbc(bytes, name)) }
  } catch (err) {
    return { name, bytes: null, size: bytes.length, unreadable: err instanceof Error ? err.message : String(err) }
  }
}
