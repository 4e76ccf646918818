/**
 * The tunebook from the library in a real browser: search 20 tunes, open the book (engraved by
 * abcjs in the page, laid out by src-shared/tunebook), print it the way the browser prints it
 * (Chromium's print to PDF, print media) and read the PDF back: every title is on the page the
 * contents name.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, launchChromium, projectRoot, startWebMode, type WebMode } from './web-mode'
import { splitTunes } from '../../src-shared/abc/split'
import { checkContents, squash, pageText } from '../unit/main/services/pdf-text'
import type { ImportReport } from '../../src-shared/contract'

const TUNE_COUNT = 20
let web: WebMode
let browser: Browser
let page: Page
let dir: string
const pageErrors: string[] = []

/** Twenty Nottingham jigs under titles of their own, so one search finds exactly these. */
const tunes = splitTunes(readFileSync(path.join(projectRoot, 'resources/corpus/nottingham/jigs.abc'), 'utf8'))
  .tunes.slice(0, TUNE_COUNT)
  .map((t, i) => ({ title: `Bookjig ${String(i + 1).padStart(2, '0')}`, abc: t.text.replace(/^T:.*$/m, `T:Bookjig ${String(i + 1).padStart(2, '0')}`) }))

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-book-'))
  web = await startWebMode()
  const file = { name: 'book.abc', dataBase64: Buffer.from(tunes.map((t) => t.abc).join('\n\n') + '\n').toString('base64') }
  const report = await callApi<ImportReport>(web, 'library.importFiles', { corpusName: 'Book', files: [file] })
  expect(report.imported).toBe(TUNE_COUNT)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click()
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('tunebook from the library', () => {
  it('prints 20 tunes with contents whose page numbers are right', async () => {
    await page.getByTestId('search').fill('Bookjig')
    await expect.poll(() => page.getByTestId('tune-count').textContent()).toBe(`${TUNE_COUNT} tunes`)
    await page.getByTestId('open-tunebook').click()
    const book = page.getByTestId('tunebook')
    await expect.poll(() => book.locator('.tb-page').count(), { timeout: 30_000 }).toBeGreaterThan(TUNE_COUNT / 4)
    const pageCount = await book.locator('.tb-page').count()

    const pdf = path.join(dir, 'book.pdf')
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true })
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
    // Only the book is printed: as many sheets as it has pages, none for the app behind it.
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pageCount)
    expect(squash(pageText(pdf, 1))).toContain('Tunes: Bookjig')
    const { pages, problems } = checkContents(pdf, pageCount, tunes.map((t) => t.title))
    expect(problems).toEqual([])
    expect(new Set(pages).size).toBeGreaterThan(1)

    await page.getByTestId('tunebook-close').click()
    await expect.poll(() => book.count()).toBe(0)
    expect(pageErrors).toEqual([])
  })
})
