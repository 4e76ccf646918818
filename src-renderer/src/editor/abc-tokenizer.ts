/**
 * ABC notation as a CodeMirror stream parser: header fields, notes with accidentals and lengths,
 * bar lines and repeats, chord symbols, decorations, comments and inline fields. A stream parser
 * (CodeMirror 5 style) is enough: ABC is line based and highlighting needs no tree.
 *
 * Token names are CodeMirror's legacy names (keyword, meta, string...) so StreamLanguage maps
 * them to @lezer/highlight tags without a token table.
 */
import { StringStream, type StreamParser } from '@codemirror/language'

export interface AbcState {
  /** Inside a tune's header block (from X: to K:): letters there are field names, not notes. */
  inHeader: boolean
  /** The rest of the current line is a header field's value. */
  inFieldValue: boolean
}

export type AbcToken =
  | 'comment'
  | 'keyword' // field name (X:, T:, K: ...)
  | 'meta' // field value, inline field [K:D]
  | 'string' // chord symbol "Am" or annotation "^text"
  | 'attributeName' // decoration !trill! +fermata+ and shorthand ~ . H L M O P S T u v
  | 'atom' // accidental ^ _ =
  | 'variableName' // note letter with octave marks
  | 'number' // note length 3/2, tuplet (3
  | 'operator' // bar line, repeat, ending
  | 'null' // rest z x Z
  | 'bracket' // chord [ ], grace { }, slur ( ), tie -
  | 'invalid'

const FIELD = /^[A-Za-z+]:/
const BAR = /^(?:\[\||\|\]|\|\||:*\|+:*|::|:+)(?:\[?\d+(?:[,-]\d+)*)?/
const NOTE = /^[A-Ga-g][,']*/

function token(stream: StringStream, state: AbcState): AbcToken | null {
  if (stream.sol()) {
    state.inFieldValue = false
    if (stream.match(/^%.*/)) return 'comment'
    if (stream.match(FIELD)) {
      const name = stream.current()[0]
      if (name === 'X') state.inHeader = true
      if (name === 'K') state.inHeader = false
      state.inFieldValue = true
      return 'keyword'
    }
  }
  if (state.inFieldValue) {
    if (stream.match(/^[^%]+/)) return 'meta'
    stream.skipToEnd()
    return 'comment'
  }
  if (stream.eatSpace()) return null
  if (stream.match(/^%.*/)) return 'comment'
  if (stream.match(/^\[[A-Za-z]:[^\]\n]*\]?/)) return 'meta'
  if (stream.match(/^"[^"\n]*"?/)) return 'string'
  if (stream.match(/^![^!\n]*!?/) || stream.match(/^\+[^+\n]*\+/)) return 'attributeName'
  if (stream.match(/^[~.HLMOPSTuv](?=[\s[A-Ga-g^_=(~.{"!])/)) return 'attributeName'
  if (stream.match(/^\[\d+/)) return 'operator'
  if (stream.match(BAR)) return 'operator'
  if (stream.match(/^\(\d(?::\d?){0,2}/)) return 'number'
  if (stream.match(/^[\^_=]{1,2}/)) return 'atom'
  if (stream.match(NOTE)) return 'variableName'
  if (stream.match(/^[zxZX]/)) return 'null'
  if (stream.match(/^(?:\d+\/*\d*|\/+\d*)/)) return 'number'
  if (stream.match(/^[<>]+/)) return 'number'
  if (stream.match(/^[[\](){}\-&]/)) return 'bracket'
  if (stream.match(/^[\\`]/)) return null
  stream.next()
  return 'invalid'
}

export const abcStreamParser: StreamParser<AbcState> = {
  name: 'abc',
  startState: () => ({ inHeader: false, inFieldValue: false }),
  copyState: (s) => ({ ...s }),
  token,
  blankLine: (state) => {
    // A blank line ends a tune (ABC 2.1 §2.2); the next tune starts with its own header.
    state.inHeader = false
    state.inFieldValue = false
  },
  languageData: { commentTokens: { line: '%' } },
}

export interface TokenSpan {
  text: string
  type: AbcToken | null
}

/** Tokenizes text line by line as the editor does (for tests and tools). */
export function tokenizeAbc(text: string): TokenSpan[][] {
  const state = abcStreamParser.startState!(2)
  return text.split('\n').map((line) => {
    if (line === '') {
      abcStreamParser.blankLine?.(state, 2)
      return []
    }
    const stream = new StringStream(line, 2, 2)
    const spans: TokenSpan[] = []
    while (!stream.eol()) {
      const type = token(stream, state)
      spans.push({ text: stream.current(), type })
      stream.start = stream.pos
    }
    return spans
  })
}
