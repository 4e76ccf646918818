/// <reference lib="dom" />
/**
 * Rewriting bars in the composer, in a real browser against real web mode and the shipped model:
 * a note of bar 5 clicked in the score selects that bar, "Rewrite the selected bars" shows
 * alternatives drawn in context with their fit, one is auditioned and one is used, which replaces
 * exactly bar 5 of the text; a selection in the header is refused in words and nothing changes.
 * Suggest chords on the tune without its chord symbols: a chip per bar, two left out, the rest
 * applied (the notes untouched), and the tune plays with them.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nottinghamTune } from './corpus-prompts'
import { openApp, openComposerWith, projectRoot, screenshotDir, setEditorText, type AppPage } from './web-mode'

let app: AppPage
let page: Page
let pageErrors: string[]

const SHIPPED_MODEL = path.join(projectRoot, 'resources/models/default/model.json')
/** `B|"Em"e2e B2B|GAB E3|"D7"FED AGF|FED AGF|` — the pickup is bar 1, so bar 5 is the second `FED AGF`. */
const TUNE = nottinghamTune('jigs.abc', 'Avon Jig')
const BAR_5 = TUNE.indexOf('FED AGF', TUNE.indexOf('FED AGF') + 1)
/** Notes before bar 5: the pickup (1), `e2e B2B` (4), `GAB E3` (4), `FED AGF` (6). */
const FIRST_NOTE_OF_BAR_5 = 15
const REWRITE_MS = 90_000

const testId = (id: string) => page.getByTestId(id)
const editorText = () => page.locator('.cm-content').evaluate((el) => (el as HTMLElement).innerText)

beforeAll(async () => {
  if (!existsSync(SHIPPED_MODEL)) throw new Error(`these tests need the shipped model (${SHIPPED_MODEL})`)
  // Audio without a click first, so an audition can start.
  app = await openApp({ name: 'cocompose', chromiumArgs: ['--autoplay-policy=no-user-gesture-required'] })
  page = app.page
  pageErrors = app.errors
})

afterAll(() => app?.close())

describe('composer: rewrite bars', () => {
  it('rewrites the bar of a note clicked in the score; Use this replaces exactly that bar', async () => {
    await openComposerWith(page, TUNE)
    await expect.poll(() => page.locator('[data-testid="live-score"] svg .abcjs-note').count()).toBeGreaterThan(FIRST_NOTE_OF_BAR_5)
    // abcjs takes clicks on the whole SVG and finds the nearest note: click where the note is drawn.
    await page.locator('[data-testid="live-score"] svg .abcjs-note').nth(FIRST_NOTE_OF_BAR_5).click({ force: true })
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('F')

    await testId('rewrite-tab').click()
    await testId('rewrite-bars').click()
    await expect.poll(() => testId('alternative').count(), { timeout: REWRITE_MS }).toBeGreaterThan(0)
    expect(await testId('rewrite-summary').textContent()).toMatch(/Bars 5–5: the \d of 64 candidates/)
    for (const fit of await testId('alternative-fit').allTextContents()) expect(fit).toMatch(/^Fit \d+\.\d bits \(yours \d+\.\d\): fits (better than|less well than|as) yours/)
    // Each card draws its bars with the bar before and after.
    await expect.poll(() => page.locator('[data-testid="alternative"] svg .abcjs-note').count()).toBeGreaterThan(0)

    const first = testId('alternative').first()
    await expect.poll(() => first.getByTestId('audition-alternative').isDisabled()).toBe(false)
    await first.getByTestId('audition-alternative').click()
    await expect.poll(() => first.getByTestId('audition-alternative').textContent()).toContain('Stop')
    await first.getByTestId('audition-alternative').click()

    const replacement = (await first.getByTestId('alternative-text').textContent()) ?? ''
    expect(replacement).not.toMatch(/[|\n]/)
    await first.getByTestId('use-alternative').click()
    const expected = TUNE.slice(0, BAR_5) + replacement + TUNE.slice(BAR_5 + 'FED AGF'.length)
    await expect.poll(editorText).toBe(expected)
    expect(pageErrors).toEqual([])
  })

  it('suggests a chord per bar; the ones kept are applied and nothing else changes; the tune plays', async () => {
    const bare = TUNE.replace(/"[^"]*"/g, '')
    await setEditorText(page, bare)
    await testId('chords-tab').click()
    await testId('suggest-chords').click()
    await expect.poll(() => testId('chord-chip').count(), { timeout: REWRITE_MS }).toBeGreaterThan(2)
    const chips = await testId('chord-chip').count()
    // A chip per bar, and one more where the model changes chord at the bar's middle.
    for (const chip of await testId('chord-chip').allTextContents()) expect(chip.trim()).toMatch(/^\d+ [A-G][#b]?(m|7|dim)?$/)
    const changes = await testId('chord-change-chip').count()
    // The shipped model changes chord in the middle of at least one of the Avon Jig's bars (bar 17, `"Em"EFG "D"FED`).
    expect(changes).toBeGreaterThan(0)
    for (const chip of await testId('chord-change-chip').allTextContents()) expect(chip.trim()).toMatch(/^[A-G][#b]?(m|7|dim)?$/)
    // For a person to look at (out/e2e-screenshots, or TUNESMITH_SCREENSHOTS_DIR): the suggestions as the musician sees them.
    mkdirSync(screenshotDir, { recursive: true })
    await page.screenshot({ path: path.join(screenshotDir, 'chords-suggested.png') })
    // Two bars' own chords left out, and the last change at a middle (its bar keeps its own).
    await testId('chord-chip').nth(0).click()
    await testId('chord-chip').nth(1).click()
    await testId('chord-change-chip').nth(changes - 1).click()
    const symbols = chips - 2 + changes - 1
    expect(await testId('apply-chords').textContent()).toBe(`Apply ${symbols} chords`)
    await testId('apply-chords').click()
    await expect.poll(async () => ((await editorText()).match(/"[^"]*"/g) ?? []).length).toBe(symbols)
    expect((await editorText()).replace(/"[^"]*"/g, '')).toBe(bare)

    // The score is drawn again with the chords (the player plays what is drawn), then played.
    await expect.poll(() => page.locator('[data-testid="live-score"] svg .abcjs-chord').count(), { timeout: 30_000 }).toBe(symbols)
    await expect.poll(() => testId('player-play').isDisabled(), { timeout: 30_000 }).toBe(false)
    await testId('player-play').click()
    await expect.poll(() => testId('player').getAttribute('data-status'), { timeout: 30_000 }).toBe('playing')
    // It moves on through the tune (with the chords as its backing), then stop it if it is still going.
    await expect.poll(async () => Number(await testId('player').getAttribute('data-position')), { timeout: 30_000 }).toBeGreaterThan(0)
    if (await testId('player-stop').isEnabled()) await testId('player-stop').click()
    await expect.poll(() => testId('player').getAttribute('data-status')).toBe('stopped')
    expect(pageErrors).toEqual([])
  })

  it("with a bar selected in the score, suggests a chord for that bar only, after the tune's own chords, and applies only there", async () => {
    await setEditorText(page, TUNE)
    await testId('chords-tab').click()
    const written = TUNE.match(/"[^"]*"/g)?.length ?? 0
    await expect.poll(() => page.locator('[data-testid="live-score"] svg .abcjs-chord').count(), { timeout: 30_000 }).toBe(written)
    // Bar 5 (`FED AGF`) has no chord of its own: the D7 of bar 4 sounds on into it.
    await page.locator('[data-testid="live-score"] svg .abcjs-note').nth(FIRST_NOTE_OF_BAR_5).click({ force: true })
    await testId('suggest-chords').click()
    await expect.poll(async () => (await testId('chords-summary').textContent()) ?? '', { timeout: REWRITE_MS }).toMatch(/bars 5–5/)
    expect((await testId('chord-chip').allTextContents()).map((t) => t.trim().split(' ')[0])).toEqual(['5'])
    const symbols = 1 + (await testId('chord-change-chip').count())
    await testId('apply-chords').click()
    await expect.poll(async () => ((await editorText()).match(/"[^"]*"/g) ?? []).length).toBe(written + symbols)
    const after = await editorText()
    expect(after.replace(/"[^"]*"/g, '')).toBe(TUNE.replace(/"[^"]*"/g, ''))
    // Everything before bar 5 is as written, the musician's chords included.
    expect(after.slice(0, BAR_5)).toBe(TUNE.slice(0, BAR_5))
    expect(pageErrors).toEqual([])
  })

  it('varies the selected bar: the same rhythm, new notes', async () => {
    await setEditorText(page, TUNE)
    await testId('rewrite-tab').click()
    // Once the score shows this text (its chord symbols), a note click selects in this text.
    await expect.poll(() => page.locator('[data-testid="live-score"] svg .abcjs-chord').count(), { timeout: 30_000 }).toBe(TUNE.match(/"[^"]*"/g)?.length)
    await page.locator('[data-testid="live-score"] svg .abcjs-note').nth(FIRST_NOTE_OF_BAR_5).click({ force: true })
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('F')
    await testId('vary-bars').click()
    await expect.poll(() => testId('alternative').count(), { timeout: REWRITE_MS }).toBeGreaterThan(0)
    expect(await testId('rewrite-summary').textContent()).toMatch(/with the same rhythm and new notes/)
    for (const line of await testId('alternative-change').allTextContents()) expect(line).toMatch(/^\d+ % of the notes new, \d+ % of the steps the same way$/)
    // `FED AGF`: six notes of the unit length, a space after the third; only their pitches change.
    for (const text of await testId('alternative-text').allTextContents()) expect(text).toMatch(/^(?:[_^=]{0,2}[A-Ga-g][,']*){3} (?:[_^=]{0,2}[A-Ga-g][,']*){3}$/)
  })

  it('refuses a selection in the header in words and changes nothing', async () => {
    await testId('rewrite-tab').click()
    const before = await editorText()
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('Shift+End')
    await testId('rewrite-bars').click()
    await expect.poll(() => testId('rewrite-error').textContent(), { timeout: REWRITE_MS }).toMatch(/header: select bars of music/)
    expect(await editorText()).toBe(before)
  })
})
