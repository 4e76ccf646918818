/**
 * Sets through the router as the app and web mode call them (zod validation included), on a real
 * library file with the bundled corpus; and the schema migration from a version-1 library.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bootServices, type Booted } from '../../../../src-main/services/boot'
import { migrate, migrations } from '../../../../src-main/library/migrations'
import { openLibrary } from '../../../../src-main/library'
import { splitTunes } from '../../../../src-shared/abc'
import type { Piece, SetSummary, TunePage, TuneSet } from '../../../../src-shared/contract'
import { ApiError } from '../../../../src-shared/contract/errors'

const RESOURCES = path.resolve(import.meta.dirname, '../../../../resources')
let dir: string
let booted: Booted
const call = <T>(channel: string, input: unknown): Promise<T> => booted.router.dispatch(channel, input) as Promise<T>

async function tuneIds(titles: string[]): Promise<number[]> {
  const ids: number[] = []
  for (const title of titles) {
    const page = await call<TunePage>('library.searchTunes', { text: title, limit: 20 })
    const hit = page.items.find((t) => t.title === title)
    if (!hit) throw new Error(`no tune ${title} in the bundled corpus`)
    ids.push(hit.id)
  }
  return ids
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-sets-'))
  booted = await bootServices({ libraryPath: path.join(dir, 'library.sqlite'), resourcesDir: RESOURCES, shell: 'web' })
})
afterAll(async () => {
  await booted.shutdown()
  rmSync(dir, { recursive: true, force: true })
})

describe('sets', () => {
  it('makes, reorders, saves, finds and exports a set of tunes and a piece', async () => {
    const [dwarf, abacus, ashenkin] = await tuneIds(['The American Dwarf', 'Abacus', 'Ap Shenkin'])
    const piece = await call<Piece>('library.savePiece', { title: 'My Jig', abc: 'X:1\nT:My Jig\nM:6/8\nK:G\nGAB c2d|' })
    const made = await call<TuneSet>('sets.createSet', {
      name: 'Jigs for Tuesday',
      tempoBpm: 112,
      items: [{ tuneId: dwarf, repeats: 2 }, { tuneId: abacus, repeats: 3, key: 'A' }, { pieceId: piece.id }],
    })
    expect(made.items.map((i) => [i.title, i.repeats, i.key])).toEqual([
      ['The American Dwarf', 2, null],
      ['Abacus', 3, 'A'],
      ['My Jig', 1, null],
    ])

    // Reorder and swap one tune: a save replaces the list, positions follow the new order.
    const saved = await call<TuneSet>('sets.updateSet', {
      id: made.id,
      name: 'Jigs for Tuesday',
      tempoBpm: 116,
      items: [{ pieceId: piece.id }, { tuneId: ashenkin, repeats: 2 }, { tuneId: dwarf, repeats: 2 }],
    })
    expect(saved.items.map((i) => [i.position, i.title])).toEqual([[0, 'My Jig'], [1, 'Ap Shenkin'], [2, 'The American Dwarf']])
    expect((await call<TuneSet>('sets.getSet', { id: made.id })).tempoBpm).toBe(116)

    const byTitle = await call<SetSummary[]>('sets.listSets', { text: 'shenkin' })
    expect(byTitle.map((s) => s.id)).toEqual([made.id])
    expect(await call<SetSummary[]>('sets.listSets', { text: 'reels' })).toEqual([])

    const exported = await call<{ fileName: string; abc: string }>('sets.exportSetAbc', { id: made.id })
    expect(exported.fileName).toBe('jigs-for-tuesday.abc')
    const { fileHeader, tunes } = splitTunes(exported.abc)
    expect(fileHeader).toContain('% Set: Jigs for Tuesday')
    expect(fileHeader).toContain('% 2. Ap Shenkin: 2 times')
    // Each tune's text exactly as the library holds it, in set order.
    expect(tunes.map((t) => t.text)).toEqual(saved.items.map((i) => i.abc.replace(/\s+$/, '')))
  })

  it('refuses bad sets in words and changes nothing', async () => {
    const [abacus] = await tuneIds(['Abacus'])
    const refuse = async (input: unknown, message: RegExp): Promise<void> => {
      const err = await call('sets.createSet', input).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ApiError)
      expect((err as ApiError).message).toMatch(message)
    }
    const before = await call<SetSummary[]>('sets.listSets', {})
    await refuse({ name: '  ', items: [{ tuneId: abacus }] }, /a set needs a name/)
    await refuse({ name: 'Empty', items: [] }, /at least one tune/)
    await refuse({ name: 'Both', items: [{ tuneId: abacus, pieceId: 1 }] }, /either a tune .* or a piece/)
    await refuse({ name: 'Loud', items: [{ tuneId: abacus, repeats: 10 }] }, /repeats/)
    await refuse({ name: 'Ghost', items: [{ tuneId: abacus }, { tuneId: 99_999_999 }] }, /No tune with id 99999999/)
    expect(await call<SetSummary[]>('sets.listSets', {})).toEqual(before)
  })

  it('deletes a set, not its tunes', async () => {
    const [abacus] = await tuneIds(['Abacus'])
    const set = await call<TuneSet>('sets.createSet', { name: 'Short', items: [{ tuneId: abacus }] })
    await call('sets.deleteSet', { id: set.id })
    await expect(call('sets.getSet', { id: set.id })).rejects.toMatchObject({ code: 'not-found' })
    expect(await tuneIds(['Abacus'])).toEqual([abacus])
  })
})

describe('migration 3 (sets)', () => {
  it('adds sets to a version-1 library and keeps what it held', () => {
    const file = path.join(dir, 'v1.sqlite')
    const raw = new Database(file)
    migrate(raw, migrations.filter((m) => m.version === 1))
    raw.prepare("INSERT INTO pieces (title, abc) VALUES ('Old piece', 'X:1\nT:Old piece\nK:D\nDEF|')").run()
    expect(raw.pragma('user_version', { simple: true })).toBe(1)
    raw.close()

    const library = openLibrary(file)
    try {
      expect(library.migrationsApplied).toEqual([2, 3])
      const pieceId = (library.db.prepare("SELECT id FROM pieces WHERE title = 'Old piece'").get() as { id: number }).id
      const set = library.sets.create({ name: 'From old', tempoBpm: null, notes: '', items: [{ pieceId, repeats: 1, key: null }] })
      expect(set.items[0].abc).toContain('T:Old piece')
      expect(library.integrityCheck()).toEqual(['ok'])
    } finally {
      library.close()
    }
  })
})
