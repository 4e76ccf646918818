/// <reference lib="dom" />
/**
 * Text that is not a tune (prose, a stray line, no K:) in the composer, in a real browser against
 * real web mode: abcjs used to draw it anyway and flood the console with SVG "NaN" attribute
 * errors; the score now says in words why there is nothing to draw, and the console stays clean.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startWebMode, type WebMode } from './web-mode'

let web: WebMode
let browser: Browser
let page: Page
let outDir: string
const consoleErrors: string[] = []

const NOT_TUNES = ['hello, this is not a tune at all', 'X:1\nT:Only a header\n', '%%%%\n!!!!\n[[[[ ]]]] {{{{ }}}}\n']

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-not-a-tune-out-'))
  process.env.TUNESMITH_OUT_DIR = outDir
  web = await startWebMode()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (err) => consoleErrors.push(err.message))
  await page.goto(web.url)
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

describe('the composer on text that is not a tune', () => {
  it.each(NOT_TUNES)('shows a message instead of a score and logs no error: %j', async (text) => {
    await expect.poll(() => page.locator('.cm-content').count(), { timeout: 30_000 }).toBe(1)
    consoleErrors.length = 0
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(text)
    const score = page.locator('.live-score')
    await expect.poll(() => score.getByTestId('score-message').textContent(), { timeout: 10_000 }).toMatch(/no tune to draw/i)
    expect(await page.getByTestId('live-score').locator('svg').count()).toBe(0)
    // The editor keeps every character the musician typed.
    // (CodeMirror's innerText shows an empty last line as an extra newline.)
    expect((await page.locator('.cm-content').innerText()).replace(/\n+$/, '')).toBe(text.replace(/\n+$/, ''))
    expect(consoleErrors).toEqual([])
  })

  it('draws a tune again once there is one', async () => {
    consoleErrors.length = 0
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText('X:1\nT:Back\nM:4/4\nL:1/8\nK:D\nDFAF GBAF|\n')
    await expect.poll(() => page.getByTestId('live-score').locator('svg').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await page.locator('.live-score').getByTestId('score-message').count()).toBe(0)
    expect(consoleErrors).toEqual([])
  })
})
