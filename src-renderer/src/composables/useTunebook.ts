/**
 * The tunebook in the app: the same pages the CLI prints (src-shared/tunebook), laid over the app
 * as a preview with Print and Close. Print is the browser's own (web mode) or Electron's print
 * dialog, which both offer "Save as PDF"; while the book is open only it is printed.
 */
import abcjs from 'abcjs'
import { onScopeDispose, ref } from 'vue'
import { CONTENT_WIDTH_PX, planTunebook, tunebookCss, type TunebookEntry } from '../../../src-shared/tunebook/plan'
import { assembleTunebook, measureTunebook, BOOK_ROOT_ID } from '../../../src-shared/tunebook/page-dom'

/** The most tunes one book takes from a search (the engraving runs in this window). */
export const TUNEBOOK_MAX_TUNES = 100

const OPEN_CLASS = 'tunebook-open'

// Screen: a scrolling preview over the app. Print: the pages alone, as plan.ts laid them out.
const PREVIEW_CSS = `
@media screen {
  #${BOOK_ROOT_ID} { position: fixed; inset: 0; z-index: 1000; overflow: auto; background: #777; padding-bottom: 24px }
  #${BOOK_ROOT_ID} .tb-page { margin: 16px auto 0; background: #fff; color: #000; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.4) }
  #${BOOK_ROOT_ID} .tb-toolbar { position: sticky; top: 0; display: flex; gap: 8px; justify-content: center; padding: 8px; background: #333; color: #fff }
}
@media print {
  body.${OPEN_CLASS} > :not(#${BOOK_ROOT_ID}) { display: none !important }
  /* A piece's own print style hides everything but its score (PieceDetail.vue). */
  body.${OPEN_CLASS} #${BOOK_ROOT_ID}, body.${OPEN_CLASS} #${BOOK_ROOT_ID} * { visibility: visible !important }
  #${BOOK_ROOT_ID} .tb-toolbar { display: none }
}`

export interface TunebookTune extends TunebookEntry {
  abc: string
}

export function useTunebook() {
  const open = ref(false)

  function close(): void {
    document.getElementById(BOOK_ROOT_ID)?.remove()
    document.body.classList.remove(OPEN_CLASS)
    open.value = false
  }

  function toolbar(title: string, pageCount: number): HTMLElement {
    const bar = document.createElement('div')
    bar.className = 'tb-toolbar'
    const label = document.createElement('span')
    label.textContent = `${title}: ${pageCount} pages`
    const print = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Print…' })
    print.dataset.testid = 'tunebook-print'
    print.addEventListener('click', () => window.print())
    const closeButton = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Close' })
    closeButton.dataset.testid = 'tunebook-close'
    closeButton.addEventListener('click', close)
    bar.append(label, print, closeButton)
    return bar
  }

  /** Engraves the tunes, lays out the book and shows it; returns its page count. */
  function show(title: string, tunes: readonly TunebookTune[]): number {
    close()
    const heights = measureTunebook({ tunes: tunes.map((t) => t.abc), contentWidthPx: CONTENT_WIDTH_PX }, abcjs)
    const plan = planTunebook(tunes.map((t) => ({ title: t.title, rhythm: t.rhythm, key: t.key })), heights)
    const subtitle = `${tunes.length} ${tunes.length === 1 ? 'tune' : 'tunes'}`
    const pageCount = assembleTunebook({ title, subtitle, pages: plan.pages, css: tunebookCss() + PREVIEW_CSS })
    const book = document.getElementById(BOOK_ROOT_ID)
    book?.prepend(toolbar(title, pageCount))
    book?.setAttribute('data-testid', 'tunebook')
    document.body.classList.add(OPEN_CLASS)
    open.value = true
    return pageCount
  }

  // Leaving the view that opened the book closes it: the overlay belongs to that view.
  onScopeDispose(close)

  return { open, show, close }
}
