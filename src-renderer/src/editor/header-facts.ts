/**
 * Facts for the status line read straight from the text (fast, no round trip): the first M:, K:,
 * T: and the number of bar lines in the tune body. The checker's answer is authoritative for
 * bar lengths; this is what the user sees while it is on its way. The header is read by the shared
 * ABC core (src-shared/abc/headers.ts), the same reader the library and the model use.
 */
import { readHeaders } from '../../../src-shared/abc/headers'

export interface HeaderFacts {
  title: string | null
  meter: string | null
  key: string | null
  /** Bars closed by a bar line in the body (a leading |: closes nothing). */
  bars: number
}

export function headerFacts(text: string): HeaderFacts {
  const headers = readHeaders(text)
  const first = (letter: string): string | null => headers.fields[letter]?.[0] ?? null
  const body = text.split('\n').slice(headers.key === null ? text.length : headers.bodyStart)
  return { title: first('T'), meter: headers.meter, key: headers.key, bars: closedBars(body) }
}

function closedBars(bodyLines: readonly string[]): number {
  let bars = 0
  for (const raw of bodyLines) {
    if (/^[A-Za-z]:/.test(raw)) continue
    // Chord symbols and decorations may contain '|'; bar lines such as :|: or |] count once.
    const music = raw.replace(/%.*$/, '').replace(/"[^"]*"/g, '').replace(/![^!]*!/g, '')
    const pieces = music.split(/:*(?:\[\||\|\]|\|\||\|)+:*/)
    // Every piece but the last is followed by a bar line; it closes a bar if it holds music.
    for (let i = 0; i < pieces.length - 1; i++) if (/[A-Ga-gzx]/.test(pieces[i])) bars++
  }
  return bars
}
