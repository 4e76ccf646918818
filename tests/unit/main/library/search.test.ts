import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBundledCorpus, importFiles, type Library } from '../../../../src-main/library'
import { CORPUS_DIR, tempLibraries, tuneFile, type TempLibraries } from './helpers'

let temp: TempLibraries
let library: Library
let nottingham: number
let mine: number
beforeAll(() => {
  temp = tempLibraries()
  library = temp.open()
  nottingham = ensureBundledCorpus(library, CORPUS_DIR).corpusId
  const abc = 'X:1\nT:Sally in the Kitchen\nR:Reel\nM:2/2\nL:1/8\nK:Emin\nEFGA B2 AG|FGAB c2 BA|\n\nX:2\nT:Zebra Polka\nR:polka\nM:2/4\nK:C\nCDEF GABc|\n'
  mine = importFiles(library, { corpusName: 'Mine', files: [tuneFile('mine.abc', abc)] }).corpusId!
})
afterAll(() => temp.cleanup())

const search = (q: Partial<Parameters<Library['tunes']['search']>[0]>) => library.tunes.search({ limit: 2000, offset: 0, ...q })

/** Rows counted straight from the table, to check the search against. */
const countWhere = (where: string, ...params: unknown[]): number =>
  (library.db.prepare(`SELECT count(*) AS n FROM tunes WHERE ${where}`).get(...params) as { n: number }).n

describe('tune search', () => {
  it('finds titles by word prefix, best title matches first', () => {
    const page = search({ text: 'sally' })
    expect(page.total).toBe(countWhere(`title LIKE '%sally%'`) /* every "sally" here starts a word */)
    expect(page.items.map((t) => t.title)).toContain("Careless Sally's Reel")
    expect(page.items.map((t) => t.title)).toContain('Sally in the Kitchen')
    expect(page.items.every((t) => /\bsally/i.test(t.title))).toBe(true)
  })

  it('needs every word: "sally kitchen" finds only the one tune', () => {
    expect(search({ text: 'sally kitchen' }).items.map((t) => t.title)).toEqual(['Sally in the Kitchen'])
  })

  it('searches the ABC text too (S: source lines)', () => {
    const page = search({ text: 'Rowe' })
    expect(page.total).toBe(countWhere(`abc LIKE '%Rowe%'`))
    expect(page.total).toBeGreaterThan(100)
  })

  it('filters by key, meter and rhythm, alone and together', () => {
    expect(search({ key: 'G' }).total).toBe(countWhere(`key = 'G'`))
    expect(search({ meter: '6/8' }).total).toBe(countWhere(`meter = '6/8'`))
    expect(search({ key: 'G', meter: '6/8' }).total).toBe(countWhere(`key = 'G' AND meter = '6/8'`))
    // Rhythm is matched without regard to case: "reel" finds "Reel".
    expect(search({ rhythm: 'reel' }).items.map((t) => t.title)).toEqual(['Sally in the Kitchen'])
    expect(search({ rhythm: 'hornpipe' }).total).toBe(65)
    expect(search({ key: 'G', meter: '6/8', text: 'jig' }).items.every((t) => t.key === 'G' && t.meter === '6/8')).toBe(true)
  })

  it('filters by corpus', () => {
    expect(search({ corpusId: mine }).items.map((t) => t.title)).toEqual(['Sally in the Kitchen', 'Zebra Polka'])
    expect(search({ corpusId: nottingham, text: 'sally' }).items.some((t) => t.corpusId === mine)).toBe(false)
    expect(search({}).total).toBe(1033)
  })

  it('pages: total counts all matches, pages do not overlap and come in corpus order', () => {
    const all = search({ meter: '4/4' })
    const first = search({ meter: '4/4', limit: 100, offset: 0 })
    const second = search({ meter: '4/4', limit: 100, offset: 100 })
    expect(first.total).toBe(all.total)
    expect(first.items).toEqual(all.items.slice(0, 100))
    expect(second.items).toEqual(all.items.slice(100, 200))
    const last = search({ meter: '4/4', limit: 100, offset: all.total - 5 })
    expect(last.items).toHaveLength(5)
    expect(search({ meter: '4/4', offset: all.total }).items).toEqual([])
  })

  it('takes any typed text without FTS syntax errors', () => {
    for (const text of ['"', 'NEAR(', 'a*b', "Sally's", 'title:foo', '-reel', 'AND OR NOT', '(((']) {
      expect(() => search({ text })).not.toThrow()
    }
    // No word at all: a plain substring match on title and ABC.
    expect(search({ text: '|:' }).total).toBe(countWhere(`abc LIKE '%|:%'`))
    expect(search({ text: '%' }).total).toBe(countWhere(`instr(abc, '%') > 0 OR instr(title, '%') > 0`))
    expect(search({ text: '_' }).total).toBe(countWhere(`instr(abc, '_') > 0 OR instr(title, '_') > 0`))
  })

  it('counts facets per key, meter and rhythm, per corpus', () => {
    const facets = library.tunes.facets(nottingham)
    expect(facets.meters.slice(0, 3)).toEqual([
      { value: '4/4', count: countWhere(`meter = '4/4' AND corpus_id = ?`, nottingham) },
      { value: '6/8', count: countWhere(`meter = '6/8' AND corpus_id = ?`, nottingham) },
      { value: '3/4', count: 60 },
    ])
    expect(facets.keys.reduce((n, f) => n + f.count, 0)).toBe(1031)
    expect(facets.keys[0]).toEqual({ value: 'G', count: countWhere(`key = 'G'`) })
    expect(facets.rhythms).toEqual([{ value: 'Hornpipe', count: 65 }])
    const all = library.tunes.facets()
    expect(all.rhythms).toEqual([
      { value: 'Hornpipe', count: 65 },
      { value: 'Reel', count: 1 },
      { value: 'polka', count: 1 },
    ])
    expect(all.keys.find((k) => k.value === 'Emin')).toEqual({ value: 'Emin', count: 1 })
  })

  it('gets one tune by id with its text, and null for an unknown id', () => {
    const hit = search({ text: 'zebra' }).items[0]
    const tune = library.tunes.get(hit.id)!
    expect(tune.abc).toBe('X:2\nT:Zebra Polka\nR:polka\nM:2/4\nK:C\nCDEF GABc|')
    expect(tune).toMatchObject({ corpusName: 'Mine', xNumber: 2, key: 'C', meter: '2/4', rhythm: 'polka', unitLength: null, ordinal: 1 })
    expect(library.tunes.get(999_999)).toBeNull()
  })
})
