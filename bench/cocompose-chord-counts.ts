/**
 * Which chords the Nottingham training tunes (i % 10 != 9; never the held-out ones the chord
 * figures are measured on) use, per mode, counted from the tonic: `npx tsx
 * bench/cocompose-chord-counts.ts` prints, for each mode, the share of its chord symbols outside
 * the key's diatonic candidates and every chord's share ("7:major7" = a dominant seventh a fifth
 * up), one JSON line per mode. harmony.ts's OUTSIDE list is the outside chords of 0.5 % or more.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readHeaders } from '../src-shared/abc/headers'
import { candidateChords, keyHarmony, readChord } from '../src-main/model/cocompose/harmony'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const SHOWN = 24

interface ModeCounts {
  symbols: number
  outside: number
  byChord: Map<string, number>
}

async function main(): Promise<void> {
  const tunes = (await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))).map((t) => t.text)
  const modes = new Map<string, ModeCounts>()
  tunes.forEach((tune, i) => {
    const harmony = i % 10 === 9 ? null : keyHarmony(readHeaders(tune).key ?? '')
    if (!harmony) return
    const candidates = candidateChords(harmony)
    const counts = modes.get(harmony.mode) ?? { symbols: 0, outside: 0, byChord: new Map<string, number>() }
    modes.set(harmony.mode, counts)
    for (const m of tune.slice(tune.indexOf('\nK:')).matchAll(/"([^"]*)"/g)) {
      const chord = readChord(m[1])
      if (!chord) continue
      const name = `${(chord.root - candidates[0].root + 12) % 12}:${chord.family}${/^[A-G][#b]?7/.test(m[1]) ? '7' : ''}`
      counts.symbols++
      if (!candidates.some((c) => c.root === chord.root && c.family === chord.family)) counts.outside++
      counts.byChord.set(name, (counts.byChord.get(name) ?? 0) + 1)
    }
  })
  const pct = (n: number, of: number): number => Math.round((1000 * n) / of) / 10
  for (const [mode, c] of modes) {
    const shares = [...c.byChord].sort((a, b) => b[1] - a[1]).slice(0, SHOWN).map(([name, n]) => [name, pct(n, c.symbols)])
    console.log(JSON.stringify({ mode, symbols: c.symbols, outsidePct: pct(c.outside, c.symbols), shares: Object.fromEntries(shares) }))
  }
}

await main()
