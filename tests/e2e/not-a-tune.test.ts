/// <reference lib="dom" />
/**
 * Text that is not a tune, or a tune with garbage in it, in the composer, in a real browser against
 * real web mode. A decoration on an invisible rest X (`MX`, `!fermata!X`, which random garbage
 * after a header is full of) made abcjs draw a staff at y = NaN, a console error per SVG attribute
 * at every redraw; it is drawn now without them. Text with no tune at all (prose, a lone header)
 * gets a message in words instead of a score. The editor keeps every character either way.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, openComposer, setEditorText, type AppPage } from './web-mode'

let app: AppPage
let page: Page
let consoleErrors: string[]

const NOT_TUNES = ['hello, this is not a tune at all', 'X:1\nT:Only a header\n', '%%%%\n!!!!\n[[[[ ]]]] {{{{ }}}}\n']
const HEAD = 'X:1\nT:Garbage\nM:4/4\nL:1/8\nK:D\n'
/** Each drew a staff at NaN before (12-59 console errors a text); the first is random garbage. */
const DECORATED_RESTS = [`${HEAD},D#-x^c/'2 _BT4X|5TA4f(Q=%Q]19:3/A!/7XT]MTX \\\\">ZDy`, `${HEAD}abc !fermata!X|`, `${HEAD}DFA M "C"X2|`, `${HEAD}~X4|`]

/** The editor's text (CodeMirror's innerText shows an empty last line as an extra newline). */
const editorText = async (): Promise<string> => (await page.locator('.cm-content').innerText()).replace(/\n+$/, '')

beforeAll(async () => {
  app = await openApp({ name: 'not-a-tune', consoleErrors: true })
  page = app.page
  consoleErrors = app.errors
})

afterAll(() => app?.close())

describe('the composer on text that is not a tune', () => {
  it.each(NOT_TUNES)('shows a message instead of a score and logs no error: %j', async (text) => {
    await openComposer(page, { model: false })
    consoleErrors.length = 0
    await setEditorText(page, text)
    const score = page.locator('.live-score')
    await expect.poll(() => score.getByTestId('score-message').textContent(), { timeout: 10_000 }).toMatch(/no tune to draw/i)
    expect(await page.getByTestId('live-score').locator('svg').count()).toBe(0)
    // The editor keeps every character the musician typed.
    expect(await editorText()).toBe(text.replace(/\n+$/, ''))
    expect(consoleErrors).toEqual([])
  })

  it.each(DECORATED_RESTS)('draws a tune with decorations on an invisible rest without a NaN: %j', async (text) => {
    consoleErrors.length = 0
    await setEditorText(page, text)
    await expect.poll(() => page.getByTestId('live-score').locator('svg').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    // The redraw is debounced: wait until this text's drawing is on screen, then a little more.
    await expect.poll(() => page.getByTestId('live-score').locator('.abcjs-title').textContent(), { timeout: 10_000 }).toBe('Garbage')
    await page.waitForTimeout(500)
    expect(await editorText()).toBe(text)
    expect(consoleErrors).toEqual([])
  })

  it('answers in words where abcjs would lay the decoration of a rest out at NaN (an unclosed quote before X)', async () => {
    consoleErrors.length = 0
    const text = `${HEAD}DFAF v"FL:}~X|`
    await setEditorText(page, text)
    const score = page.locator('.live-score')
    await expect.poll(() => score.getByTestId('score-message').textContent(), { timeout: 10_000 }).toMatch(/cannot be drawn as a score: .* at line 6, column 6/)
    expect(await editorText()).toBe(text)
    expect(consoleErrors).toEqual([])
  })

  it('draws a tune again once there is one', async () => {
    consoleErrors.length = 0
    await setEditorText(page, 'X:1\nT:Back\nM:4/4\nL:1/8\nK:D\nDFAF GBAF|\n')
    await expect.poll(() => page.getByTestId('live-score').locator('svg').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await page.locator('.live-score').getByTestId('score-message').count()).toBe(0)
    expect(consoleErrors).toEqual([])
  })
})
