/**
 * The library in a real browser against real web mode: the corpus is listed, search narrows it,
 * a tune is engraved by abcjs, and a file import (picked or dropped on the view) is checked before
 * upload and reported after.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordTimings } from './timings'
import { launchChromium, screenshotDir, startWebMode, type WebMode } from './web-mode'

/** 1,034 tunes in the files; the library drops the few exact duplicates, so read its count. */
let corpusTunes = 0
const count = (): Promise<number> => page.getByTestId('tune-count').textContent().then((t) => parseInt(t ?? '', 10))
const NEW_TUNES = 'X:1\nT:Harbour Lights Polka\nM:2/4\nL:1/8\nK:G\n|:GB dB|cA FA|GB dB|AF G2:|\n\nX:2\nT:Second Field Reel\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|EFGA BAFD:|\n'

/** Recorded, never asserted (issue target: opens and filters 1,000+ tunes in < 300 ms). */
const timings: Record<string, number> = {}
let web: WebMode
let browser: Browser
let page: Page
const pageErrors: string[] = []

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) })
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true })
  web = await startWebMode()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  // Let the first view settle, so the figure below is the library's, not the page load's.
  await page.locator('.cm-content').waitFor({ timeout: 30_000 })
  const started = Date.now()
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click()
  await page.waitForFunction(() => parseInt(document.querySelector('[data-testid="tune-count"]')?.textContent ?? '', 10) > 1000, undefined, { timeout: 30_000, polling: 'raf' })
  timings.libraryOpenMs = Date.now() - started
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  if (timings.libraryOpenMs !== undefined && timings.filterMs !== undefined) recordTimings('library', 'bundledCorpus', timings)
})

describe('library view in web mode', () => {
  it('lists the bundled corpus and keeps the token out of the address bar', async () => {
    await expect.poll(count, { timeout: 30_000 }).toBeGreaterThan(1000)
    corpusTunes = await count()
    // The list's total agrees with the collection's own count in the filter.
    const nottingham = await page.getByTestId('filter-corpus').locator('option', { hasText: 'Nottingham' }).textContent()
    expect(nottingham).toBe(`Nottingham (${corpusTunes})`)
    expect(new URL(page.url()).searchParams.has('token')).toBe(false)
    // Virtualized: far fewer rows in the DOM than tunes in the list.
    const rows = await page.getByTestId('tune-row').count()
    expect(rows).toBeGreaterThan(5)
    expect(rows).toBeLessThan(100)
    await shot('library')
  })

  it('filters by meter from the facets', async () => {
    const option = await page.getByTestId('filter-meter').locator('option', { hasText: '9/8' }).textContent()
    const facetCount = Number(/\((\d+)\)/.exec(option ?? '')?.[1])
    expect(facetCount).toBeGreaterThan(0)
    const started = Date.now()
    await page.getByTestId('filter-meter').selectOption('9/8')
    await page.waitForFunction((n) => parseInt(document.querySelector('[data-testid="tune-count"]')?.textContent ?? '', 10) === n, facetCount, { timeout: 10_000, polling: 'raf' })
    timings.filterMs = Date.now() - started
    await expect.poll(count).toBe(facetCount)
    await page.getByTestId('filter-meter').selectOption('')
    await expect.poll(count).toBe(corpusTunes)
  })

  it('searches, opens a tune and draws it with abcjs', async () => {
    await page.getByTestId('search').fill('Boar')
    await expect.poll(() => page.getByTestId('tune-count').textContent()).toBe('1 tune')
    await page.getByTestId('tune-row').first().click()
    await expect.poll(() => page.getByTestId('tune-title').textContent()).toBe("The Boar's Head")
    const noteHeads = page.locator('[data-testid="sheet"] svg .abcjs-notehead')
    await expect.poll(() => noteHeads.count()).toBeGreaterThan(20)
    expect(await page.getByTestId('tune-detail').textContent()).toContain('Nottingham')
    await shot('tune')
  })

  it('moves through the list with the keyboard', async () => {
    await page.getByTestId('search').fill('')
    await expect.poll(count).toBe(corpusTunes)
    await page.getByRole('listbox', { name: 'Tunes' }).focus()
    await page.keyboard.press('ArrowDown')
    const first = await page.getByTestId('tune-title').textContent()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.getByTestId('tune-title').textContent()).not.toBe(first)

    // End jumps past the first pages: the last page is fetched and its last tune opened.
    await page.keyboard.press('End')
    const lastRow = page.locator(`#tune-row-${corpusTunes - 1}`)
    await expect.poll(() => lastRow.getAttribute('aria-selected')).toBe('true')
    const lastTitle = (await lastRow.locator('.title').textContent()) ?? ''
    expect(lastTitle.length).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('tune-title').textContent()).toBe(lastTitle)
  })

  it('imports a file through the file input, refusing a too-large one before upload', async () => {
    await page.getByTestId('open-import').click()
    await page.getByTestId('import-corpus').fill('Session tunes')
    await page.getByTestId('import-files').setInputFiles([
      { name: 'session.abc', mimeType: 'text/plain', buffer: Buffer.from(NEW_TUNES) },
      { name: 'enormous.abc', mimeType: 'text/plain', buffer: Buffer.alloc(9 * 1024 * 1024, 0x41) },
    ])
    await expect.poll(() => page.getByTestId('import-prepared').textContent()).toContain('1 file ready')
    expect(await page.getByTestId('import-prepared').textContent()).toContain('enormous.abc')
    await page.getByTestId('import-submit').click()

    await expect.poll(() => page.getByTestId('report-imported').textContent(), { timeout: 30_000 }).toBe('2')
    expect(await page.getByTestId('report-rejected').textContent()).toBe('1')
    expect(await page.getByTestId('rejection').first().textContent()).toMatch(/enormous\.abc.*limit is 8\.0 MB/)
    await shot('import-report')

    // The library.changed event (server-sent) refreshes the list behind the dialog.
    await page.keyboard.press('Escape')
    await expect.poll(count).toBe(corpusTunes + 2)
    await page.getByTestId('search').fill('Harbour Lights')
    await expect.poll(() => page.getByTestId('tune-count').textContent()).toBe('1 tune')
  })

  it('shows the progress of a long import and stops it, keeping nothing of it', async () => {
    const tunes = Array.from({ length: 20_000 }, (_, i) => `X:${i + 1}\nT:Stopped ${i}\nM:4/4\nL:1/8\nK:D\nDFAF GBAF|DFA${'cdef'[i % 4]} E2 FE|${i % 97}\n`)
    await page.getByTestId('open-import').click()
    await page.getByTestId('import-corpus').fill('Stopped tunes')
    await page.getByTestId('import-files').setInputFiles([{ name: 'many.abc', mimeType: 'text/plain', buffer: Buffer.from(tunes.join('\n')) }])
    await page.getByTestId('import-submit').click()
    // Progress in words while the tunes are read and written, then Stop.
    await expect.poll(() => page.getByTestId('import-progress').textContent(), { timeout: 60_000 }).toMatch(/many\.abc: [\d,]+ tunes read, [1-9][\d,]* imported/)
    await page.getByTestId('import-stop').click()
    await expect.poll(() => page.getByTestId('import-cancelled').textContent(), { timeout: 30_000 }).toMatch(/Import stopped: nothing of the files being read/)
    await page.keyboard.press('Escape')
    await page.getByTestId('search').fill('')
    await expect.poll(count).toBe(corpusTunes + 2)
    expect(await page.getByTestId('filter-corpus').locator('option', { hasText: 'Stopped tunes' }).count()).toBe(0)
  }, 120_000)

  it('imports a folder, skipping files that are not ABC', async () => {
    const folder = path.join(web.libraryDir, 'folder-import', 'Winter tunes')
    mkdirSync(path.join(folder, 'slides'), { recursive: true })
    writeFileSync(path.join(folder, 'march.abc'), 'X:1\nT:Frost Fair March\nM:2/4\nL:1/8\nK:A\n|:ce dc|BA GF:|\n')
    writeFileSync(path.join(folder, 'slides', 'slide.txt'), 'X:1\nT:Icicle Slide\nM:12/8\nL:1/8\nK:D\n|:A2F AFA|d2A AFA:|\n')
    writeFileSync(path.join(folder, 'cover.png'), 'not a tune')
    await page.getByTestId('search').fill('')
    await expect.poll(count).toBe(corpusTunes + 2)

    await page.getByTestId('open-import').click()
    await page.getByTestId('import-corpus').fill('Winter tunes')
    await page.getByTestId('import-folder').setInputFiles(folder)
    await expect.poll(() => page.getByTestId('import-prepared').textContent()).toMatch(/2 files ready.*1 other files skipped/)
    await page.getByTestId('import-submit').click()
    await expect.poll(() => page.getByTestId('report-imported').textContent(), { timeout: 30_000 }).toBe('2')
    expect(await page.getByTestId('report-rejected').textContent()).toBe('0')
    await page.keyboard.press('Escape')
    await expect.poll(count).toBe(corpusTunes + 4)
    const winter = await page.getByTestId('filter-corpus').locator('option', { hasText: 'Winter tunes' }).textContent()
    expect(winter).toBe('Winter tunes (2)')

    // Facets follow the chosen collection: only its two meters are offered.
    await page.getByTestId('filter-corpus').selectOption({ label: 'Winter tunes (2)' })
    await expect.poll(count).toBe(2)
    await expect
      .poll(async () => (await page.getByTestId('filter-meter').locator('option').allTextContents()).sort())
      .toEqual(['12/8 (1)', '2/4 (1)', 'Any'])
    await page.getByTestId('filter-corpus').selectOption({ label: 'All' })
  })

  it('imports files dropped on the library view, with a drop zone while dragging', async () => {
    await expect.poll(count).toBe(corpusTunes + 4)
    // A real drop: a DataTransfer built in the page, carrying a tune file and a file of another type.
    const data = await page.evaluateHandle(() => {
      const dt = new DataTransfer()
      const tune = 'X:1\nT:Lantern Dance\nM:3/4\nL:1/8\nK:G\n|:G2 B2 d2|e2 d2 B2:|\n'
      dt.items.add(new File([tune], 'dropped.abc', { type: 'text/plain' }))
      dt.items.add(new File(['%PDF-1.4'], 'notes.pdf', { type: 'application/pdf' }))
      return dt
    })
    const view = page.getByTestId('library')
    const zone = page.getByTestId('library-drop-zone')
    expect(await zone.count()).toBe(0)
    await view.dispatchEvent('dragenter', { dataTransfer: data })
    await view.dispatchEvent('dragover', { dataTransfer: data })
    await expect.poll(() => zone.isVisible()).toBe(true)
    expect(await zone.textContent()).toContain('Drop .abc, .txt or MusicXML files')
    await shot('library-drop-zone')
    await view.dispatchEvent('drop', { dataTransfer: data })
    await expect.poll(() => zone.count()).toBe(0)

    // The import dialog opens with the files checked as if picked: the .pdf is refused before upload.
    await expect.poll(() => page.getByTestId('import-prepared').textContent()).toContain('1 file ready')
    expect(await page.getByTestId('import-prepared').textContent()).toContain('notes.pdf')
    await page.getByTestId('import-corpus').fill('Dropped tunes')
    await page.getByTestId('import-submit').click()
    await expect.poll(() => page.getByTestId('report-imported').textContent(), { timeout: 30_000 }).toBe('1')
    expect(await page.getByTestId('report-rejected').textContent()).toBe('1')
    expect(await page.getByTestId('rejection').first().textContent()).toMatch(/notes\.pdf.*Not an \.abc, \.txt or MusicXML file/)
    expect(await page.getByTestId('import-report').textContent()).toContain('Dropped tunes')
    await page.keyboard.press('Escape')
    await expect.poll(count).toBe(corpusTunes + 5)
    await page.getByTestId('search').fill('Lantern Dance')
    await expect.poll(() => page.getByTestId('tune-count').textContent()).toBe('1 tune')
    await page.getByTestId('search').fill('')
  })

  it('ran without uncaught errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
