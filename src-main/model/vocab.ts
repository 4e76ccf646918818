/**
 * The model's vocabulary: the sorted set of characters of its training corpus, as in the seed
 * tutorial's `char_to_idx`. It is stored with the model (vocab.json and the library's model row).
 * Fine-tuning may grow it: characters the fine-tuning corpus uses often enough are appended after
 * the parent's (`withAppended`; see corpus/training-data.ts and grow-vocab.ts), so every parent
 * token keeps its id and its weights line up; nothing is ever removed or reordered.
 *
 * Text from elsewhere (a user's tune, another corpus) may hold characters the vocabulary lacks.
 * `conformToVocab` maps them on purpose instead of failing, and reports what it did:
 *   1. CR is dropped (CRLF and old Mac line ends become LF line ends, or nothing).
 *   2. Tab becomes a space.
 *   3. Any other unknown character is NFKD-decomposed and its combining marks stripped
 *      (é → e, ﬁ → fi); if every resulting character is in the vocabulary, that is the mapping.
 *   4. Anything still unknown (`{ } < > @ ;` for the Nottingham vocabulary, emoji, CJK...) is
 *      dropped.
 * Steps 2 and 3 apply only when the target characters are in the vocabulary; otherwise the
 * character is dropped.
 */

export interface VocabJson {
  /** Format marker so a later version can read older files. */
  format: 'tunesmith-vocab-1'
  /** Characters; index = token id. Sorted for a new model; a grown one appends after its parent's. */
  idx_to_char: string[]
  /** The tutorial's mapping, kept for readability of the file; derived from idx_to_char. */
  char_to_idx: Record<string, number>
}

export interface CharChange {
  /** The character as it was in the input. */
  from: string
  /** What it became ('' when dropped). */
  to: string
  count: number
}

export interface ConformReport {
  /** Characters replaced by others that the vocabulary has (tab → space, é → e). */
  mapped: CharChange[]
  /** Characters removed (CR, or nothing in the vocabulary fits). */
  dropped: CharChange[]
  /** True when the text needed no change. */
  clean: boolean
}

export interface Conformed {
  text: string
  report: ConformReport
}

const COMBINING_MARK = /\p{M}/gu

export class Vocab {
  readonly chars: readonly string[]
  private readonly index: Map<string, number>

  private constructor(chars: string[]) {
    this.chars = chars
    this.index = new Map(chars.map((c, i) => [c, i]))
  }

  /** The sorted set of characters (code points) of the given texts. */
  static fromTexts(texts: Iterable<string>): Vocab {
    const set = new Set<string>()
    for (const text of texts) for (const ch of text) set.add(ch)
    // Sort by code point (not locale) so the order is the same on every machine.
    const chars = [...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!)
    if (chars.length < 2) throw new Error('A vocabulary needs at least two distinct characters')
    return new Vocab(chars)
  }

  /** Reads vocab.json (or its parsed object); clear message when the file is not one. */
  static fromJson(value: unknown): Vocab {
    const v = (typeof value === 'string' ? safeParse(value) : value) as Partial<VocabJson> | null
    const chars = v?.idx_to_char
    if (!Array.isArray(chars) || chars.length < 2 || !chars.every((c) => typeof c === 'string' && [...c].length === 1)) {
      throw new Error('Not a vocabulary file: expected "idx_to_char", an array of single characters')
    }
    if (new Set(chars).size !== chars.length) throw new Error('Not a vocabulary file: "idx_to_char" repeats a character')
    return new Vocab([...chars])
  }

  /**
   * This vocabulary with `chars` appended in the given order (growing a fine-tuned model's
   * vocabulary): existing ids stay. Throws on a character already present or not a single one.
   */
  withAppended(chars: readonly string[]): Vocab {
    for (const ch of chars) {
      if ([...ch].length !== 1) throw new Error(`Cannot add ${JSON.stringify(ch)} to a vocabulary: not one character`)
    }
    const grown = [...this.chars, ...chars]
    if (new Set(grown).size !== grown.length) throw new Error('Cannot add a character the vocabulary already has')
    return new Vocab(grown)
  }

  get size(): number {
    return this.chars.length
  }

  has(ch: string): boolean {
    return this.index.has(ch)
  }

  idOf(ch: string): number | undefined {
    return this.index.get(ch)
  }

  toJson(): VocabJson {
    return {
      format: 'tunesmith-vocab-1',
      idx_to_char: [...this.chars],
      char_to_idx: Object.fromEntries(this.chars.map((c, i) => [c, i])),
    }
  }

  /** Maps or drops every character the vocabulary lacks (see the file comment) and says which. */
  conform(text: string): Conformed {
    const mapped = new Map<string, CharChange>()
    const dropped = new Map<string, CharChange>()
    const note = (table: Map<string, CharChange>, from: string, to: string): void => {
      const entry = table.get(from)
      if (entry) entry.count++
      else table.set(from, { from, to, count: 1 })
    }
    let out = ''
    for (const ch of text) {
      if (this.index.has(ch)) {
        out += ch
        continue
      }
      const replacement = this.replacementFor(ch)
      if (replacement) {
        out += replacement
        note(mapped, ch, replacement)
      } else {
        note(dropped, ch, '')
      }
    }
    return {
      text: out,
      report: { mapped: [...mapped.values()], dropped: [...dropped.values()], clean: mapped.size === 0 && dropped.size === 0 },
    }
  }

  /** Token ids of text already in the vocabulary; throws naming the first unknown character. */
  encodeStrict(text: string): Int32Array {
    const ids: number[] = []
    for (const ch of text) {
      const id = this.index.get(ch)
      if (id === undefined) throw new Error(`Character ${describeChar(ch)} is not in the model's vocabulary`)
      ids.push(id)
    }
    return Int32Array.from(ids)
  }

  /** Conforms the text to the vocabulary, then encodes it: never throws on odd characters. */
  encode(text: string): { ids: Int32Array; report: ConformReport } {
    const { text: conformed, report } = this.conform(text)
    return { ids: this.encodeStrict(conformed), report }
  }

  decode(ids: ArrayLike<number>): string {
    let out = ''
    for (let i = 0; i < ids.length; i++) {
      const ch = this.chars[ids[i]]
      if (ch === undefined) throw new Error(`Token id ${ids[i]} is outside the vocabulary (size ${this.size})`)
      out += ch
    }
    return out
  }

  private replacementFor(ch: string): string | null {
    if (ch === '\r') return null
    if (ch === '\t') return this.index.has(' ') ? ' ' : null
    const stripped = ch.normalize('NFKD').replace(COMBINING_MARK, '')
    if (stripped === '' || stripped === ch) return null
    for (const c of stripped) if (!this.index.has(c)) return null
    return stripped
  }
}

/** One line for people: "mapped é→e ×2, tab→space ×1; dropped { ×3, CR ×4". */
export function describeReport(report: ConformReport): string {
  if (report.clean) return 'no characters changed'
  const parts: string[] = []
  if (report.mapped.length) {
    parts.push('mapped ' + report.mapped.map((c) => `${describeChar(c.from)}→${describeChar(c.to)} ×${c.count}`).join(', '))
  }
  if (report.dropped.length) {
    parts.push('dropped ' + report.dropped.map((c) => `${describeChar(c.from)} ×${c.count}`).join(', '))
  }
  return parts.join('; ')
}

export function describeChar(ch: string): string {
  switch (ch) {
    case '\n':
      return 'newline'
    case '\r':
      return 'CR'
    case '\t':
      return 'tab'
    case ' ':
      return 'space'
    default: {
      const cp = ch.codePointAt(0) ?? 0
      return cp < 0x20 || cp === 0x7f ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`
    }
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new Error('Not a vocabulary file: not valid JSON')
  }
}
