/// <reference lib="dom" />
/**
 * Honest verdicts, in a real browser against real web mode and the shipped default model: a
 * variation is judged as the whole tune it makes. A prompt whose `|:` is followed by another `|:`
 * before any `:|` has an unpaired repeat whatever the model writes, so no card may call its
 * variation clean (the old verdict looked only at the new lines and could). A continuation that
 * writes a mid-tune `M:` line is reported by the check API the composer's verdict comes from.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckResult } from '../../src-shared/contract'
import { callApi, launchChromium, startWebMode, type WebMode } from './web-mode'

let web: WebMode
let browser: Browser
let page: Page
let outDir: string

/** Two `|:` and no `:|` between them: abc2midi says "found another |: after a |:". */
const UNPAIRED = 'X:1\nT:Unpaired Repeat\nM:4/4\nL:1/8\nR:reel\nK:D\n|:DFAF GBAF|EFGA BAFA|\n|:DFAF GBAF|EFGA BAFA|'
const HEAD = 'X:1\nT:Metre Change\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|EFGA BAFA|\n'

beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-verdicts-out-'))
  process.env.TUNESMITH_OUT_DIR = outDir
  web = await startWebMode()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(web.url)
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

describe('verdicts on the whole tune', () => {
  it('does not call clean a variation of a tune whose repeat signs do not pair up', async () => {
    await expect.poll(() => page.locator('.cm-content').count(), { timeout: 30_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('model').locator('option:checked').textContent()).not.toBe('none yet')
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(UNPAIRED)
    await page.keyboard.press('Control+End')
    // The editor says so first, with the checker's words.
    await expect.poll(() => page.getByTestId('status-problems').textContent(), { timeout: 10_000 }).not.toContain('checks clean')
    await page.keyboard.press('Control+Enter')
    const cards = page.locator('[data-testid="continue-panel"] [data-testid="variation"]')
    await expect.poll(() => cards.count(), { timeout: 120_000 }).toBe(3)
    const verdicts = await cards.getByTestId('variation-verdict').allTextContents()
    const titles = await cards.getByTestId('variation-verdict').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''))
    expect(verdicts).toHaveLength(3)
    expect(verdicts.filter((v) => v !== 'empty').length).toBeGreaterThan(0)
    verdicts.forEach((v, i) => {
      expect(v).not.toBe('clean')
      if (v === 'empty') return
      expect(v).toMatch(/in your part\)$/)
      expect(titles[i]).toMatch(/never closed: another \|: follows/)
    })
  })

  it('reports an M: line the continuation wrote, and not the same music without it', async () => {
    const withMeter = `${HEAD}DFAF GBAF|EFGA BAFA:|\nM:3/4\nDFA GBA|`
    const changed = await callApi<CheckResult>(web, 'abc.check', { abc: withMeter, generatedFrom: HEAD.length })
    expect(changed.diagnostics.filter((d) => d.source === 'fields').map((d) => d.message)).toEqual([
      "the continuation writes M:3/4, which changes the tune's meter; the part you wrote has no M: field in its body",
    ])
    const plain = await callApi<CheckResult>(web, 'abc.check', { abc: `${HEAD}DFAF GBAF|EFGA BAFA:|\n`, generatedFrom: HEAD.length })
    expect(plain.diagnostics).toEqual([])
    // The same text as the musician's own is theirs to write.
    const own = await callApi<CheckResult>(web, 'abc.check', { abc: withMeter })
    expect(own.diagnostics.filter((d) => d.source === 'fields')).toEqual([])
  })
})
