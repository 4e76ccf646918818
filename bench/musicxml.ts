/**
 * MusicXML round trip over the bundled Nottingham corpus: ABC → MusicXML (services/musicxml.ts,
 * musicxml-io) → ABC, judged by what abcjs plays from each text (melody pitch and duration,
 * repeats expanded), so the measure is independent of the converter. Two ways back: the MusicXML
 * as written (musicxml-io keeps ABC-only facts in <miscellaneous> fields), and with those fields
 * removed, as from a program that does not know them. Also counts what the text loses.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import abcjs from 'abcjs'
import { splitTunes, readHeaders } from '../src-shared/abc'
import { abcToMusicXml, musicXmlToAbc } from '../src-main/services/musicxml'
import { splitTracks } from '../src-renderer/src/playback/timing/timeline'
import type { BenchSection, JsonValue } from './section'

const CORPUS = fileURLToPath(new URL('../resources/corpus/nottingham', import.meta.url))
const QUICK_TUNES = 120

export function corpusTunes(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.abc'))
    .sort()
    .flatMap((file) => splitTunes(readFileSync(`${CORPUS}/${file}`, 'utf8')).tunes.map((t) => t.text))
}

/**
 * What abcjs plays from a tune's text: the melody as "pitch@duration" tokens, in order. Y: lines
 * are commented out first, as in the playback bench: abcjs reads the Nottingham files' Y:AABB
 * (the order of parts) as notes, which no player would play.
 */
export function playedNotes(abc: string): string[] {
  const tune = abcjs.parseOnly(abc.replace(/^Y:/gm, '%Y:'))[0]
  if (!tune) return []
  return splitTracks(tune.setUpAudio({})).melody.map((n) => `${n.pitch}@${Math.round(n.duration * 3840)}`)
}

/** Length of the longest common subsequence: how many notes survive, in order. */
export function notesKept(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0)
    for (let j = 1; j <= b.length; j++) row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1])
    prev = row
  }
  return prev[b.length]
}

/** MusicXML as a program that does not know musicxml-io's ABC fields would hand it back. */
export function withoutAbcHints(xml: string): string {
  return xml.replace(/<miscellaneous>[\s\S]*?<\/miscellaneous>/g, '')
}

/** Things of the text (not the sound) counted before and after, to say what the trip loses. */
const TEXT_FEATURES: Record<string, (abc: string) => number> = {
  chordSymbols: (abc) => (body(abc).match(/"[^"]*"/g) ?? []).length,
  graceGroups: (abc) => (body(abc).match(/\{[^}]*\}/g) ?? []).length,
  rolls: (abc) => (body(abc).match(/~/g) ?? []).length,
  slurs: (abc) => (body(abc).match(/\((?!\d)/g) ?? []).length,
  ties: (abc) => (body(abc).match(/-/g) ?? []).length,
  commentLines: (abc) => (abc.match(/^%.*$/gm) ?? []).length,
  headerFields: (abc) => Object.values(readHeaders(abc).fields).flat().length,
}

function body(abc: string): string {
  return abc.split('\n').slice(readHeaders(abc).bodyStart).join('\n')
}

export interface RoundTrip {
  tunes: number
  failed: number
  notes: number
  kept: number
  /** Notes abcjs plays from the text that came back and not from the original. */
  added: number
  keptPercent: number
  tunesExact: number
}

/** Round-trips `tunes` and measures the notes kept; `strip` drops the ABC hints first. */
export function measureRoundTrip(tunes: string[], strip: boolean, lost?: Record<string, [number, number]>): RoundTrip {
  let notes = 0
  let kept = 0
  let failed = 0
  let exact = 0
  let added = 0
  for (const text of tunes) {
    const before = playedNotes(text)
    notes += before.length
    let back: string
    try {
      const xml = abcToMusicXml(text)[0].xml
      back = musicXmlToAbc(new TextEncoder().encode(strip ? withoutAbcHints(xml) : xml))
    } catch {
      failed++
      continue
    }
    const after = playedNotes(back)
    const k = notesKept(before, after)
    kept += k
    added += after.length - k
    if (k === before.length && after.length === before.length) exact++
    if (lost) {
      for (const [name, count] of Object.entries(TEXT_FEATURES)) {
        const [b, a] = lost[name] ?? [0, 0]
        lost[name] = [b + count(text), a + count(back)]
      }
    }
  }
  return { tunes: tunes.length, failed, notes, kept, added, keptPercent: Math.round((kept / Math.max(1, notes)) * 10000) / 100, tunesExact: exact }
}

export const musicxmlSection: BenchSection = {
  name: 'musicxml',
  async run(ctx) {
    const all = corpusTunes()
    const tunes = ctx.quick ? all.slice(0, QUICK_TUNES) : all
    const started = performance.now()
    const lost: Record<string, [number, number]> = {}
    const asWritten = measureRoundTrip(tunes, false, lost)
    const ms = performance.now() - started
    const plain = measureRoundTrip(tunes, true)
    ctx.log(`musicxml: ${tunes.length} tunes, ${asWritten.keptPercent} % of notes kept (${plain.keptPercent} % without the ABC hints)`)
    const textFeatures: Record<string, JsonValue> = {}
    for (const [name, [b, a]] of Object.entries(lost)) textFeatures[name] = { before: b, after: a }
    return {
      asWritten: { ...asWritten },
      withoutAbcHints: { ...plain },
      msPerTune: Math.round((ms / tunes.length) * 100) / 100,
      textFeatures,
    }
  },
}
