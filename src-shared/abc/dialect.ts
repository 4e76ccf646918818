/**
 * The musician's ABC and the model's dialect.
 *
 * The default model learnt the Nottingham files, which write a dotted pair as `A3/2B/2`, never
 * use broken rhythm (`A>B`), grace notes (`{g}`) or `!decorations!`, and whose vocabulary lacks
 * `<`, `>`, `{` and `}`. Players write those every day. Rather than dropping what the model cannot
 * read (which turned a hornpipe's dotted rhythm into even notes), the prompt is *mapped* for the
 * model, and the musician's own text is never changed:
 *
 * - `toModelDialect(text)`: the model's view of the text. Broken rhythm becomes the equal
 *   lengths at the unit length (`a>b` → `a3/2b/2`, `a2>b2` → `a3b`, `a<b` → `a/2b3/2`,
 *   `a>>b` → `a7/4b/4`; chords, rests, accidentals, octave marks, ties and anything between the
 *   two notes kept); grace notes and `!…!`/`+…+` decorations are hidden; CR line ends are read
 *   as LF. It keeps an offset map (model index → user index) and says in words what it did and
 *   what it could not map (a `>` with no note before it...). Durations are exactly abcjs's.
 * - `toPromptDialect(modelPrompt, continuation, dialect)`: the model's continuation written the
 *   way the prompt is: `x3/2y/2` (same unit, one beam) becomes `x>y` when the prompt uses broken
 *   rhythm, a `>` left open at the end of the prompt gets its second note, CRLF stays CRLF.
 * - `toBrokenDialect(text)`: any model-dialect tune rewritten into the `>`/grace-note dialect
 *   (the tests' and the bench's way to make such tunes from the corpus); `toModelDialect` maps
 *   it back to the original text exactly.
 */
import { brokenFactors, formatLength, tokenize, type NoteToken, type Token } from './dialect-tokens'
import { eq, mul, ONE, type Frac } from './rational'

/** How the prompt is written, so its continuation can be written the same way. */
export interface PromptDialect {
  /** The prompt writes broken rhythm (`>` or `<`). */
  brokenRhythm: boolean
  /** The prompt's line ends are CRLF. */
  crlf: boolean
  /** A `>` at the very end of the prompt still waits for its second note: that note's factor (1/2 for `>`). */
  pendingFactor: Frac | null
}

export interface DialectReport {
  /** Broken-rhythm marks rewritten as lengths. */
  brokenRhythms: number
  /** Grace-note groups and decorations hidden from the model. */
  graceNotes: number
  decorations: number
  /** What could not be mapped, one sentence each (it stays in the user's text). */
  unmapped: string[]
  /** Nothing mapped, hidden or refused: the model reads the music as written. */
  asWritten: boolean
  /** All of it in one line for people. */
  summary: string
}

export interface ModelView {
  /** The text the model reads. */
  text: string
  /** `offsets[i]`: index in the user's text of model character i; `offsets[text.length]` = the user's length. */
  offsets: number[]
  report: DialectReport
  dialect: PromptDialect
}

const CR = '\r'

/** Line and column (1-based) of index `i`, for reports. */
function position(text: string, i: number): string {
  const before = text.slice(0, i)
  const line = before.split('\n').length
  return `line ${line}, column ${i - before.lastIndexOf('\n')}`
}

interface Resolution {
  factors: Map<NoteToken, Frac>
  mapped: Set<Token>
  unmapped: string[]
  pendingFactor: Frac | null
}

/** Which notes each broken-rhythm mark lengthens and shortens (abcjs's reading: chains multiply). */
function resolveBroken(text: string, tokens: Token[]): Resolution {
  const factors = new Map<NoteToken, Frac>()
  const scale = (note: NoteToken, f: Frac): void => void factors.set(note, mul(factors.get(note) ?? ONE, f))
  const res: Resolution = { factors, mapped: new Set(), unmapped: [], pendingFactor: null }
  let prev: NoteToken | null = null
  let open: { mark: Token; before: NoteToken; after: Frac; undo: Frac } | null = null
  const refuse = (mark: Token, why: string): void =>
    void res.unmapped.push(`'${text.slice(mark.start, mark.end)}' at ${position(text, mark.start)} ${why}: the model reads the notes without it`)
  const abandon = (): void => {
    if (!open) return
    scale(open.before, open.undo)
    res.mapped.delete(open.mark)
    refuse(open.mark, 'has no note after it')
    open = null
  }
  for (const t of tokens) {
    if (t.kind === 'note') {
      if (open) scale(t, open.after)
      open = null
      prev = t
    } else if (t.kind === 'barrier') {
      abandon()
      prev = null
    } else if (t.kind === 'broken') {
      if (open) abandon()
      if (t.dir === 0) refuse(t, 'mixes > and <')
      else if (t.count > 3) refuse(t, 'is longer than >>>')
      else if (!prev) refuse(t, 'has no note before it')
      else {
        const { before, after } = brokenFactors(t.dir, t.count)
        scale(prev, before)
        res.mapped.add(t)
        open = { mark: t, before: prev, after, undo: { n: before.d, d: before.n } }
      }
      prev = null
    }
  }
  if (open) res.pendingFactor = (open as { after: Frac }).after
  return res
}

function summarize(report: Omit<DialectReport, 'summary' | 'asWritten'>, pending: boolean): string {
  const parts: string[] = []
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  if (report.brokenRhythms) parts.push(`${plural(report.brokenRhythms, 'broken rhythm')} (> <) given to the model as dotted lengths`)
  const hidden = [report.graceNotes ? plural(report.graceNotes, 'grace-note group') : '', report.decorations ? plural(report.decorations, 'decoration') : '']
    .filter(Boolean)
  if (hidden.length) parts.push(`${hidden.join(' and ')} hidden from the model (kept in your text, the score and playback)`)
  if (pending) parts.push('the broken rhythm at the end of your text waits for the first note the model writes')
  if (report.unmapped.length) parts.push(`not mapped: ${report.unmapped.join('; ')}`)
  return parts.length ? parts.join('; ') : 'the model reads the text as written'
}

/** The model's view of a musician's text (see the file comment). */
export function toModelDialect(userText: string): ModelView {
  const tokens = tokenize(userText)
  const res = resolveBroken(userText, tokens)
  let text = ''
  const offsets: number[] = []
  const copy = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      // CRLF is read as LF; a lone CR (old Mac line ends) as a line end too.
      if (userText[i] === CR && userText[i + 1] === '\n') continue
      text += userText[i] === CR ? '\n' : userText[i]
      offsets.push(i)
    }
  }
  let graceNotes = 0
  let decorations = 0
  for (const t of tokens) {
    if (t.kind === 'hidden') {
      if (t.what === 'grace') graceNotes++
      else decorations++
    } else if (t.kind === 'broken') {
      // Mapped into the lengths of its notes, or refused (and reported): the model never reads it.
    } else if (t.kind === 'note' && res.factors.has(t) && !eq(res.factors.get(t) as Frac, ONE)) {
      copy(t.start, t.headEnd)
      const suffix = formatLength(mul(t.length, res.factors.get(t) as Frac))
      for (const ch of suffix) {
        text += ch
        offsets.push(t.headEnd)
      }
    } else {
      copy(t.start, t.end)
    }
  }
  offsets.push(userText.length)
  const partial = { brokenRhythms: res.mapped.size, graceNotes, decorations, unmapped: res.unmapped }
  const asWritten = partial.brokenRhythms + graceNotes + decorations + res.unmapped.length === 0
  return {
    text,
    offsets,
    report: { ...partial, asWritten, summary: summarize(partial, res.pendingFactor !== null) },
    dialect: {
      brokenRhythm: tokens.some((t) => t.kind === 'broken'),
      crlf: userText.includes('\r\n'),
      pendingFactor: res.pendingFactor,
    },
  }
}

/** The written suffix is the corpus's own spelling of its length (so a rewrite maps back exactly). */
const canonical = (text: string, t: NoteToken): boolean => text.slice(t.headEnd, t.end) === formatLength(t.length)

/** The broken-rhythm mark that writes the pair (a, b) at the unit length, or null. */
function pairMark(a: NoteToken, b: NoteToken): string | null {
  for (const count of [1, 2]) {
    for (const dir of [1, -1]) {
      const { before, after } = brokenFactors(dir, count)
      if (eq(a.length, before) && eq(b.length, after)) return (dir > 0 ? '>' : '<').repeat(count)
    }
  }
  return null
}

interface RewriteOptions {
  /** Only tokens starting here or later are rewritten (what comes before is the prompt). */
  from: number
  brokenRhythm: boolean
  /** The first note from `from` on is the second note of an open `>`: its length is divided by this. */
  pendingFactor: Frac | null
  /** Insert a grace note before every n-th note that starts a beam (0: never). */
  graceEvery: number
}

const GRACES = ['{g}', '{gag}', '{/A}']

/** Model-dialect text from `options.from` on, rewritten into the broken-rhythm dialect. */
function rewrite(text: string, options: RewriteOptions): string {
  const tokens = tokenize(text).filter((t) => t.end > options.from)
  let out = ''
  let pending = options.pendingFactor
  let notes = 0
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]
    if (t.start < options.from || t.kind !== 'note') {
      out += text.slice(Math.max(t.start, options.from), t.end)
      continue
    }
    if (pending) {
      out += text.slice(t.start, t.headEnd) + formatLength(mul(t.length, { n: pending.d, d: pending.n }))
      pending = null
      continue
    }
    if (options.graceEvery > 0 && !t.rest && /[ |]/.test(text[t.start - 1] ?? '') && ++notes % options.graceEvery === 0) {
      out += GRACES[(notes / options.graceEvery) % GRACES.length]
    }
    const next = tokens[k + 1]
    const mark = options.brokenRhythm && next?.kind === 'note' && next.start === t.end && !t.rest && !next.rest &&
      canonical(text, t) && canonical(text, next) ? pairMark(t, next) : null
    if (mark && next?.kind === 'note') {
      out += text.slice(t.start, t.headEnd) + mark + text.slice(next.start, next.headEnd)
      k++
    } else {
      out += text.slice(t.start, t.end)
    }
  }
  return out
}

/** The model's continuation of `modelPrompt`, written in the prompt's dialect (see the file comment). */
export function toPromptDialect(modelPrompt: string, continuation: string, dialect: PromptDialect): string {
  if (!dialect.brokenRhythm && !dialect.crlf && !dialect.pendingFactor) return continuation
  // Every token ends within its line, so the prompt's last line is all the context the continuation needs.
  const context = modelPrompt.slice(modelPrompt.lastIndexOf('\n') + 1)
  const out = rewrite(context + continuation, {
    from: context.length,
    brokenRhythm: dialect.brokenRhythm,
    pendingFactor: dialect.pendingFactor,
    graceEvery: 0,
  })
  return dialect.crlf ? out.replace(/\n/g, '\r\n') : out
}

/**
 * A model-dialect tune in the `>`/grace-note dialect: every dotted pair at the unit length
 * (`x3/2y/2`, `x/2y3/2`, `x7/4y/4`) written with `>`/`<`, and a grace note before every
 * `graceEvery`-th note that starts a beam. `toModelDialect` gives the original back exactly.
 */
export function toBrokenDialect(text: string, graceEvery = 5): string {
  return rewrite(text, { from: 0, brokenRhythm: true, pendingFactor: null, graceEvery })
}
