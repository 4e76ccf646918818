import { describe, expect, it } from 'vitest'
import { indexLines, packTunes, paginateList, planTunebook, type PageGeometry } from '../../../../src-shared/tunebook/plan'

const geometry: PageGeometry = { contentHeight: 100, tuneGap: 10, listLineHeight: 10, listHeadingHeight: 20 }
const entry = (title: string, rhythm: string | null = 'jig', key: string | null = 'G'): { title: string; rhythm: string | null; key: string | null } => ({ title, rhythm, key })

describe('tunebook pagination', () => {
  it('keeps a tune that fits on a page whole, moving it to the next page rather than splitting it', () => {
    const pages = packTunes([[40, 30], [20, 20], [50]], geometry)
    // 70 + gap 10 + 40 > 100: the second tune starts page 2; 40 + 10 + 50 = 100 fits after it.
    expect(pages).toEqual([
      [{ tune: 0, line: 0 }, { tune: 0, line: 1 }],
      [{ tune: 1, line: 0 }, { tune: 1, line: 1 }, { tune: 2, line: 0 }],
    ])
  })

  it('starts a tune longer than a page on a fresh page and breaks it between lines', () => {
    const pages = packTunes([[30], [40, 40, 40]], geometry)
    expect(pages).toEqual([[{ tune: 0, line: 0 }], [{ tune: 1, line: 0 }, { tune: 1, line: 1 }], [{ tune: 1, line: 2 }]])
  })

  it('never leaves a list heading alone at the foot of a page', () => {
    // (100 - 20) / 10 = 8 lines a page.
    const lines = [...Array.from({ length: 7 }, (_, i) => ({ kind: 'entry' as const, text: `t${i}`, page: 3 })), { kind: 'heading' as const, text: 'H' }, { kind: 'entry' as const, text: 'x', page: 4 }]
    const pages = paginateList(lines, geometry)
    expect(pages.map((p) => p.length)).toEqual([7, 2])
    expect(pages[1][0]).toEqual({ kind: 'heading', text: 'H' })
  })

  it('indexes by title (alphabetically) and by rhythm and key', () => {
    const lines = indexLines([entry('Zeta'), entry('Alpha', 'reel', 'D'), entry('Mid', null, null)], [3, 4, 5])
    expect(lines.map((l) => (l.page ? `${l.text}:${l.page}` : `[${l.text}]`))).toEqual([
      '[By title]', 'Alpha:4', 'Mid:5', 'Zeta:3',
      '[By rhythm and key]', '[jig · G]', 'Zeta:3', '[No rhythm given · no key given]', 'Mid:5', '[reel · D]', 'Alpha:4',
    ])
  })

  it('numbers pages title, contents, tunes, index, and the contents name each tune\'s first page', () => {
    const entries = Array.from({ length: 12 }, (_, i) => entry(`Tune ${i + 1}`))
    const heights = entries.map(() => [30, 30])
    const plan = planTunebook(entries, heights, geometry)
    const kinds = plan.pages.map((p) => p.kind)
    // 12 contents lines at 8 a page: 2 contents pages; one tune (60) a page: 12 tune pages.
    expect(kinds.slice(0, 3)).toEqual(['title', 'contents', 'contents'])
    expect(kinds.filter((k) => k === 'tunes')).toHaveLength(12)
    expect(plan.tunePages).toEqual(Array.from({ length: 12 }, (_, i) => 4 + i))
    const contents = plan.pages.flatMap((p) => (p.kind === 'contents' ? p.lines : []))
    expect(contents.map((l) => l.page)).toEqual(plan.tunePages)
    plan.tunePages.forEach((page, tune) => {
      const p = plan.pages[page - 1]
      expect(p.kind === 'tunes' && p.lines.some((l) => l.tune === tune && l.line === 0)).toBe(true)
    })
    expect(kinds.at(-1)).toBe('index')
  })
})
