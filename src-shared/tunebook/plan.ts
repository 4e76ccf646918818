/**
 * The tunebook's pagination, as a pure function of measured heights: which page each tune and
 * each of its lines goes on, and what the contents and the index say. The same plan serves every
 * way a tunebook is printed (Electron's printToPDF, the browser's print, the CLI's Chromium),
 * because the page numbers are decided here rather than by the printer's own flow: a contents
 * page can only name a tune's page if the layout is fixed before printing.
 */

/** Page geometry in CSS pixels (96 per inch), the unit the page measures its lines in. */
export interface PageGeometry {
  /** Height of the area a page's content may fill (page less margins and footer). */
  contentHeight: number
  /** Space left between two tunes on the same page. */
  tuneGap: number
  /** Height of one line of the contents or the index. */
  listLineHeight: number
  /** Height of a list page's heading ("Contents", "Index"). */
  listHeadingHeight: number
}

// A4 is 210 × 297 mm; 96 CSS px per inch. The page box is kept a millimetre short of the sheet
// so rounding never pushes a page's last pixel onto a blank extra sheet.
const MM = 96 / 25.4
export const A4_PAGE = { widthPx: Math.floor(210 * MM), heightPx: Math.floor(296 * MM) } as const
export const PAGE_MARGIN_PX = Math.round(15 * MM)
export const FOOTER_HEIGHT_PX = Math.round(8 * MM)
export const CONTENT_WIDTH_PX = A4_PAGE.widthPx - 2 * PAGE_MARGIN_PX

export const DEFAULT_GEOMETRY: PageGeometry = {
  contentHeight: A4_PAGE.heightPx - 2 * PAGE_MARGIN_PX - FOOTER_HEIGHT_PX,
  tuneGap: 28,
  listLineHeight: 22,
  listHeadingHeight: 64,
}

/** What the book needs to know about one tune besides its measured lines. */
export interface TunebookEntry {
  title: string
  rhythm: string | null
  key: string | null
}

export interface ListLine {
  kind: 'heading' | 'entry'
  text: string
  /** The page an entry points to (absent for headings). */
  page?: number
}

export type PagePlan =
  | { kind: 'title' }
  | { kind: 'contents'; lines: ListLine[] }
  | { kind: 'index'; lines: ListLine[] }
  | { kind: 'tunes'; lines: { tune: number; line: number }[] }

export interface TunebookPlan {
  pages: PagePlan[]
  /** 1-based page on which each tune starts, in the order of the input. */
  tunePages: number[]
}

/** Packs each tune's lines onto pages; a tune that fits on one page is never split. */
export function packTunes(lineHeights: number[][], geometry: PageGeometry): { tune: number; line: number }[][] {
  const pages: { tune: number; line: number }[][] = []
  let current: { tune: number; line: number }[] = []
  let used = 0
  const newPage = (): void => {
    if (current.length > 0) pages.push(current)
    current = []
    used = 0
  }
  lineHeights.forEach((heights, tune) => {
    const total = heights.reduce((a, b) => a + b, 0)
    const gap = current.length > 0 ? geometry.tuneGap : 0
    // A tune that fits nowhere whole starts a page of its own, so its title is at a page's top.
    if (used + gap + total > geometry.contentHeight) newPage()
    else used += gap
    heights.forEach((height, line) => {
      if (used + height > geometry.contentHeight && current.length > 0) newPage()
      current.push({ tune, line })
      used += height
    })
  })
  if (current.length > 0) pages.push(current)
  return pages
}

/** Splits list lines into pages; a heading is never left alone at the foot of a page. */
export function paginateList(lines: ListLine[], geometry: PageGeometry): ListLine[][] {
  const perPage = Math.max(2, Math.floor((geometry.contentHeight - geometry.listHeadingHeight) / geometry.listLineHeight))
  const pages: ListLine[][] = []
  let current: ListLine[] = []
  for (const line of lines) {
    const full = current.length >= perPage || (line.kind === 'heading' && current.length >= perPage - 1)
    if (full) {
      pages.push(current)
      current = []
    }
    current.push(line)
  }
  if (current.length > 0 || pages.length === 0) pages.push(current)
  return pages
}

const byText = (a: string, b: string): number => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true })

/** The index: every tune by title, then grouped by rhythm and key. */
export function indexLines(entries: TunebookEntry[], tunePages: number[]): ListLine[] {
  const rows = entries.map((e, i) => ({ ...e, page: tunePages[i] }))
  const lines: ListLine[] = [{ kind: 'heading', text: 'By title' }]
  for (const row of [...rows].sort((a, b) => byText(a.title, b.title) || a.page - b.page)) {
    lines.push({ kind: 'entry', text: row.title, page: row.page })
  }
  const groups = new Map<string, typeof rows>()
  for (const row of rows) {
    const group = `${row.rhythm?.trim() || 'No rhythm given'} · ${row.key?.trim() || 'no key given'}`
    groups.set(group, [...(groups.get(group) ?? []), row])
  }
  lines.push({ kind: 'heading', text: 'By rhythm and key' })
  for (const group of [...groups.keys()].sort(byText)) {
    lines.push({ kind: 'heading', text: group })
    for (const row of [...(groups.get(group) ?? [])].sort((a, b) => byText(a.title, b.title))) {
      lines.push({ kind: 'entry', text: row.title, page: row.page })
    }
  }
  return lines
}

/**
 * The whole book: a title page, the contents, the tunes, the index. The contents' length does not
 * depend on page numbers (one line per tune), so its page count is known before the tunes are placed.
 */
export function planTunebook(entries: TunebookEntry[], lineHeights: number[][], geometry: PageGeometry = DEFAULT_GEOMETRY): TunebookPlan {
  if (entries.length !== lineHeights.length) throw new Error('planTunebook: one entry per measured tune')
  const contentsPageCount = paginateList(entries.map((e) => ({ kind: 'entry', text: e.title })), geometry).length
  const tunePagesPlan = packTunes(lineHeights, geometry)
  const firstTunePage = 2 + contentsPageCount
  const tunePages = entries.map(() => 0)
  tunePagesPlan.forEach((lines, i) => {
    for (const { tune, line } of lines) if (line === 0) tunePages[tune] = firstTunePage + i
  })
  const contents = paginateList(entries.map((e, i) => ({ kind: 'entry', text: e.title, page: tunePages[i] })), geometry)
  const index = paginateList(indexLines(entries, tunePages), geometry)
  return {
    pages: [
      { kind: 'title' },
      ...contents.map((lines): PagePlan => ({ kind: 'contents', lines })),
      ...tunePagesPlan.map((lines): PagePlan => ({ kind: 'tunes', lines })),
      ...index.map((lines): PagePlan => ({ kind: 'index', lines })),
    ],
    tunePages,
  }
}

/** The printed book's style sheet: the sizes the plan assumed, so page and plan agree. */
export function tunebookCss(geometry: PageGeometry = DEFAULT_GEOMETRY): string {
  return [
    '@page { size: A4; margin: 0 }',
    'html, body { margin: 0; padding: 0; background: #fff; color: #000; font-family: Georgia, "DejaVu Serif", serif }',
    `.tb-page { position: relative; box-sizing: border-box; width: ${A4_PAGE.widthPx}px; height: ${A4_PAGE.heightPx}px; padding: ${PAGE_MARGIN_PX}px; overflow: hidden; break-after: page }`,
    '.tb-page:last-child { break-after: auto }',
    `.tb-footer { position: absolute; left: 0; right: 0; bottom: ${PAGE_MARGIN_PX / 2}px; height: ${FOOTER_HEIGHT_PX}px; text-align: center; font-size: 12px }`,
    '.tb-title { padding-top: 320px; text-align: center } .tb-title h1 { font-size: 36px; margin: 0 0 16px } .tb-title p { font-size: 16px; margin: 0 }',
    `.tb-list-heading { height: ${geometry.listHeadingHeight}px; margin: 0; font-size: 24px; line-height: ${geometry.listHeadingHeight}px }`,
    `.tb-list-line { display: flex; height: ${geometry.listLineHeight}px; line-height: ${geometry.listLineHeight}px; font-size: 14px; white-space: nowrap }`,
    '.tb-list-line.heading { font-weight: bold } .tb-list-line .text { overflow: hidden; text-overflow: ellipsis }',
    `.tb-list-line .dots { flex: 1; border-bottom: 1px dotted #888; margin: 0 6px 6px } .tb-gap { height: ${geometry.tuneGap}px }`,
  ].join('\n')
}
