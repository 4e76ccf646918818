/// <reference lib="dom" />
/**
 * Whole parts from the composer, in a real browser against real web mode and the shipped model:
 * "Complete the tune" on a Nottingham jig's header and first bars writes variations that end the
 * tune, each with its form line; "Next part" after a complete A part writes exactly one more part
 * (of 16 bars when the part length says so). Sampling is random (no seed is fixed): the test
 * asserts what the form-aware sampler promises of every variation, and reads each form line
 * against the form of the text the card shows.
 */
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyseForm, describeForm } from '../../src-main/model/form/analyse'
import { firstBars, firstPart, nottinghamTune } from './corpus-prompts'
import { openApp, openComposerWith, projectRoot, screenshotDir, setEditorText, type AppPage } from './web-mode'

let app: AppPage
let page: Page
let pageErrors: string[]

const SHIPPED_MODEL = path.join(projectRoot, 'resources/models/default/model.json')
/** A jig in E minor, so the tonic ending is a minor key's; and one in G whose A part closes with :|. */
const COMPLETE_PROMPT = firstBars(nottinghamTune('jigs.abc', 'Avon Jig'), 4)
const PART_PROMPT = firstPart(nottinghamTune('jigs.abc', 'Ballybunion'))
/** "AABB, 8+8 bars, ends on G" or "…, ends on D, not the tonic G" (model/form/analyse.ts). */
const FORM_LINE = /^([A-Z]+), (\d+(?:\+\d+)*) bars?, ends on ([A-G])(?:, not the tonic ([A-G]))?$/
const GENERATION_MS = 120_000

const testId = (id: string) => page.getByTestId(id)
/** A sampling control of the Variations panel (New tune has its own copy). */
const control = (id: string) => testId('continue-panel').getByTestId(id)
/** The cards of the latest run: those of an earlier one are marked `data-earlier` before it starts. */
const cards = () => page.locator('[data-testid="continue-panel"] [data-testid="variation"]:not([data-earlier])')
const editorText = () => page.locator('.cm-content').evaluate((el) => (el as HTMLElement).innerText)
const squash = (t: string): string => t.replace(/\s+/g, ' ').trim()

interface Card {
  form: string
  stop: string
  text: string
  offTonic: boolean
}

/** What each variation card shows: its form line (without the label), stop line and text. */
async function readCards(all: Locator): Promise<Card[]> {
  return all.evaluateAll((els) =>
    els.map((el) => {
      const form = el.querySelector('[data-testid="variation-form"]')
      return {
        form: (form?.textContent ?? '').replace(/^\s*Form\s*/, '').replace(/\s*⚠\s*$/, '').trim(),
        stop: el.querySelector('[data-testid="variation-stop"]')?.textContent ?? '',
        text: el.querySelector('pre')?.textContent ?? '',
        offTonic: form?.classList.contains('off-tonic') ?? false,
      }
    }),
  )
}

/** Starts a run with `start` and reads its n cards once they have all arrived. */
async function runAndRead(start: () => Promise<void>, n = 3): Promise<Card[]> {
  await cards().evaluateAll((els) => els.forEach((el) => el.setAttribute('data-earlier', '')))
  await start()
  await expect.poll(() => cards().count(), { timeout: GENERATION_MS }).toBe(n)
  return readCards(cards())
}

/** The prompt's own sections: what a variation's form is measured against. */
const promptSections = (prompt: string): number => analyseForm(prompt).sections.length

beforeAll(async () => {
  if (!existsSync(SHIPPED_MODEL)) throw new Error(`these tests need the shipped model (${SHIPPED_MODEL})`)
  mkdirSync(screenshotDir, { recursive: true })
  app = await openApp({ name: 'form' })
  page = app.page
  pageErrors = app.errors
})

afterAll(() => app?.close())

describe('composer: whole parts', () => {
  it('completes a tune from its first bars: every variation ends the tune and shows its form', async () => {
    await openComposerWith(page, COMPLETE_PROMPT)
    // From the header: Complete the tune writes from the end of the tune, wherever the cursor is.
    await page.keyboard.press('Control+Home')
    // Keyboard only: Continue, then Tab to Complete the tune, which shows its focus.
    await testId('continue').focus()
    await page.keyboard.press('Tab')
    const complete = testId('complete-tune')
    expect(await complete.evaluate((el) => el === document.activeElement && el.matches(':focus-visible'))).toBe(true)
    expect(await complete.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none')
    const shown = await runAndRead(async () => {
      await page.keyboard.press('Enter')
      await expect.poll(() => complete.textContent()).toContain('Writing…')
    })
    // The focus stays on the button, for the next press (Again, or another try).
    expect(await complete.evaluate((el) => el === document.activeElement)).toBe(true)

    for (const card of shown) {
      expect(card.stop).toMatch(/stopped at the end of the tune$/)
      expect(card.form).toMatch(FORM_LINE)
      // The line is the form of the whole tune the card offers: the prompt followed by its text.
      expect(card.form).toBe(describeForm(analyseForm(COMPLETE_PROMPT + card.text)))
      expect(card.offTonic).toBe(/not the tonic/.test(card.form))
    }
    // Completed: a further part written, the last note on the tonic of K:Em.
    const completed = shown.filter((c) => {
      const [, , lengths, last, tonic] = FORM_LINE.exec(c.form) ?? []
      return lengths !== undefined && lengths.split('+').length > promptSections(COMPLETE_PROMPT) && last === 'E' && tonic === undefined
    })
    expect(completed.length).toBeGreaterThan(0)
    await expect.poll(() => page.locator('[data-testid="variation"] svg .abcjs-notehead').count()).toBeGreaterThan(0)
    await shot('complete-tune')

    const best = shown.indexOf(completed[0])
    const barsBefore = Number(await testId('status-bars').textContent())
    await cards().nth(best).getByTestId('use-variation').click()
    expect(squash(await editorText())).toBe(squash(COMPLETE_PROMPT + shown[best].text))
    await expect.poll(async () => Number(await testId('status-bars').textContent())).toBeGreaterThan(barsBefore)
  })

  it('writes the next part after a complete A part: one more part, and 16 bars long when asked', async () => {
    await setEditorText(page, PART_PROMPT)
    const before = promptSections(PART_PROMPT)
    for (const card of await runAndRead(() => testId('next-part').click())) {
      expect(card.stop).toMatch(/stopped at the end of the part$/)
      expect(card.form).toMatch(FORM_LINE)
      expect(card.form).toBe(describeForm(analyseForm(PART_PROMPT + card.text)))
      expect(FORM_LINE.exec(card.form)?.[2].split('+')).toHaveLength(before + 1)
    }

    // The part length: 16 bars for the part written next, the A part as it was.
    await control('part-bars').selectOption({ label: '16 bars' })
    for (const card of await runAndRead(() => testId('next-part').click())) {
      const lengths = FORM_LINE.exec(card.form)?.[2].split('+').map(Number) ?? []
      expect(lengths).toHaveLength(before + 1)
      expect(lengths.at(-1)).toBe(16)
    }
    // Without form-aware sampling there is no planned part length to choose.
    await control('form-aware').uncheck()
    expect(await control('part-bars').isDisabled()).toBe(true)
    await control('form-aware').check()
    await control('part-bars').selectOption('auto')
  })

  it('says in words how the model read a prompt it cannot read as written, and leaves the text alone', async () => {
    // Broken rhythm and a grace note, as many musicians write a hornpipe.
    const typed = 'X:1\nT:Mapped Hornpipe\nM:4/4\nL:1/8\nR:hornpipe\nK:G\n|:G>AB>c d>BG>B|{g}A>GF>G A2 D>E|\n'
    await setEditorText(page, typed)
    await runAndRead(() => testId('complete-tune').click())
    const mapping = ((await testId('prompt-mapping').textContent()) ?? '').trim()
    const broken = typed.match(/>/g)?.length ?? 0
    expect(mapping).toMatch(/^How the model read your tune \(your text is unchanged\): /)
    expect(mapping).toContain(`${broken} broken rhythms (> <) given to the model as dotted lengths`)
    expect(mapping).toMatch(/1 grace-note group hidden from the model/)
    expect(squash(await editorText())).toBe(squash(typed))
    // Read as written: no such line.
    await setEditorText(page, PART_PROMPT)
    await runAndRead(() => testId('next-part').click())
    expect(await testId('prompt-mapping').count()).toBe(0)
  })

  it('shows the form line on the New tune cards too', async () => {
    await testId('new-tune').click()
    await testId('new-rhythm').selectOption('reel')
    await testId('new-key').selectOption('D')
    const newCards = page.locator('[data-testid="new-tune-panel"] [data-testid="variation"]')
    await testId('generate').click()
    await expect.poll(() => newCards.count(), { timeout: GENERATION_MS }).toBe(3)
    for (const card of await readCards(newCards)) expect(card.form).toMatch(FORM_LINE)
    expect(pageErrors).toEqual([])
  })
})

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) })
}
