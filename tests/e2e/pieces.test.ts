/**
 * The Pieces view against real web mode: pieces saved through the API are found, filtered,
 * opened with where they came from, renamed, rated, tagged, transposed, shown with tablature,
 * exported (.abc / .svg / .mid read back from the real downloads), deleted and restored with Undo.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Piece, TunePage } from '../../src-shared/contract'
import { callApi, launchChromium, screenshotDir, startWebMode, type WebMode } from './web-mode'

let web: WebMode
let browser: Browser
let page: Page
const pageErrors: string[] = []
let generated: Piece
let byHand: Piece

/** Calls the API the way the page does (POST + token header), for setting up and checking. */
const call = <T>(channel: string, input: unknown): Promise<T> => callApi<T>(web, channel, input)

const testId = (id: string) => page.getByTestId(id)
const count = (): Promise<number> => testId('piece-row').count()

async function download(action: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), action()])
  const saved = path.join(web.libraryDir, `download-${Date.now()}-${(file as Download).suggestedFilename()}`)
  await file.saveAs(saved)
  return { name: file.suggestedFilename(), bytes: readFileSync(saved) }
}

const GENERATED_ABC = 'X:1\nT:Lantern Jig\nM:6/8\nL:1/8\nK:G\n|:GAB cBA|BGE EDE|GAB cBA|BGE G3:|\n|:dBG dBG|ecA ecA|dBG AFD|G3 G3:|\n'
const BY_HAND_ABC = 'X:1\nT:Quarry Road Reel\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|EFGA BAFD|DFAF GBAF|EDCE D4:|\n'

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true })
  web = await startWebMode()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 860 }, acceptDownloads: true })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  // A generated piece continues a real corpus tune; the other was written by hand.
  const parent = await call<TunePage>('library.searchTunes', { text: "Boar's Head", limit: 1 })
  generated = await call<Piece>('library.savePiece', {
    title: 'Lantern Jig',
    abc: GENERATED_ABC,
    prompt: 'X:1\nT:Lantern Jig\nM:6/8\nL:1/8\nK:G\n|:GAB cBA|',
    params: { temperature: 0.8, topP: 0.95, seed: 42 },
    parentTuneId: parent.items[0].id,
  })
  byHand = await call<Piece>('library.savePiece', { title: 'Quarry Road Reel', abc: BY_HAND_ABC })
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
})

describe('pieces view in web mode', () => {
  it('lists the pieces and narrows them by text, key, meter and source', async () => {
    await page.getByRole('button', { name: 'Pieces', exact: true }).click()
    await expect.poll(count).toBe(2)
    await testId('piece-search').fill('Quarry')
    await expect.poll(count).toBe(1)
    expect(await testId('piece-row').textContent()).toContain('Quarry Road Reel')
    await testId('piece-search').fill('')
    await expect.poll(count).toBe(2)

    await testId('piece-filter-meter').selectOption('6/8')
    await expect.poll(count).toBe(1)
    expect(await testId('piece-row').textContent()).toContain('Lantern Jig')
    await testId('piece-filter-meter').selectOption('')
    await testId('piece-filter-key').selectOption('D')
    await expect.poll(count).toBe(1)
    expect(await testId('piece-row').textContent()).toContain('Quarry Road Reel')
    await testId('piece-filter-key').selectOption('')
    await testId('piece-filter-source').selectOption('generated')
    await expect.poll(count).toBe(1)
    expect(await testId('piece-row').textContent()).toContain('Lantern Jig')
    await testId('piece-filter-source').selectOption('')
    await expect.poll(count).toBe(2)
  })

  it('opens a piece with its score, prompt, settings and parent tune', async () => {
    await testId('piece-row').filter({ hasText: 'Lantern Jig' }).click()
    await expect.poll(() => testId('piece-title').textContent()).toBe('Lantern Jig')
    await expect.poll(() => page.locator('[data-testid="piece-detail"] svg .abcjs-notehead').count()).toBeGreaterThan(20)
    expect(await testId('piece-prompt').textContent()).toBe(generated.prompt)
    expect(await testId('piece-params').textContent()).toContain('temperature 0.8')
    await expect.poll(() => testId('piece-parent').textContent()).toContain("The Boar's Head")
  })

  it('rates, tags and renames, and the library keeps it', async () => {
    await testId('star-4').click()
    await expect.poll(() => testId('piece-rating').getAttribute('data-rating')).toBe('4')
    await testId('piece-tag-input').fill('session')
    await testId('piece-tag-input').press('Enter')
    await expect.poll(() => testId('piece-tag').allTextContents()).toEqual([expect.stringContaining('session')])
    // Over the library's 50-character limit: refused with a word, the stored tags untouched.
    await testId('piece-tag-input').fill('x'.repeat(60))
    await testId('piece-tag-input').press('Enter')
    await expect.poll(() => testId('piece-tags').getByRole('alert').textContent()).toContain('at most 50 characters')
    expect(await testId('piece-tag').count()).toBe(1)
    await testId('piece-rename').click()
    await testId('piece-title-input').fill('Lantern Light Jig')
    await testId('piece-rename-save').click()
    await expect.poll(() => testId('piece-title').textContent()).toBe('Lantern Light Jig')

    const stored = await call<Piece>('library.getPiece', { id: generated.id })
    expect(stored.rating).toBe(4)
    expect(stored.tags).toEqual(['session'])
    expect(stored.title).toBe('Lantern Light Jig')
    // The title inside the tune follows, so exports carry the new name.
    expect(stored.abc).toContain('T:Lantern Light Jig\n')

    await testId('piece-filter-rating').selectOption('4')
    await expect.poll(count).toBe(1)
    await testId('piece-filter-rating').selectOption('0')
    await expect.poll(() => testId('piece-filter-tag').locator('option', { hasText: 'session' }).count()).toBe(1)
    await testId('piece-filter-tag').selectOption('session')
    await expect.poll(count).toBe(1)
    await testId('piece-filter-tag').selectOption('')
    await expect.poll(count).toBe(2)
  })

  it('exports .abc, .svg and .mid as real files', async () => {
    const abc = await download(() => testId('export-abc').click())
    expect(abc.name).toBe('Lantern-Light-Jig.abc')
    const stored = await call<Piece>('library.getPiece', { id: generated.id })
    expect(abc.bytes.toString('utf8')).toBe(stored.abc)

    const mid = await download(() => testId('export-mid').click())
    expect(mid.name).toBe('Lantern-Light-Jig.mid')
    expect(mid.bytes.subarray(0, 4).toString('latin1')).toBe('MThd')
    expect(mid.bytes.includes(Buffer.from('MTrk', 'latin1'))).toBe(true)

    const svg = await download(() => testId('export-svg').click())
    const text = svg.bytes.toString('utf8')
    expect(text.startsWith('<?xml')).toBe(true)
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"')
    expect(text).toContain('abcjs-notehead')
  })

  it('transposes (and exports what it shows) and draws tablature on request', async () => {
    await testId('transpose-up').click()
    await testId('transpose-up').click()
    expect(await testId('transpose-amount').textContent()).toBe('+2')
    const abc = await download(() => testId('export-abc').click())
    // G major up a whole tone is A major.
    expect(abc.bytes.toString('utf8')).toMatch(/^K:A$/m)
    expect((await call<Piece>('library.getPiece', { id: generated.id })).abc).toMatch(/^K:G$/m)

    expect(await page.locator('.abcjs-tab-number').count()).toBe(0)
    await testId('tablature').selectOption('guitar')
    await expect.poll(() => page.locator('[data-testid="piece-detail"] .abcjs-tab-number').count()).toBeGreaterThan(20)
    await page.screenshot({ path: path.join(screenshotDir, 'pieces-tablature.png') })
    await testId('tablature').selectOption('')
    await testId('transpose-down').click()
    await testId('transpose-down').click()
    await page.screenshot({ path: path.join(screenshotDir, 'pieces.png') })
  })

  it('deletes into the bin and Undo brings the piece back', async () => {
    await testId('piece-row').filter({ hasText: 'Quarry Road Reel' }).click()
    await expect.poll(() => testId('piece-title').textContent()).toBe('Quarry Road Reel')
    await testId('piece-delete').click()
    await expect.poll(() => testId('undo-toast').textContent()).toContain('Deleted “Quarry Road Reel”')
    await expect.poll(count).toBe(1)
    expect((await call<Piece>('library.getPiece', { id: byHand.id })).deletedAt).not.toBeNull()

    // The live list also holds one row: wait for the bin's own row, not for a count of one.
    await testId('piece-filter-bin').check()
    await expect.poll(() => testId('piece-row').allTextContents()).toEqual([expect.stringContaining('Quarry Road Reel')])
    await testId('piece-filter-bin').uncheck()
    await expect.poll(() => testId('piece-row').allTextContents()).toEqual([expect.stringContaining('Lantern Light Jig')])

    await page.screenshot({ path: path.join(screenshotDir, 'pieces-undo.png') })
    await testId('undo').click()
    await expect.poll(count).toBe(2)
    expect(await testId('undo-toast').count()).toBe(0)
    expect((await call<Piece>('library.getPiece', { id: byHand.id })).deletedAt).toBeNull()
    await expect.poll(() => testId('piece-title').textContent()).toBe('Quarry Road Reel')
  })

  it('prints the score only', async () => {
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.topbar').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden')
    expect(await testId('piece-title').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden')
    expect(await testId('sheet').evaluate((el) => getComputedStyle(el).visibility)).toBe('visible')
    await page.emulateMedia({ media: 'screen' })
  })

  it("saves the composer's text afresh when its piece is gone: the service's not-found code reaches the page", async () => {
    // The composer still names a piece the library no longer has (a copy of the library from
    // before it was made, say): updatePiece answers not-found, by its code in either shell.
    const orphan = 'X:1\nT:Orphan Reel\nM:4/4\nL:1/8\nK:G\n|:GABc dBGB|\n'
    await page.evaluate((text) => localStorage.setItem('tunesmith.composer', JSON.stringify({ text, origin: { pieceId: 999_999, title: 'Orphan Reel' } })), orphan)
    await page.reload()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Composer' }).click()
    await testId('save').click()
    await expect.poll(() => testId('composer-notice').textContent(), { timeout: 10_000 }).toMatch(/^Saved “Orphan Reel” \(piece \d+\)\.$/)
    const saved = (await call<{ items: Piece[] }>('library.listPieces', { text: 'Orphan Reel' })).items
    expect(saved.map((p) => p.abc)).toEqual([orphan])
  })

  it('ran without uncaught errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
