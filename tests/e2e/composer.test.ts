/// <reference lib="dom" />
/**
 * The composer in a real browser against real web mode and a real model: type a partial tune,
 * Continue (Ctrl+Enter) streams variations that arrive checked, one is accepted and the score
 * grows; New tune writes three tunes; the tune is saved as a piece and is still there after a
 * reload. Timings are recorded (printed and written to docs/e2e-timings.json), never asserted.
 *
 * The model: the shipped default (resources/models/default) when this checkout has one; else a
 * tiny one (Embedding 16 → LSTM 48) trained here for ~20 s on 60 corpus reels through the
 * training API, as the Training view would. It writes rough music, which is what the metre-aware
 * sampler and the checks are for; the test asserts the composer's behaviour, not the music.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ModelSummary, PiecePage, TrainingStatusInfo } from '../../src-shared/contract'
import { recordTimings } from './timings'
import { callApi, openApp, openComposer, projectRoot, screenshotDir, setEditorText, type AppPage, type WebMode } from './web-mode'

let web: WebMode
let app: AppPage
let page: Page
let pageErrors: string[]
const timings: Record<string, number | string> = {}

const PARTIAL_TUNE = 'X:1\nT:Composer Test Reel\nM:4/4\nL:1/8\nR:reel\nK:D\n|:DFAF GBAF|EFGA BAFA|DFAF GBAF|\n'
const SHIPPED_MODEL = path.join(projectRoot, 'resources/models/default/model.json')

/** Calls the API the way the page does (POST + token header), for setting up and checking. */
const call = <T>(channel: string, input: unknown): Promise<T> => callApi<T>(web, channel, input)

function someReels(count: number): string {
  const text = readFileSync(path.join(projectRoot, 'resources/corpus/nottingham/reelsa-c.abc'), 'latin1')
  return text
    .split(/\n(?=X:)/)
    .filter((t) => t.startsWith('X:'))
    .slice(0, count)
    .join('\n')
}

/**
 * Sizes of the model trained here. `TUNESMITH_E2E_MODEL=seed` trains the tutorial's size
 * (Embedding 512 → 3 × LSTM 256) instead, briefly: untrained music, but the real sampling cost,
 * for timings like the shipped model's.
 */
const SEED_SIZE = process.env.TUNESMITH_E2E_MODEL === 'seed'
const SIZES = SEED_SIZE ? { embedding: 512, units: [256, 256, 256] } : { embedding: 16, units: [48] }

/** A usable model: the shipped one, or one trained now. */
async function ensureModel(): Promise<string> {
  if (existsSync(SHIPPED_MODEL)) return 'shipped default'
  const report = await call<{ corpusId: number }>('library.importFiles', {
    corpusName: 'E2E reels',
    files: [{ name: 'reels.abc', dataBase64: Buffer.from(someReels(60), 'latin1').toString('base64') }],
  })
  await call('training.start', {
    corpusId: report.corpusId,
    modelName: 'E2E model',
    sizes: SIZES,
    epochs: 50,
    batch: 16,
    seqLen: 48,
    lr: 0.01,
    checkpointEvery: 25,
    maxMinutes: 0.35,
  })
  const deadline = Date.now() + 120_000
  while ((await call<TrainingStatusInfo>('training.status', {})).state !== 'idle') {
    if (Date.now() > deadline) throw new Error('the model did not finish training in 2 minutes')
    await new Promise((r) => setTimeout(r, 1000))
  }
  const models = await call<ModelSummary[]>('training.listModels', {})
  if (!models.find((m) => m.name === 'E2E model')?.bestCheckpointId) throw new Error('the model trained here has no checkpoint')
  return `E2E model trained by the test: Embedding ${SIZES.embedding} → LSTM ${SIZES.units.join(', ')}`
}

const testId = (id: string) => page.getByTestId(id)
const scoreNotes = () => page.locator('[data-testid="live-score"] svg .abcjs-notehead').count()
const editorText = () => page.locator('.cm-content').evaluate((el) => (el as HTMLElement).innerText)
const storedComposerText = () => page.evaluate(() => (JSON.parse(localStorage.getItem('tunesmith.composer') ?? '{}') as { text?: string }).text ?? '')

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) })
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true })
  app = await openApp({
    name: 'composer',
    // Audio without a click first, so an audition can start (see docs/measurements: Web Audio runs headless).
    chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
    // The model is there before the page lists the models.
    beforePage: async (started) => {
      web = started
      timings.model = await ensureModel()
    },
  })
  page = app.page
  pageErrors = app.errors
})

afterAll(async () => {
  await app?.close()
  // Keep the last complete figures when a run failed before measuring.
  if (timings.continueAllThreeMs === undefined) return
  // One entry per kind of model, so the tiny model's figures do not replace the seed-size ones.
  recordTimings('composer', existsSync(SHIPPED_MODEL) ? 'shippedModel' : SEED_SIZE ? 'seedSizeModel' : 'tinyModel', timings)
})

describe('composer in web mode', () => {
  it('opens as the first view, highlights and checks what is typed and draws it', async () => {
    await openComposer(page)
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Delete')
    await page.keyboard.type(PARTIAL_TUNE.replace(/\n$/, ''), { delay: 5 })
    await page.keyboard.press('Enter')
    expect(await editorText()).toContain('|:DFAF GBAF|EFGA BAFA|DFAF GBAF|')
    // Highlighting: bar lines and field names are their own tokens.
    expect(await page.locator('.cm-content span', { hasText: /^\|:$/ }).count()).toBeGreaterThan(0)
    await expect.poll(() => testId('status-meter').textContent()).toBe('4/4')
    expect(await testId('status-key').textContent()).toBe('D')
    expect(await testId('status-bars').textContent()).toBe('3')
    await expect.poll(scoreNotes).toBe(24)
    await expect.poll(() => testId('status-problems').textContent()).toContain('checks clean')
  })

  it('underlines a wrong-length bar with its message, and clears it when fixed', async () => {
    await page.keyboard.type('DFA GBAF|', { delay: 5 })
    await expect.poll(() => page.locator('.cm-lintRange-warning, .cm-lintRange-error').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await page.locator('.cm-lintRange-warning, .cm-lintRange-error').first().hover()
    await expect.poll(() => page.locator('.cm-tooltip-lint').textContent()).toMatch(/bar|beat|long|short/i)
    for (let i = 0; i < 'DFA GBAF|'.length; i++) await page.keyboard.press('Backspace')
    await expect.poll(() => page.locator('.cm-lintRange-warning, .cm-lintRange-error').count(), { timeout: 10_000 }).toBe(0)
    // The checker and the score both catch up with the fix (both are debounced).
    await expect.poll(() => testId('status-problems').textContent()).toContain('checks clean')
    await expect.poll(scoreNotes).toBe(24)
  })

  it('moves the cursor to a clicked note, and highlights the note at the cursor', async () => {
    const heads = page.locator('[data-testid="live-score"] svg .abcjs-note')
    // abcjs takes clicks on the whole SVG and finds the nearest note, so click where the note is drawn.
    await heads.nth(4).click({ force: true })
    // The fifth note is the G of the second group, `GBAF`.
    const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '')
    expect(selected).toBe('G')
    await page.locator('.cm-content').press('ArrowRight')
    await expect.poll(() => page.locator('[data-testid="live-score"] .cursor-note').count()).toBe(1)
    await page.keyboard.press('Control+End')
    await shot('composer-editor')
  })

  it('continues from the cursor: variations stream in, arrive checked, and one is accepted', async () => {
    const before = await scoreNotes()
    await page.locator('.cm-content').focus()
    // Long tasks (over 50 ms) on the page while generating: how much the window is held up.
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] }
      w.longTasks = []
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' })
    })
    const started = Date.now()
    await page.keyboard.press('Control+Enter')
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll('[data-testid="variation-stream"], [data-testid="variation"]')).some((e) => (e.textContent ?? '').trim().length > 0),
      undefined,
      { timeout: 60_000, polling: 'raf' },
    )
    timings.continueFirstVariationMs = Date.now() - started
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="variation"]').length === 3, undefined, { timeout: 120_000, polling: 'raf' })
    timings.continueAllThreeMs = Date.now() - started

    const verdicts = await testId('variation-verdict').allTextContents()
    expect(verdicts).toHaveLength(3)
    // The verdict is on the whole tune; problems in the musician's part are counted as such.
    for (const v of verdicts) expect(v).toMatch(/^(empty|clean|\d+ warnings?( \(\d+ in your part\))?|\d+ wrong bars?.*)$/)
    expect(await testId('variation-novelty').count()).toBe(3)
    await expect.poll(() => page.locator('[data-testid="variation"] svg .abcjs-notehead').count()).toBeGreaterThan(0)
    // Read before the screenshot, which holds up the page itself.
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks)
    timings.continueLongTasks = longTasks.length
    timings.continueLongestTaskMs = Math.round(Math.max(0, ...longTasks))
    await shot('composer-variations')

    // Looking at the library meanwhile keeps the variations.
    const views = page.getByRole('navigation', { name: 'Views' })
    await views.getByRole('button', { name: 'Library' }).click()
    await views.getByRole('button', { name: 'Composer' }).click()
    await expect.poll(() => testId('variation').count()).toBe(3)
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+End')

    // A tiny model may stop at once: take the variation that wrote the most notes.
    const texts = await page.locator('[data-testid="continue-panel"] [data-testid="variation"]').evaluateAll((cards) => cards.map((c) => c.querySelector('pre')?.textContent ?? ''))
    const notes = (t: string): number => t.replace(/"[^"]*"/g, '').replace(/![^!]*!/g, '').match(/[A-Ga-g]/g)?.length ?? 0
    const best = texts.reduce((b, t, i) => (notes(t) > notes(texts[b]) ? i : b), 0)
    const first = texts[best]
    expect(notes(first)).toBeGreaterThan(0)

    // Audition plays a variation through the app's player, and stops it (the player refuses a
    // variation it cannot time; then its button is disabled with the reason as its title).
    const play = page.locator('[data-testid="continue-panel"] [data-testid="audition"]:enabled').first()
    await expect.poll(() => play.count()).toBe(1)
    await play.click()
    await expect.poll(() => play.textContent()).toContain('Stop')
    await play.click()
    await expect.poll(() => play.textContent()).toContain('Audition')
    await page.locator('[data-testid="continue-panel"] [data-testid="use-variation"]').nth(best).click()
    const squash = (t: string): string => t.replace(/\s+/g, ' ').trim()
    // The whole text, as the composer keeps it for a reload: the editor's DOM holds only the
    // lines in view, and a long variation pushes the tune's start out of it.
    await expect.poll(async () => squash(await storedComposerText())).toContain(squash(`${PARTIAL_TUNE}${first ?? ''}`))
    await expect.poll(scoreNotes).toBeGreaterThan(before)
    expect(await testId('variation').count()).toBe(0)
  })

  it('writes three new tunes from a header, and opens one in the editor', async () => {
    await testId('new-tune').click()
    await testId('new-rhythm').selectOption('jig')
    await testId('new-key').selectOption('G')
    await testId('new-title').fill('E2E Jig')
    const started = Date.now()
    await testId('generate').click()
    const cards = page.locator('[data-testid="new-tune-panel"] [data-testid="variation"]')
    await expect.poll(() => cards.count(), { timeout: 120_000 }).toBe(3)
    timings.newTuneThreeMs = Date.now() - started
    // Each card has its verdict; a model may end a tune at once, and the card then says so.
    expect(await cards.getByTestId('variation-verdict').count()).toBe(3)
    const texts = await cards.evaluateAll((all) => all.map((c) => c.querySelector('pre')?.textContent ?? ''))
    const longest = texts.reduce((b, t, i) => (t.length > texts[b].length ? i : b), 0)
    expect(texts[longest].length).toBeGreaterThan(0)
    await shot('composer-new-tune')
    // Saved straight from its card, with the settings it was written with.
    await cards.nth(longest).getByTestId('save-generated').click()
    await expect.poll(() => cards.nth(longest).getByRole('status').textContent()).toMatch(/Saved as piece \d+/)
    const [saved] = (await call<PiecePage>('library.listPieces', { text: 'E2E Jig' })).items
    expect(saved.abc).toContain('M:6/8')
    expect(saved.params.temperature).toBe(1)
    expect(saved.modelId).not.toBeNull()
    await cards.nth(longest).getByTestId('use-variation').click()
    const text = await editorText()
    expect(text).toMatch(/^X:/)
    expect(text).toContain('T:E2E Jig')
    expect(text).toContain('M:6/8')
    expect(text).toContain('K:G')
  })

  it('saves the tune as a piece, which is there after a reload, and the editor keeps the text', async () => {
    await setEditorText(page, `${PARTIAL_TUNE}|:dfed cdBc|AF~F2 AFdF:|\n`)
    await testId('save').click()
    await expect.poll(() => testId('composer-notice').textContent()).toMatch(/Saved “Composer Test Reel” \(piece \d+\)/)
    await page.reload()
    await expect.poll(() => page.locator('.cm-content').count(), { timeout: 30_000 }).toBe(1)
    expect(await editorText()).toContain('|:dfed cdBc|AF~F2 AFdF:|')
    const pieces = await call<PiecePage>('library.listPieces', { text: 'Composer Test Reel' })
    expect(pieces.items.map((p) => p.title)).toContain('Composer Test Reel')
    expect(pieces.items[0].abc).toContain('AF~F2 AFdF')
  })

  it('opens a library tune in the composer, and its piece keeps the tune it came from', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click()
    await page.getByTestId('search').fill('Boar')
    await expect.poll(() => page.getByTestId('tune-count').textContent(), { timeout: 30_000 }).toBe('1 tune')
    await page.getByTestId('tune-row').first().click()
    await expect.poll(() => page.getByTestId('tune-title').textContent()).toBe("The Boar's Head")
    await testId('open-in-composer').click()
    await expect.poll(() => page.locator('.cm-content').count()).toBe(1)
    expect(await editorText()).toContain("T:The Boar's Head")
    await expect.poll(scoreNotes).toBeGreaterThan(20)
    await testId('save').click()
    await expect.poll(() => testId('composer-notice').textContent()).toMatch(/Saved “The Boar's Head”/)
    const [piece] = (await call<PiecePage>('library.listPieces', { text: 'Boar' })).items
    const tune = (await call<{ items: { id: number }[] }>('library.searchTunes', { text: 'Boar' })).items[0]
    expect(piece.parentTuneId).toBe(tune.id)
  })

  it('opens a saved piece from the Pieces view, and Save updates that piece', async () => {
    const before = (await call<PiecePage>('library.listPieces', {})).total
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Pieces' }).click()
    await page.getByTestId('piece-search').fill('Boar')
    await expect.poll(() => page.getByTestId('piece-row').count(), { timeout: 10_000 }).toBe(1)
    await page.getByTestId('piece-row').first().click()
    await testId('piece-open-in-composer').click()
    await expect.poll(() => page.locator('.cm-content').count()).toBe(1)
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type('|:GABc dedB:|')
    await page.keyboard.press('Control+S')
    await expect.poll(() => testId('composer-notice').textContent()).toMatch(/Saved “The Boar's Head”/)
    const pieces = await call<PiecePage>('library.listPieces', {})
    expect(pieces.total).toBe(before)
    const boar = pieces.items.find((p) => p.title === "The Boar's Head")
    expect(boar?.abc).toContain('|:GABc dedB:|')

    // Binned meanwhile (in another window, say): saving brings it back rather than losing the edit.
    await call('library.deletePiece', { id: boar!.id })
    await page.locator('.cm-content').click()
    await page.keyboard.type(' ')
    await testId('save').click()
    await expect.poll(async () => (await call<{ deletedAt: string | null }>('library.getPiece', { id: boar!.id })).deletedAt).toBeNull()
  })

  it('redraws a 40-bar tune after an edit (timed, not asserted)', async () => {
    const line = '|:DFAF GBAF|EFGA BAFA|DFAF GBAF|1 EFGE D4:|2 EFGE D4|\n'
    const long = `X:1\nT:Forty Bars\nM:4/4\nL:1/8\nK:D\n${line.repeat(8)}`
    await setEditorText(page, long)
    await expect.poll(scoreNotes, { timeout: 10_000 }).toBeGreaterThan(250)
    const before = await scoreNotes()
    await page.keyboard.press('Control+End')
    const started = Date.now()
    // One more note at the end: the score shows it once it has been redrawn.
    await page.keyboard.type('A')
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="live-score"] svg .abcjs-notehead').length > n,
      before,
      { timeout: 10_000, polling: 'raf' },
    )
    timings.scoreRedraw40BarsAfterKeyMs = Date.now() - started
    timings.scoreRender40BarsMs = Number(await testId('live-score').getAttribute('data-render-ms'))
    expect(pageErrors).toEqual([])
  })
})
