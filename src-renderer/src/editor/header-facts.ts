/**
 * Facts for the status line read straight from the text (fast, no round trip): the first M:, K:,
 * T: and the number of bar lines in the tune body. The checker's answer is authoritative for
 * bar lengths; this is what the user sees while it is on its way.
 */
export interface HeaderFacts {
  title: string | null
  meter: string | null
  key: string | null
  /** Bars closed by a bar line in the body (a leading |: closes nothing). */
  bars: number
}

export function headerFacts(text: string): HeaderFacts {
  const facts: HeaderFacts = { title: null, meter: null, key: null, bars: 0 }
  let inBody = false
  for (const raw of text.split('\n')) {
    const line = raw.replace(/%.*$/, '')
    const field = /^([A-Za-z]):(.*)$/.exec(line)
    if (field) {
      const value = field[2].trim()
      if (field[1] === 'T' && facts.title === null) facts.title = value
      if (field[1] === 'M' && facts.meter === null) facts.meter = value
      if (field[1] === 'K') {
        if (facts.key === null) facts.key = value
        inBody = true
      }
      continue
    }
    if (!inBody) continue
    // Chord symbols and decorations may contain '|'; bar lines such as :|: or |] count once.
    const music = line.replace(/"[^"]*"/g, '').replace(/![^!]*!/g, '')
    const pieces = music.split(/:*(?:\[\||\|\]|\|\||\|)+:*/)
    // Every piece but the last is followed by a bar line; it closes a bar if it holds music.
    for (let i = 0; i < pieces.length - 1; i++) if (/[A-Ga-gzx]/.test(pieces[i])) facts.bars++
  }
  return facts
}
