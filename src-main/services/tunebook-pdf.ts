/**
 * A tunebook PDF from ABC text without a window: Chromium (through playwright-core) engraves the
 * tunes with abcjs, the plan (src-shared/tunebook/plan.ts) places them on pages, and Chromium
 * prints the page. The app prints the same page with Electron's printToPDF or the browser's print;
 * this path is for the CLI, which runs where playwright-core (a development dependency) is installed.
 */
import { createRequire } from 'node:module'
import { splitTunes, readHeaders } from '../../src-shared/abc'
import { CONTENT_WIDTH_PX, planTunebook, tunebookCss, type TunebookEntry, type TunebookPlan } from '../../src-shared/tunebook/plan'
import { assembleTunebook, measureTunebook } from '../../src-shared/tunebook/page-dom'
import { launchHeadlessChromium } from './chromium'

const require = createRequire(import.meta.url)

export interface TunebookSource {
  /** The book's title (title page); the file name when the caller has nothing better. */
  title: string
  /** ABC text with one or more tunes, printed in order. */
  abc: string
}

export interface TunebookPdf {
  pdf: Buffer
  pageCount: number
  /** Each tune's title and the page the contents name for it, in book order. */
  tunes: (TunebookEntry & { page: number })[]
}

export class TunebookError extends Error {}

/** Tunes of the text in order, each with what the contents and index show. */
export function tunebookTunes(abc: string): { text: string; entry: TunebookEntry }[] {
  return splitTunes(abc).tunes.map((t) => {
    const h = readHeaders(t.text)
    return { text: t.text, entry: { title: h.title, rhythm: h.rhythm, key: h.key } }
  })
}

export async function makeTunebookPdf(source: TunebookSource): Promise<TunebookPdf> {
  const tunes = tunebookTunes(source.abc)
  if (tunes.length === 0) throw new TunebookError('The text has no tunes (a tune starts at an X: line)')
  const browser = await launchHeadlessChromium('Printing a tunebook')
  try {
    const page = await browser.newPage()
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>')
    // tsx compiles with keepNames, which wraps named functions in a `__name` helper that the
    // page does not have; the helper only names functions, so identity is a faithful stand-in.
    await page.evaluate('globalThis.__name = (f) => f')
    await page.addScriptTag({ path: require.resolve('abcjs/dist/abcjs-basic-min.js') })
    const heights = await page.evaluate(measureTunebook, { tunes: tunes.map((t) => t.text), contentWidthPx: CONTENT_WIDTH_PX })
    const entries = tunes.map((t) => t.entry)
    const plan: TunebookPlan = planTunebook(entries, heights)
    const subtitle = `${tunes.length} ${tunes.length === 1 ? 'tune' : 'tunes'}`
    const pageCount = await page.evaluate(assembleTunebook, { title: source.title, subtitle, pages: plan.pages, css: tunebookCss() })
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    return { pdf, pageCount, tunes: entries.map((e, i) => ({ ...e, page: plan.tunePages[i] })) }
  } finally {
    await browser.close()
  }
}
