/**
 * `import` in the CLI checks sizes before reading: a file over the limit is reported by its size
 * without being read (a 600 MB file was read whole and base64-encoded first, which does not even
 * fit in one string), and the files under the limit are imported beside it.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../src-main/cli/main'
import type { ImportReport } from '../../../../src-shared/contract'

const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-cli-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk))
        done()
      },
    })
  const code = await runCli([...args, '--library', path.join(dir, 'library.sqlite')], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) })
  return { code, stdout, stderr }
}

describe('CLI import', () => {
  it('reports a 600 MB file by its size, unread, and imports the small one beside it', async () => {
    const folder = path.join(dir, 'tunes')
    mkdirSync(folder)
    writeFileSync(path.join(folder, 'a-small.abc'), 'X:1\nT:Small One\nM:4/4\nL:1/8\nK:D\nDFAF GBAF|DFAF E2 FE|\n')
    // Sparse: 600 MB by its size, nothing on disk.
    const huge = path.join(folder, 'b-huge.abc')
    writeFileSync(huge, '')
    truncateSync(huge, 600 * 1024 * 1024)
    const { code, stdout, stderr } = await cli('import', folder, '--corpus', 'Mixed', '--json')
    expect(code, stderr).toBe(0)
    const report = JSON.parse(stdout) as ImportReport
    expect(report.imported).toBe(1)
    expect(report.rejected).toEqual([{ file: 'b-huge.abc', reason: 'the file is 600.0 MB; the limit is 8.0 MB per file' }])
  }, 60_000)
})
