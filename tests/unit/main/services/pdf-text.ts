/** Reading a printed tunebook back with poppler's pdftotext (Debian poppler-utils). */
import { execFileSync } from 'node:child_process'

export const pageText = (pdf: string, page: number, layout = false): string =>
  execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' })
export const squash = (s: string): string => s.replace(/\s+/g, ' ').trim()
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** "Title ....... 12" lines of the contents pages, as pdftotext -layout reads them. */
export function contentsEntries(pdf: string, pages: number[]): Map<string, number> {
  const entries = new Map<string, number>()
  for (const page of pages) {
    for (const line of pageText(pdf, page, true).split('\n')) {
      const m = /^\s*(.+?)\s{2,}(\d+)\s*$/.exec(line)
      if (m) entries.set(squash(m[1]), Number(m[2]))
    }
  }
  return entries
}

/**
 * Checks a tunebook PDF: its contents pages (from page 2) name a page for every title, and that
 * page shows the title. Returns the contents' pages for the titles and every problem found.
 */
export function checkContents(pdf: string, pageCount: number, titles: string[]): { pages: number[]; problems: string[] } {
  const contentsPages = Array.from({ length: pageCount }, (_, i) => i + 1).filter((p) => pageText(pdf, p).trimStart().startsWith('Contents'))
  const contents = contentsEntries(pdf, contentsPages)
  const problems: string[] = contentsPages[0] === 2 ? [] : [`the contents start on page ${contentsPages[0] ?? 'none'}, not 2`]
  const pages = titles.map((title) => {
    const page = contents.get(squash(title))
    if (page === undefined) problems.push(`the contents do not name "${title}"`)
    else if (!new RegExp(escapeRegExp(squash(title))).test(squash(pageText(pdf, page)))) problems.push(`"${title}" is not on page ${page}`)
    return page ?? 0
  })
  return { pages, problems }
}
