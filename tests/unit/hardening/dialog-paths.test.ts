/**
 * The one place paths enter the app is the Electron import dialog (the page never sends a path):
 * readImportFiles walks what the user picked. Links inside a picked folder must not lead it out of
 * that folder or into a loop, and names it reports are relative to what was picked.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readImportFiles } from '../../../src-main/electron/read-import-files'

const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-dialog-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('import dialog paths', () => {
  it('does not follow symbolic links out of a picked folder, nor around a loop', async () => {
    const outside = path.join(dir, 'outside')
    mkdirSync(outside)
    writeFileSync(path.join(outside, 'secret.abc'), 'X:1\nT:Outside the picked folder\nK:D\nDFA|\n')
    const picked = path.join(dir, 'tunes')
    mkdirSync(path.join(picked, 'sub'), { recursive: true })
    writeFileSync(path.join(picked, 'sub', 'reel.abc'), 'X:1\nT:Inside\nK:D\nDFA|\n')
    symlinkSync(path.join(outside, 'secret.abc'), path.join(picked, 'linked.abc'))
    symlinkSync(outside, path.join(picked, 'linked-dir'))
    symlinkSync(picked, path.join(picked, 'sub', 'loop'))

    const result = await readImportFiles([picked], 'folder')
    expect(result.files.map((f) => f.name)).toEqual(['tunes/sub/reel.abc'])
    expect(Buffer.from(result.files[0].dataBase64, 'base64').toString()).toContain('T:Inside')
  })
})
