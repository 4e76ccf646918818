/**
 * Sets in a real browser against real web mode: make a set of three tunes from the search, order
 * them, give one two times through, save it, find it, play it through (Tone.js in real time: the
 * marked tune moves from one to the next in order) and export it as one ABC file.
 */
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, launchChromium, startWebMode, type WebMode } from './web-mode'
import type { Piece } from '../../src-shared/contract'
import { parse } from 'musicxml-io'

let web: WebMode
let browser: Browser
let page: Page
const pageErrors: string[] = []

/** Three short tunes (two bars each) so the set plays through in seconds at the set's tempo. */
const TUNES = ['Setpiece Alpha', 'Setpiece Bravo', 'Setpiece Charlie'].map((title, i) => ({
  title,
  abc: `X:${i + 1}\nT:${title}\nM:4/4\nL:1/8\nK:${['G', 'D', 'A'][i]}\n${['GABc dedB', 'DEFG AFED', 'ABcd ecBA'][i]}|${['d2B2 G4', 'A2F2 D4', 'e2c2 A4'][i]}|]`,
}))
const SET_TEMPO = 240
const PLAY_TIMEOUT_MS = 30_000

beforeAll(async () => {
  web = await startWebMode()
  for (const t of TUNES) await callApi<Piece>(web, 'library.savePiece', t)
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sets' }).click()
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
})

const itemTitles = (): Promise<string[]> => page.getByTestId('set-item').locator('.title').allTextContents()

describe('sets', () => {
  it('makes, orders, saves and finds a set of three tunes', async () => {
    await page.getByTestId('set-tune-search').fill('Setpiece')
    await expect.poll(() => page.getByTestId('set-tune-result').count()).toBe(3)
    // Added in the order Charlie, Alpha, Bravo; then Charlie is moved to the end.
    for (const title of ['Charlie', 'Alpha', 'Bravo']) {
      await page.locator('li', { hasText: `Setpiece ${title}` }).getByTestId('set-tune-result').click()
    }
    await expect.poll(itemTitles).toEqual(['Setpiece Charlie', 'Setpiece Alpha', 'Setpiece Bravo'])
    await page.getByRole('button', { name: 'Move Setpiece Charlie down' }).click()
    await page.getByRole('button', { name: 'Move Setpiece Charlie down' }).click()
    expect(await itemTitles()).toEqual(['Setpiece Alpha', 'Setpiece Bravo', 'Setpiece Charlie'])

    await page.getByTestId('set-item-repeats').nth(1).fill('2')
    await page.getByTestId('set-name').fill('Session set')
    await page.getByTestId('set-tempo').fill(String(SET_TEMPO))
    await page.getByTestId('set-save').click()
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Saved "Session set"')

    await page.getByTestId('set-search').fill('bravo')
    await expect.poll(() => page.getByTestId('saved-set').allTextContents()).toEqual([expect.stringContaining('Session set')])
    await page.getByTestId('set-search').fill('no such tune')
    await expect.poll(() => page.getByTestId('saved-set').count()).toBe(0)

    // What was saved comes back after a reload.
    await page.reload()
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sets' }).click()
    await page.getByTestId('saved-set').filter({ hasText: 'Session set' }).click()
    await expect.poll(itemTitles).toEqual(['Setpiece Alpha', 'Setpiece Bravo', 'Setpiece Charlie'])
    expect(await page.getByTestId('set-item-repeats').nth(1).inputValue()).toBe('2')
  })

  it('plays the set through: the marked tune moves from tune to tune, the second twice', async () => {
    await page.getByTestId('set-play').click()
    // Samples which tune is marked (and which time through) until the set has finished.
    const seen = await page.evaluate(async (timeout) => {
      const out: string[] = []
      const start = performance.now()
      while (performance.now() - start < timeout) {
        const items = Array.from(document.querySelectorAll('[data-testid="set-item"]'))
        const current = items.findIndex((el) => el.getAttribute('aria-current') === 'true')
        const pass = document.querySelector('[data-testid="set-item-pass"]')?.textContent?.trim() ?? ''
        const mark = current < 0 ? '' : `${current}:${pass}`
        if (mark && mark !== out.at(-1)) out.push(mark)
        if (out.length > 0 && current < 0 && document.querySelector('[data-testid="set-play"]')) break
        await new Promise((r) => setTimeout(r, 30))
      }
      return out
    }, PLAY_TIMEOUT_MS)
    expect(seen).toEqual(['0:1 of 1', '1:1 of 2', '1:2 of 2', '2:1 of 1'])
    await expect.poll(() => page.getByTestId('set-play').count()).toBe(1)
    expect(pageErrors).toEqual([])
  })

  it('exports the set as one ABC file with each tune as written, in order', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('set-export').click()])
    expect(download.suggestedFilename()).toBe('session-set.abc')
    const text = readFileSync((await download.path()) ?? '', 'utf8')
    expect(text).toMatch(/^% Set: Session set/)
    expect(text).toContain('% 2. Setpiece Bravo: 2 times')
    const positions = TUNES.map((t) => text.indexOf(t.abc))
    expect(positions.every((p) => p > 0)).toBe(true)
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
  })
})

describe('a set as a tunebook', () => {
  it('lays the set out as a book with its tunes in the contents, in set order', async () => {
    await page.getByTestId('set-tunebook').click()
    const book = page.getByTestId('tunebook')
    await expect.poll(() => book.locator('.tb-contents .tb-list-line .text').allTextContents()).toEqual(TUNES.map((t) => t.title))
    await page.getByTestId('tunebook-close').click()
    await expect.poll(() => book.count()).toBe(0)
  })
})

describe('a piece as MusicXML', () => {
  it('exports the piece as a MusicXML score with its title and notes', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Pieces' }).click()
    await page.getByTestId('piece-row').filter({ hasText: 'Setpiece Alpha' }).click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-musicxml').click()])
    expect(download.suggestedFilename()).toBe('Setpiece-Alpha.musicxml')
    const score = parse(readFileSync((await download.path()) ?? '', 'utf8'))
    expect(score.metadata.movementTitle).toBe('Setpiece Alpha')
    const steps = score.parts[0].measures.flatMap((m) => m.entries.flatMap((e) => (e.type === 'note' && e.pitch ? [e.pitch.step] : [])))
    // GABc dedB | d2B2 G4
    expect(steps.join('')).toBe('GABCDEDBDBG')
  })
})
