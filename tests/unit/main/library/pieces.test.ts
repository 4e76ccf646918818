import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LibraryInputError, LibraryNotFoundError, type Library } from '../../../../src-main/library'
import { tempLibraries, type TempLibraries } from './helpers'

let temp: TempLibraries
let library: Library
beforeEach(() => {
  temp = tempLibraries()
  library = temp.open()
})
afterEach(() => temp.cleanup())

const ABC = 'X:1\nT:Morning Variation\nM:6/8\nK:D\nAFD DFA|d2e fed|\n'
const list = (q: Partial<Parameters<Library['pieces']['list']>[0]> = {}) => library.pieces.list({ limit: 100, offset: 0, ...q })

describe('pieces', () => {
  it('saves a piece with params and tags and reads it back', () => {
    const saved = library.pieces.save({ title: '  Morning Variation ', abc: ABC, prompt: 'X:1\nK:D\nAFD', params: { temperature: 0.8, topK: 20, seed: 7, metreAware: true }, tags: ['jig', 'Keep', 'jig'] })
    expect(saved).toMatchObject({ title: 'Morning Variation', abc: ABC, prompt: 'X:1\nK:D\nAFD', rating: 0, modelId: null, parentTuneId: null, deletedAt: null })
    expect(saved.params).toEqual({ temperature: 0.8, topK: 20, seed: 7, metreAware: true })
    expect(saved.tags).toEqual(['jig', 'Keep'])
    expect(saved.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(library.pieces.get(saved.id)).toEqual(saved)
  })

  it('lists newest first with paging, and searches title, ABC and prompt', () => {
    for (let i = 0; i < 5; i++) library.pieces.save({ title: `Piece ${i}`, abc: i === 3 ? 'X:1\nK:G\nzebra|' : ABC })
    const page = list({ limit: 2 })
    expect(page.total).toBe(5)
    expect(page.items.map((p) => p.title)).toEqual(['Piece 4', 'Piece 3'])
    expect(list({ limit: 2, offset: 4 }).items.map((p) => p.title)).toEqual(['Piece 0'])
    expect(list({ text: 'zebra' }).items.map((p) => p.title)).toEqual(['Piece 3'])
    expect(list({ text: 'piece 2' }).items.map((p) => p.title)).toEqual(['Piece 2'])
  })

  it('updates only the given fields and moves updatedAt', async () => {
    const saved = library.pieces.save({ title: 'Draft', abc: ABC, rating: 2 })
    await new Promise((r) => setTimeout(r, 5))
    const updated = library.pieces.update(saved.id, { abc: ABC.replace('AFD', 'ABA') })
    expect(updated).toMatchObject({ title: 'Draft', rating: 2, abc: ABC.replace('AFD', 'ABA') })
    expect(updated.updatedAt > saved.updatedAt).toBe(true)
    expect(updated.createdAt).toBe(saved.createdAt)
    expect(list({ text: 'ABA' }).total).toBe(1)
    expect(list({ text: 'AFD' }).total).toBe(0)
  })

  it('rates 0–5 and refuses anything else', () => {
    const saved = library.pieces.save({ title: 'Rate me', abc: ABC })
    expect(library.pieces.rate(saved.id, 5).rating).toBe(5)
    expect(() => library.pieces.rate(saved.id, 6)).toThrow(LibraryInputError)
    expect(() => library.pieces.rate(saved.id, 2.5)).toThrow(LibraryInputError)
    expect(() => library.pieces.update(saved.id, { rating: -1 })).toThrow(LibraryInputError)
    expect(library.pieces.get(saved.id).rating).toBe(5)
    expect(() => library.pieces.rate(12345, 3)).toThrow(LibraryNotFoundError)
  })

  it('deletes softly and undoes the delete', () => {
    const keep = library.pieces.save({ title: 'Keep', abc: ABC })
    const bin = library.pieces.save({ title: 'Bin', abc: ABC, tags: ['draft'] })
    const deleted = library.pieces.softDelete(bin.id)
    expect(deleted.deletedAt).not.toBeNull()
    expect(list().items.map((p) => p.id)).toEqual([keep.id])
    expect(list({ deleted: 'deleted' }).items.map((p) => p.id)).toEqual([bin.id])
    expect(list({ deleted: 'all' }).total).toBe(2)
    expect(library.tags.list()).toEqual([{ name: 'draft', pieces: 0, tunes: 0 }])

    const restored = library.pieces.restore(bin.id)
    expect(restored.deletedAt).toBeNull()
    expect(restored.tags).toEqual(['draft'])
    expect(list().total).toBe(2)

    library.pieces.softDelete(bin.id)
    expect(library.pieces.purgeDeleted('9999-01-01T00:00:00.000Z')).toBe(1)
    expect(() => library.pieces.get(bin.id)).toThrow(LibraryNotFoundError)
    expect(library.pieces.get(keep.id).title).toBe('Keep')
  })

  it('replaces tags, filters by tag regardless of case, and counts tag use', () => {
    const a = library.pieces.save({ title: 'A', abc: ABC, tags: ['Jig'] })
    library.pieces.save({ title: 'B', abc: ABC, tags: ['reel'] })
    expect(library.pieces.setTags(a.id, ['jig', 'favourite']).tags).toEqual(['favourite', 'Jig'])
    expect(list({ tag: 'JIG' }).items.map((p) => p.title)).toEqual(['A'])
    expect(() => library.pieces.setTags(a.id, ['bad\u0007tag'])).toThrow(LibraryInputError)
    expect(library.pieces.get(a.id).tags).toEqual(['favourite', 'Jig'])

    const tuneless = library.tags.list()
    expect(tuneless).toEqual([
      { name: 'favourite', pieces: 1, tunes: 0 },
      { name: 'Jig', pieces: 1, tunes: 0 },
      { name: 'reel', pieces: 1, tunes: 0 },
    ])
    library.pieces.setTags(a.id, [])
    expect(library.tags.removeUnused()).toBe(2)
    expect(library.tags.list().map((t) => t.name)).toEqual(['reel'])
  })

  it('needs a title', () => {
    expect(() => library.pieces.save({ title: '   ', abc: ABC })).toThrow(/needs a title/)
    expect(list().total).toBe(0)
  })
})
