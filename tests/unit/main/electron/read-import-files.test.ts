/** Electron's dialog import reads files in main: same limits as the browser applies. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readImportFiles } from '../../../../src-main/electron/read-import-files'
import { MAX_IMPORT_FILE_BYTES } from '../../../../src-shared/contract/library'

let dir: string
const TUNE = 'X:1\nT:Folder Tune\nK:G\nGABc|\n'

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-read-'))
  const tunes = path.join(dir, 'tunes')
  mkdirSync(path.join(tunes, 'jigs'), { recursive: true })
  mkdirSync(path.join(tunes, '.hidden'), { recursive: true })
  writeFileSync(path.join(tunes, 'a.abc'), TUNE)
  writeFileSync(path.join(tunes, 'jigs', 'b.TXT'), TUNE)
  writeFileSync(path.join(tunes, 'cover.png'), 'png')
  writeFileSync(path.join(tunes, '.hidden', 'c.abc'), TUNE)
  writeFileSync(path.join(tunes, 'huge.abc'), Buffer.alloc(MAX_IMPORT_FILE_BYTES + 1, 0x41))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('readImportFiles', () => {
  it('walks a folder for .abc/.txt files, skipping hidden folders and other types', async () => {
    const result = await readImportFiles([path.join(dir, 'tunes')], 'folder')
    expect(result.files.map((f) => f.name)).toEqual(['tunes/a.abc', 'tunes/jigs/b.TXT'])
    expect(Buffer.from(result.files[0].dataBase64, 'base64').toString()).toBe(TUNE)
    expect(result.rejected).toEqual([{ file: 'tunes/huge.abc', reason: 'File is larger than 8 MB' }])
  })

  it('reads picked files by name and reports ones that cannot be read', async () => {
    const result = await readImportFiles([path.join(dir, 'tunes', 'a.abc'), path.join(dir, 'gone.abc')], 'files')
    expect(result.files.map((f) => f.name)).toEqual(['a.abc'])
    expect(result.rejected).toEqual([{ file: 'gone.abc', reason: 'Not a readable file' }])
  })
})
