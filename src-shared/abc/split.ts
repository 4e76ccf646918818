/**
 * Splits a multi-tune ABC text into tunes. As in the ABC 2.1 file structure, a tune starts at an
 * `X:` line and ends at the first blank line; text between tunes is free text and belongs to no
 * tune. Text before the first `X:` is the file header, returned separately.
 */

export interface RawTune {
  /** The tune's text from its `X:` line to its last line, with `\n` line ends. */
  text: string
  /** 1-based line of the `X:` line in the source text. */
  startLine: number
  /** The number after `X:`, or null when it is missing or not a number. */
  xNumber: number | null
}

export interface SplitResult {
  fileHeader: string
  tunes: RawTune[]
}

const X_LINE = /^X:\s*(\d+)?/

export function splitTunes(source: string): SplitResult {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const tunes: RawTune[] = []
  const headerLines: string[] = []
  let current: RawTune & { lines: string[] } = { text: '', startLine: 0, xNumber: null, lines: [] }
  let inTune = false
  let seenTune = false

  const flush = (): void => {
    if (inTune) tunes.push({ text: current.lines.join('\n'), startLine: current.startLine, xNumber: current.xNumber })
    inTune = false
  }

  lines.forEach((line, i) => {
    const m = X_LINE.exec(line)
    if (m) {
      flush()
      inTune = seenTune = true
      current = { text: '', startLine: i + 1, xNumber: m[1] === undefined ? null : Number(m[1]), lines: [line] }
    } else if (inTune) {
      if (line.trim() === '') flush()
      else current.lines.push(line)
    } else if (!seenTune) {
      headerLines.push(line)
    }
  })
  flush()
  return { fileHeader: headerLines.join('\n').trim(), tunes }
}
