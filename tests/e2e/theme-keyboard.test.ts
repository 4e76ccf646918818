/**
 * Themes and keyboard reach in real Chromium against real web mode: the theme follows the system,
 * the top bar's choice overrides it and survives a reload, both palettes keep readable contrast,
 * scores and the editor draw in the theme's colours; every view's main actions are reached with
 * Tab, Enter and Space (plus Ctrl+Enter to continue, and Escape to leave the editor, where Tab
 * indents), and everything Tab reaches shows a focus ring in both themes.
 * `npm run screenshots` also writes docs/screenshots/*-dark.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshotDir, startWebMode, type WebMode } from './web-mode'

let web: WebMode
let browser: Browser
let outDir: string
const pageErrors: string[] = []

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true })
  // Build the renderer into a folder of our own: other e2e runs may be building out/ meanwhile.
  outDir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-theme-out-'))
  process.env.TUNESMITH_OUT_DIR = outDir
  web = await startWebMode()
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

async function openPage(colorScheme: 'light' | 'dark'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme })
  const page = await context.newPage()
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  await page.locator('.cm-content').waitFor({ timeout: 30_000 })
  return { context, page }
}

// --- colour arithmetic (WCAG 2.x relative luminance and contrast ratio) ---------------------

function rgbOf(css: string): [number, number, number] {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(css.trim())
  if (short) return [1, 2, 3].map((i) => parseInt(short[i] + short[i], 16)) as [number, number, number]
  const hex = /^#([0-9a-f]{6})$/i.exec(css.trim())
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) as [number, number, number]
  const rgb = /rgba?\((\d+)[, ]+(\d+)[, ]+(\d+)/.exec(css)
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])]
  throw new Error(`not a colour: ${css}`)
}

function luminance(css: string): number {
  const [r, g, b] = rgbOf(css).map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

const variable = (page: Page, name: string): Promise<string> =>
  page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name)
const theme = (page: Page): Promise<string | undefined> => page.evaluate(() => document.documentElement.dataset.theme)

/** Pairs that must read as text (4.5:1) and as interface marks (3:1), in both palettes. */
const TEXT_PAIRS: [string, string][] = [
  ['--color-text', '--color-bg'],
  ['--color-text', '--color-surface'],
  ['--color-text', '--color-surface-muted'],
  ['--color-text-muted', '--color-bg'],
  ['--color-text-muted', '--color-surface'],
  ['--color-text-muted', '--color-surface-muted'],
  ['--color-accent-text', '--color-accent'],
  ['--color-accent', '--color-surface'],
  ['--color-notation', '--color-surface'],
  ['--color-error', '--color-error-soft'],
  ['--color-ok', '--color-ok-soft'],
]
const MARK_PAIRS: [string, string][] = [
  ['--color-focus', '--color-bg'],
  ['--color-focus', '--color-surface-muted'],
  ['--color-playing', '--color-surface'],
  ['--color-selection', '--color-surface'],
]

/** The playing note and the selected note must differ by hue, not only by lightness. */
async function playingLooksLikeSelection(page: Page): Promise<boolean> {
  const [a, b] = [rgbOf(await variable(page, '--color-playing')), rgbOf(await variable(page, '--color-selection'))]
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) < 120
}

async function lowContrast(page: Page): Promise<string[]> {
  const low: string[] = []
  for (const [pairs, min] of [[TEXT_PAIRS, 4.5], [MARK_PAIRS, 3]] as const) {
    for (const [fg, bg] of pairs) {
      const ratio = contrast(await variable(page, fg), await variable(page, bg))
      if (ratio < min) low.push(`${fg} on ${bg}: ${ratio.toFixed(2)} < ${min}`)
    }
  }
  return low
}

// --- keyboard helpers ---------------------------------------------------------------------

interface Focused {
  tag: string
  testId: string
  label: string
  text: string
  inEditor: boolean
  /** A ring drawn on the element, or on CodeMirror's frame for the editor's content. */
  ring: boolean
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(async () => {
    const el = document.activeElement as HTMLElement
    const editor = el.closest('.cm-editor')
    // CodeMirror marks itself focused (.cm-focused, which draws the ring) on its next update: under
    // load that can take more than the two frames once waited (a full-suite run saw no ring), so
    // wait for the mark, up to a second.
    for (let frame = 0; editor && !editor.classList.contains('cm-focused') && frame < 60; frame++) await new Promise((r) => requestAnimationFrame(r))
    const ringOf = (e: Element): boolean => {
      const s = getComputedStyle(e)
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
    }
    return {
      tag: el.tagName.toLowerCase(),
      testId: el.getAttribute('data-testid') ?? '',
      label: el.getAttribute('aria-label') ?? '',
      text: (el.textContent ?? '').trim(),
      inEditor: editor !== null,
      ring: editor ? ringOf(editor) : ringOf(el),
    }
  })
}

/** Presses Tab until `match` holds for the focused element (Escape first to leave the editor). */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, limit = 80): Promise<Focused> {
  for (let i = 0; i < limit; i++) {
    if ((await focused(page)).inEditor) await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    const f = await focused(page)
    if (match(f)) return f
  }
  throw new Error(`Tab never reached ${what}`)
}

const byTestId = (id: string) => (f: Focused) => f.testId === id
const viewTab = (name: string) => (f: Focused) => f.tag === 'button' && f.text === name && f.testId === ''

async function openView(page: Page, name: string): Promise<void> {
  await tabTo(page, viewTab(name), `the ${name} tab`)
  await page.keyboard.press('Enter')
  await expect.poll(() => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name }).getAttribute('aria-current')).toBe('page')
}

describe('themes', () => {
  it('follows the system theme until one is chosen in the top bar, and remembers the choice', async () => {
    const { context, page } = await openPage('light')
    try {
      expect(await theme(page)).toBe('light')
      await page.emulateMedia({ colorScheme: 'dark' })
      await expect.poll(() => theme(page)).toBe('dark')
      await page.emulateMedia({ colorScheme: 'light' })
      await expect.poll(() => theme(page)).toBe('light')

      // Chosen with the keyboard: the select is a tab stop; Arrow keys move its value.
      await tabTo(page, (f) => f.label === 'Theme', 'the theme choice')
      await page.keyboard.press('ArrowDown')
      await page.keyboard.press('ArrowDown')
      await expect.poll(() => theme(page)).toBe('dark')
      expect(await page.getByLabel('Theme').inputValue()).toBe('dark')
      await page.reload()
      await page.locator('.cm-content').waitFor()
      // The system is still light: dark now comes from the remembered choice.
      expect(await theme(page)).toBe('dark')
      expect(await page.getByLabel('Theme').inputValue()).toBe('dark')
      await page.getByLabel('Theme').selectOption('system')
      await expect.poll(() => theme(page)).toBe('light')
    } finally {
      await context.close()
    }
  })

  it.each(['light', 'dark'] as const)('keeps readable contrast in %s, and draws scores and the editor in its colours', async (scheme) => {
    const { context, page } = await openPage(scheme)
    try {
      expect(await theme(page)).toBe(scheme)
      expect(await lowContrast(page)).toEqual([])
      expect(await playingLooksLikeSelection(page)).toBe(false)
      const notation = rgbOf(await variable(page, '--color-notation'))
      const text = rgbOf(await variable(page, '--color-text'))
      const head = page.locator('[data-testid="live-score"] svg .abcjs-notehead').first()
      await head.waitFor({ timeout: 30_000 })
      const [fill, staff] = await page.evaluate(() => {
        const note = document.querySelector('[data-testid="live-score"] svg .abcjs-notehead')!
        const line = document.querySelector('[data-testid="live-score"] svg .abcjs-staff path, [data-testid="live-score"] svg .abcjs-staff')!
        return [getComputedStyle(note).fill, getComputedStyle(line).fill]
      })
      expect(rgbOf(fill)).toEqual(notation)
      expect(rgbOf(staff)).toEqual(notation)
      expect(rgbOf(await page.locator('.cm-content').evaluate((el) => getComputedStyle(el).color))).toEqual(text)
      // drawSelection hides the native caret and draws its own cursor: that one must show.
      await page.locator('.cm-content').focus()
      const cursor = page.locator('.cm-cursor-primary')
      await cursor.waitFor({ state: 'attached' })
      expect(rgbOf(await cursor.evaluate((el) => getComputedStyle(el).borderLeftColor))).toEqual(text)
    } finally {
      await context.close()
    }
  })
})

describe('keyboard reach', () => {
  it.each(['light', 'dark'] as const)('shows a focus ring on everything Tab reaches in every view (%s)', async (scheme) => {
    const { context, page } = await openPage(scheme)
    try {
      const missing = new Set<string>()
      for (const view of ['Composer', 'Library', 'Pieces', 'Sets', 'Training']) {
        await openView(page, view)
        for (let i = 0; i < 30; i++) {
          const f = await focused(page)
          if (f.tag !== 'body' && !f.ring) missing.add(`${view}: ${f.tag} ${f.testId || f.label || f.text.slice(0, 20)}`)
          if (f.inEditor) await page.keyboard.press('Escape')
          await page.keyboard.press('Tab')
        }
      }
      expect([...missing]).toEqual([])
    } finally {
      await context.close()
    }
  })

  it("reaches every view's main actions with Tab, Enter and Space", async () => {
    const { context, page } = await openPage('dark')
    try {
      // Library: search, open the one match, take it to the composer.
      await openView(page, 'Library')
      await tabTo(page, byTestId('search'), 'the search box')
      await page.keyboard.type('Boar')
      await expect.poll(() => page.getByTestId('tune-count').textContent(), { timeout: 30_000 }).toBe('1 tune')
      await tabTo(page, (f) => f.label === 'Tunes', 'the tune list')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.getByTestId('tune-title').textContent()).toBe("The Boar's Head")
      await page.locator('[data-testid="sheet"] svg .abcjs-notehead').first().waitFor()
      await shot(page, 'library-dark')
      await tabTo(page, byTestId('open-in-composer'), 'Open in composer')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.locator('.cm-content').textContent()).toContain("Boar's Head")

      // Composer: Ctrl+Enter in the editor continues; a variation is taken with Enter.
      await tabTo(page, (f) => f.inEditor, 'the editor')
      const before = (await page.locator('.cm-content').textContent()) ?? ''
      await page.keyboard.press('Control+Enter')
      await expect.poll(() => page.getByTestId('variation').count(), { timeout: 120_000 }).toBe(3)
      await shot(page, 'composer-dark')
      const scoreNotes = (): Promise<number> => page.locator('[data-testid="live-score"] svg .abcjs-note').count()
      const notesBefore = await scoreNotes()
      await tabTo(page, byTestId('use-variation'), 'Use on a variation')
      await page.keyboard.press('Enter')
      await expect.poll(async () => ((await page.locator('.cm-content').textContent()) ?? '').length).toBeGreaterThan(before.length)
      // Play only once the score (and with it the player's tune) shows the longer text: a Play
      // pressed before the redraw is stopped by it (seen under load in full-suite runs).
      await expect.poll(scoreNotes, { timeout: 15_000 }).toBeGreaterThan(notesBefore)
      const written = await page.locator('.cm-content').evaluate((el) => (el as HTMLElement).innerText)

      // Play with Space, stop with Enter.
      await tabTo(page, byTestId('player-play'), 'Play')
      await page.keyboard.press('Space')
      await expect.poll(() => page.getByTestId('player-play').getAttribute('aria-label'), { timeout: 15_000 }).toBe('Pause')
      await tabTo(page, byTestId('player-stop'), 'Stop')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.getByTestId('player-play').getAttribute('aria-label')).toBe('Play')
      expect(await page.getByTestId('player-stop').isDisabled()).toBe(true)

      // Save the tune as a piece, then open it in the Pieces view from its list.
      await tabTo(page, byTestId('save'), 'Save')
      await page.keyboard.press('Enter')
      await openView(page, 'Pieces')
      await tabTo(page, (f) => f.label === 'Pieces' && f.tag === 'ul', 'the piece list')
      await page.keyboard.press('Space')
      await expect.poll(() => page.getByTestId('piece-title').textContent(), { timeout: 10_000 }).toContain("Boar's Head")

      // Training: the form's Start is reached (not pressed: a run would hold the CPU).
      await openView(page, 'Training')
      const start = await tabTo(page, byTestId('training-start'), 'Start training')
      expect(start.ring).toBe(true)
      await shot(page, 'training-dark')

      // The composer remembers the open tune (localStorage): a reload brings it back as left.
      await page.reload()
      await page.locator('.cm-content').waitFor({ timeout: 30_000 })
      expect(await page.locator('.cm-content').evaluate((el) => (el as HTMLElement).innerText)).toBe(written)
      expect(written).toContain("Boar's Head")
      expect(pageErrors).toEqual([])
    } finally {
      await context.close()
    }
  })
})

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) })
}
