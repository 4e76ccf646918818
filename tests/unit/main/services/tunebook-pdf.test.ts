/**
 * The tunebook PDF through the CLI as a user runs it: real Nottingham tunes, real abcjs in Debian's
 * Chromium, the PDF read back with poppler's pdftotext/pdfinfo (Debian poppler-utils).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../src-main/cli/main'
import { splitTunes, readHeaders } from '../../../../src-shared/abc'
import { contentsEntries, escapeRegExp, pageText, squash } from './pdf-text'

const NOTTINGHAM = path.resolve(import.meta.dirname, '../../../../resources/corpus/nottingham')
const TUNE_COUNT = 20

let dir: string

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

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-tunebook-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('convert --to pdf: a tunebook of every tune in the file', () => {
  it('prints 20 jigs with a title page, contents whose page numbers are right, and an index', async () => {
    const source = readFileSync(path.join(NOTTINGHAM, 'jigs.abc'), 'utf8')
    const tunes = splitTunes(source).tunes.slice(0, TUNE_COUNT).map((t) => t.text)
    const titles = tunes.map((t) => readHeaders(t).title)
    const abcFile = path.join(dir, 'jigs.abc')
    writeFileSync(abcFile, tunes.join('\n\n') + '\n')
    const pdf = path.join(dir, 'book.pdf')

    const result = await cli('convert', '--file', abcFile, '--to', 'pdf', '--out', pdf, '--title', 'Twenty Jigs', '--json')
    expect(result.stderr).not.toMatch(/error/i)
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as { pages: number; tunes: { title: string; page: number }[] }
    expect(report.tunes.map((t) => t.title)).toEqual(titles)

    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(report.pages)
    expect(info).toMatch(/Page size:.*\(A4\)/)

    expect(squash(pageText(pdf, 1))).toContain('Twenty Jigs')
    const contentsPages = Array.from({ length: report.pages }, (_, i) => i + 1).filter((p) => pageText(pdf, p).trimStart().startsWith('Contents'))
    expect(contentsPages[0]).toBe(2)
    const contents = contentsEntries(pdf, contentsPages)
    for (const title of titles) {
      const page = contents.get(squash(title))
      expect(page, `contents entry for ${title}`).toBeDefined()
      expect(squash(pageText(pdf, page ?? 0)), `${title} on page ${page}`).toMatch(new RegExp(escapeRegExp(squash(title))))
    }
    // The tunes follow the contents in file order, so their pages never go down.
    const pages = titles.map((t) => contents.get(squash(t)) ?? 0)
    expect(pages).toEqual([...pages].sort((a, b) => a - b))
    expect(pages.every((p) => p > contentsPages[contentsPages.length - 1])).toBe(true)

    const last = squash(pageText(pdf, pages[pages.length - 1] + 1))
    expect(last).toContain('Index')
    expect(last).toContain('By title')
    // Every page after the title page shows its number at its foot.
    for (const page of [2, pages[0], report.pages]) expect(pageText(pdf, page, true).trimEnd().split('\n').at(-1)?.trim()).toBe(String(page))
  })

  it('says what is wrong, in words, for a file without tunes or an unknown format', async () => {
    const empty = path.join(dir, 'notes.abc')
    writeFileSync(empty, 'just some notes, no X: line\n')
    const noTunes = await cli('convert', '--file', empty, '--to', 'pdf', '--out', path.join(dir, 'x.pdf'))
    expect(noTunes.code).toBe(2)
    expect(noTunes.stderr).toMatch(/no tunes/)
    const badFormat = await cli('convert', '--file', empty, '--to', 'docx', '--out', path.join(dir, 'x.docx'))
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toMatch(/--to must be one of/)
    const missing = await cli('convert', '--file', path.join(dir, 'nope.abc'), '--to', 'pdf', '--out', path.join(dir, 'x.pdf'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/cannot read/)
  })
})
