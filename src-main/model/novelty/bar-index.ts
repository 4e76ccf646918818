/**
 * The corpus bar index: hash of each normalised bar → where it occurs (tune, bar). Built once per
 * corpus; a lookup finds the longest run of consecutive bars a tune shares with any corpus tune
 * in time proportional to the number of matching positions, not to the corpus size.
 */
import { tuneBars } from './bar-notes'

export interface IndexedTune {
  /** Stable id shown to people: a library id, or `file.abc:X` for the bundled files. */
  id: string
  title: string
  text: string
}

export interface NoveltyMatch {
  /** Length of the longest run of consecutive bars shared with one corpus tune. */
  bars: number
  tune: { id: string; title: string }
  /** 0-based bar index where the run starts, in the checked tune and in the corpus tune. */
  at: number
  corpusAt: number
}

/** Bars per tune are packed with the tune index into one number: position = tune * STRIDE + bar. */
const STRIDE = 1 << 16

/** cyrb53: a fast 53-bit string hash; collisions over ~20,000 distinct bars are vanishingly rare. */
export function hashBar(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

export class BarIndex {
  private readonly postings = new Map<number, number[]>()
  private readonly tunes: { id: string; title: string }[] = []
  barCount = 0

  static build(tunes: Iterable<IndexedTune>): BarIndex {
    const index = new BarIndex()
    for (const tune of tunes) index.add(tune)
    return index
  }

  get tuneCount(): number {
    return this.tunes.length
  }

  add(tune: IndexedTune): void {
    const t = this.tunes.length
    this.tunes.push({ id: tune.id, title: tune.title })
    const bars = tuneBars(tune.text)
    const count = Math.min(bars.length, STRIDE - 1)
    for (let b = 0; b < count; b++) {
      const h = hashBar(bars[b])
      const list = this.postings.get(h)
      if (list) list.push(t * STRIDE + b)
      else this.postings.set(h, [t * STRIDE + b])
    }
    this.barCount += count
  }

  /**
   * The longest run of consecutive bars of `bars` (normalised, see bar-notes.ts) found in one
   * corpus tune. Only bars from `fromBar` on count (a continuation is judged on what the model
   * wrote, not on the user's prompt), though a run may start in the prompt. Null when no bar
   * at or after `fromBar` occurs in the corpus.
   */
  longestRun(bars: readonly string[], fromBar = 0): NoveltyMatch | null {
    let previous = new Map<number, number>()
    let best: NoveltyMatch | null = null
    for (let i = 0; i < bars.length; i++) {
      const current = new Map<number, number>()
      for (const pos of this.postings.get(hashBar(bars[i])) ?? []) {
        // pos - 1 is the previous bar of the same tune (bar 0 never has a predecessor entry).
        const run = (pos % STRIDE > 0 ? previous.get(pos - 1) ?? 0 : 0) + 1
        current.set(pos, run)
        if (i < fromBar) continue
        const counted = Math.min(run, i - fromBar + 1)
        if (!best || counted > best.bars) {
          const tune = Math.floor(pos / STRIDE)
          best = { bars: counted, tune: this.tunes[tune], at: i - run + 1, corpusAt: (pos % STRIDE) - run + 1 }
        }
      }
      previous = current
    }
    return best
  }
}
