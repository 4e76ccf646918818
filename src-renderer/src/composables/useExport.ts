/**
 * Exports a piece as .abc (its text), .svg (abcjs's engraving) or .mid (abcjs's MIDI writer, which
 * needs no sound font and works offline). Files are handed over through a Blob link: the browser
 * (web mode) and Electron (its default download handling) both save it. A native "Save as…"
 * dialog would be nicer in Electron; the desktop API has none for this yet.
 */
import abcjs from 'abcjs'

/** A file name from a title: letters, digits and dashes, never empty. */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
  return `${base || 'piece'}.${extension}`
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the click; the URL can go once this task ends.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

export function exportAbc(abc: string, title: string): void {
  downloadBlob(new Blob([abc.endsWith('\n') ? abc : `${abc}\n`], { type: 'text/vnd.abc;charset=utf-8' }), fileNameFor(title, 'abc'))
}

/** The engraved SVG as a standalone file (namespace declared, since inline SVG in HTML lacks it). */
export function exportSvg(svg: SVGSVGElement, title: string): void {
  const copy = svg.cloneNode(true) as SVGSVGElement
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  // The on-screen copy scales to its pane (responsive); a file wants its own size.
  const box = svg.viewBox.baseVal
  if (box && box.width > 0) {
    copy.setAttribute('width', String(box.width))
    copy.setAttribute('height', String(box.height))
  }
  copy.removeAttribute('style')
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`
  downloadBlob(new Blob([text], { type: 'image/svg+xml' }), fileNameFor(title, 'svg'))
}

/** Standard MIDI file bytes of the tune's first tune, or an error message. */
export function midiBytes(abc: string): Uint8Array {
  const result: unknown = abcjs.synth.getMidiFile(abc, { midiOutputType: 'binary' })
  const first: unknown = Array.isArray(result) ? result[0] : result
  if (!(first instanceof Uint8Array) || first.length === 0) throw new Error('abcjs could not write MIDI for this tune')
  return first
}

export function exportMidi(abc: string, title: string): void {
  const bytes = midiBytes(abc)
  downloadBlob(new Blob([bytes.slice().buffer as ArrayBuffer], { type: 'audio/midi' }), fileNameFor(title, 'mid'))
}
