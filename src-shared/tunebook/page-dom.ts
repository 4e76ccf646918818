/// <reference lib="dom" />
/**
 * The tunebook's page, built in a browser document: `measureTunebook` engraves every tune with
 * abcjs (one SVG per staff line, so a long tune can break between lines) and returns each line's
 * height; `assembleTunebook` moves those lines onto fixed-size pages following a plan from
 * plan.ts and writes the title page, contents, index and page numbers.
 *
 * Both functions are self-contained (no imports, helpers inside) because the CLI hands them to
 * Chromium as source text through playwright's `page.evaluate`; the app calls them directly.
 */
import type { PagePlan } from './plan'

/** The part of abcjs these functions use (the app passes its import, a page its global ABCJS). */
export interface AbcjsRenderer {
  renderAbc(target: HTMLElement, abc: string, params: Record<string, unknown>): unknown
}

export interface MeasureInput {
  tunes: string[]
  contentWidthPx: number
}

export interface AssembleInput {
  title: string
  subtitle: string
  pages: PagePlan[]
  /** The book's style sheet (plan.ts `tunebookCss`), which fixes every size the plan assumed. */
  css: string
}

export const MEASURE_ROOT_ID = 'tunebook-measure'
export const BOOK_ROOT_ID = 'tunebook'

/** Engraves each tune off-page at the printed width; returns the height of each of its lines. */
export function measureTunebook(input: MeasureInput, abcjs?: AbcjsRenderer): number[][] {
  const engraver = abcjs ?? (globalThis as unknown as { ABCJS: AbcjsRenderer }).ABCJS
  document.getElementById('tunebook-measure')?.remove()
  const root = document.createElement('div')
  root.id = 'tunebook-measure'
  root.style.cssText = `position:absolute;left:-10000px;top:0;width:${input.contentWidthPx}px`
  document.body.appendChild(root)
  return input.tunes.map((abc, tune) => {
    const holder = document.createElement('div')
    holder.dataset.tune = String(tune)
    root.appendChild(holder)
    engraver.renderAbc(holder, abc, { oneSvgPerLine: true, staffwidth: input.contentWidthPx - 10, paddingleft: 0, paddingright: 0, add_classes: true })
    const lines = Array.from(holder.children) as HTMLElement[]
    lines.forEach((el, line) => {
      el.dataset.tune = String(tune)
      el.dataset.line = String(line)
    })
    // A tune abcjs could not engrave still takes a (blank) line, so the contents can name a page.
    if (lines.length === 0) {
      const empty = document.createElement('div')
      empty.dataset.tune = String(tune)
      empty.dataset.line = '0'
      holder.appendChild(empty)
      return [0]
    }
    return lines.map((el) => el.getBoundingClientRect().height)
  })
}

/** Builds the printed pages from a plan, moving the measured lines into them. */
export function assembleTunebook(input: AssembleInput): number {
  const measured = document.getElementById('tunebook-measure')
  document.getElementById('tunebook')?.remove()
  const style = document.createElement('style')
  style.textContent = input.css
  const book = document.createElement('div')
  book.id = 'tunebook'
  book.appendChild(style)
  const listPage = (heading: string, lines: { kind: string; text: string; page?: number }[], el: HTMLElement): void => {
    const h = document.createElement('h2')
    h.className = 'tb-list-heading'
    h.textContent = heading
    el.appendChild(h)
    for (const line of lines) {
      const row = document.createElement('div')
      row.className = `tb-list-line ${line.kind}`
      const text = document.createElement('span')
      text.className = 'text'
      text.textContent = line.text
      row.appendChild(text)
      if (line.page !== undefined) {
        const dots = document.createElement('span')
        dots.className = 'dots'
        const num = document.createElement('span')
        num.textContent = String(line.page)
        row.append(dots, num)
      }
      el.appendChild(row)
    }
  }
  let contentsSeen = false
  let indexSeen = false
  input.pages.forEach((plan, i) => {
    const el = document.createElement('section')
    el.className = `tb-page tb-${plan.kind}`
    el.dataset.page = String(i + 1)
    if (plan.kind === 'title') {
      const block = document.createElement('div')
      block.className = 'tb-title'
      const h = document.createElement('h1')
      h.textContent = input.title
      const p = document.createElement('p')
      p.textContent = input.subtitle
      block.append(h, p)
      el.appendChild(block)
    } else if (plan.kind === 'contents') {
      listPage(contentsSeen ? 'Contents (continued)' : 'Contents', plan.lines, el)
      contentsSeen = true
    } else if (plan.kind === 'index') {
      listPage(indexSeen ? 'Index (continued)' : 'Index', plan.lines, el)
      indexSeen = true
    } else {
      plan.lines.forEach(({ tune, line }, n) => {
        const lineEl = measured?.querySelector(`[data-tune="${tune}"][data-line="${line}"]`)
        if (line === 0 && n > 0) el.appendChild(Object.assign(document.createElement('div'), { className: 'tb-gap' }))
        if (lineEl) el.appendChild(lineEl)
      })
    }
    if (plan.kind !== 'title') {
      const footer = document.createElement('div')
      footer.className = 'tb-footer'
      footer.textContent = String(i + 1)
      el.appendChild(footer)
    }
    book.appendChild(el)
  })
  measured?.remove()
  document.body.appendChild(book)
  return input.pages.length
}
