/// <reference lib="dom" />
/**
 * Honest verdicts, in a real browser against real web mode and the shipped default model: a
 * variation is judged as the whole tune it makes. A prompt whose `|:` is followed by another `|:`
 * before any `:|` has an unpaired repeat whatever the model writes, so no card may call its
 * variation clean (the old verdict looked only at the new lines and could). A continuation that
 * writes a mid-tune `M:` line is reported by the check API the composer's verdict comes from.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckResult } from '../../src-shared/contract'
import { callApi, openApp, openComposerWith, type AppPage } from './web-mode'

let app: AppPage
let page: Page

/** Two `|:` and no `:|` between them: abc2midi says "found another |: after a |:". */
const UNPAIRED = 'X:1\nT:Unpaired Repeat\nM:4/4\nL:1/8\nR:reel\nK:D\n|:DFAF GBAF|EFGA BAFA|\n|:DFAF GBAF|EFGA BAFA|'
const HEAD = 'X:1\nT:Metre Change\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|EFGA BAFA|\n'

beforeAll(async () => {
  app = await openApp({ name: 'verdicts' })
  page = app.page
})

afterAll(() => app?.close())

describe('verdicts on the whole tune', () => {
  it('does not call clean a variation of a tune whose repeat signs do not pair up', async () => {
    await openComposerWith(page, UNPAIRED)
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
    const changed = await callApi<CheckResult>(app.web, 'abc.check', { abc: withMeter, generatedFrom: HEAD.length })
    expect(changed.diagnostics.filter((d) => d.source === 'fields').map((d) => d.message)).toEqual([
      "the continuation writes M:3/4, which changes the tune's meter; the part you wrote has no M: field in its body",
    ])
    const plain = await callApi<CheckResult>(app.web, 'abc.check', { abc: `${HEAD}DFAF GBAF|EFGA BAFA:|\n`, generatedFrom: HEAD.length })
    expect(plain.diagnostics).toEqual([])
    // The same text as the musician's own is theirs to write.
    const own = await callApi<CheckResult>(app.web, 'abc.check', { abc: withMeter })
    expect(own.diagnostics.filter((d) => d.source === 'fields')).toEqual([])
  })
})
