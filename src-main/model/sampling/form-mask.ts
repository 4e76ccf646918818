/**
 * The form mask: the sampler writes tunes, not just bars. It follows the tune's parts as the
 * bench's form analysis counts them (model/form/analyse.ts) and allows only characters that keep
 * the planned form:
 *
 * - a part closes (`:|`, `||`, `|]`, or `::` into a repeated next part) exactly when it has its
 *   planned number of bars (a pickup and a short closing bar count as one), and not before;
 *   a part opened with `|:` closes with `:|`; a first ending (`[1`/`|1`) may start in the last
 *   two bars and must close with `:|`, then the second ending follows and replays the same bars;
 * - no field lines in the music the model writes (`X:`, `T:`, `K:`, `M:`, `L:`, comments, blank
 *   lines in mid-tune), except a `P:` label where a planned part starts;
 * - the tune's last bar ends on the tonic of its mode (K:Dmix → D, K:Ador → A), and the tune ends
 *   (a blank line) when its last planned part closes.
 *
 * It never forces a character: it only removes candidates, and the sampler widens or falls back
 * when nothing is left (reported as maskWidened / maskFallbacks), so a tune the model cannot take
 * to its planned form is written as the model wants rather than as garbage.
 */
import { cmp, type Frac } from '../../../src-shared/abc/rational'
import { RhythmTracker } from '../../../src-shared/abc/rhythm-tracker'
import type { CharConstraint, Suggestion } from './constraints'

export interface FormPlan {
  /** Bars in each part (8 for reels and jigs, 16 for waltzes and airs). */
  partBars: number
  /** 0-based index (from the tune's first part) of the part whose close ends the tune. */
  lastPart: number
  /** Upper-case tonic letter of the key's mode, or null (K:none): no tonic rule. */
  tonic: string | null
  /** Offer phrase echoes (default on; the bench turns them off to measure what they cost). */
  echoes?: boolean
}

/** Bar-line tokens this mask lets the model write. */
const PLAIN = ['|']
const CLOSING = [':|', '||', '|]']
/** Closes a repeated part and opens the next one's repeat. */
const CLOSE_AND_OPEN = '::'
const REPEAT_OPEN = '|:'
/** A second ending ends its part: no repeat sign again. */
const SECOND_ENDING_CLOSING = ['||', '|]']
const TOKEN_CHARS = new Set(['|', ':', ']'])
/** Contexts where bar lines, notes and ending numbers are read (not quotes, comments, fields...). */
const MUSIC_CONTEXTS = new Set(['music', 'bar-line', 'bracket', 'paren', 'ending', 'tuplet'])
const NOTE_LETTER = /^[A-Ga-g]$/
const NOTE_OR_REST = /^[A-Ga-gzx]$/
/**
 * How likely the model must find an echo's next note for the sampler to write it. The first note
 * is the decision to echo at all, which the model rarely makes by itself (bar 5 replays bar 1
 * in 30 % of Nottingham bars, 1 % of sampled ones); once begun, the model carries the phrase it
 * recognises, and a note it finds unlikely ends the echo.
 */
const ECHO_START_MIN_PROB = 0.0005
const ECHO_MIN_PROB = 0.01
/** A bar worth echoing: notes on one line, nothing that opens a construct the echo may not close. */
const ECHO_TEXT = /^[^\n\\[\]|:]+$/
/** A first ending may cover the part's last bar or its last two. */
const MAX_ENDING_BARS = 2

type After = 'music' | 'first-ending-closed' | 'part-closed' | 'tune-closed'

/** Everything the mask follows besides the rhythm tracker, as one record so a clone is one copy. */
interface FormState {
  part: number
  /** Bars of the current part, as the analysis counts them (pickup not counted). */
  barInPart: number
  /** Bar lines passed in the part (to tell a pickup: a short first bar). */
  barLinesInPart: number
  repeatOpen: boolean
  /** 0: no ending; 1: in the first ending; 2: in a later one. */
  ending: number
  barAtEnding: number
  endingUsed: boolean
  /** The bar-line token being read and the tokens it may become. */
  token: string
  allowedTokens: readonly string[]
  after: After
  /** The start of the current line (its first few characters: field lines, line starts). */
  line: string
  /** The last character written. */
  last: string
  /** Nothing but spaces on the current line so far (a line end now would be a blank line: the tune's end). */
  lineBlank: boolean
  /** Upper-case letter of the last note written ('' none; 'z' for a rest). */
  lastNote: string
  chordFirstSeen: boolean
  inBody: boolean
  /** The current bar's text so far, and the finished bars of this part and of the first part (by bar number − 1). */
  barText: string
  partBars: readonly string[]
  firstPartBars: readonly string[]
  /** The bar being echoed (its text) and how much of it is written; '' when none. */
  echo: string
  echoPos: number
}

export class FormMask implements CharConstraint {
  constructor(
    private readonly tracker: RhythmTracker,
    private readonly plan: FormPlan,
    private readonly s: FormState,
  ) {}

  allows(ch: string): boolean {
    const s = this.s
    if (!s.inBody) return true
    if (s.after === 'tune-closed') return this.afterTune(ch)
    // A blank line ends the tune, also one of spaces (`\` then a line of spaces, a model's habit);
    // so no line may start with a space (denied its line end, the model wrote spaces to the cap).
    if ((ch === '\n' || ch === ' ') && s.lineBlank) return false
    // `X`/`Z` are multi-measure rests, which no Nottingham tune writes; `X:` also starts a new tune.
    if ((ch === 'X' || ch === 'Z') && this.tracker.contextName !== 'quote' && this.tracker.contextName !== 'field') return false
    const ctx = this.tracker.contextName
    if (ctx === 'bar-line') return this.inToken(ch)
    // In a full bar, `[` could only become `[|` (refused below) or a chord the bar has no room
    // for (the metre mask judges a chord only at its `]`): a dead end for both masks.
    if (ch === '[' && this.barFull()) return false
    if (s.line === '') return this.atLineStart(ch)
    if (ctx === 'line-start') return ch === ':' ? s.line === 'P' && this.atPartStart() : ch !== '\n' || NOTE_OR_REST.test(s.line)
    if (ctx === 'field') return /^[A-Z0-9\n]$/.test(ch)
    if (!MUSIC_CONTEXTS.has(ctx)) return true
    if (ch === '%') return false
    if (s.after === 'first-ending-closed') return this.toSecondEnding(ch, ctx)
    if (ctx === 'ending') return !/[0-9]/.test(ch)
    if (/[0-9]/.test(ch) && ctx === 'bracket' && s.last === '[') return this.endingNumber(ch)
    // `[|` is a bar line no Nottingham tune writes; a model denied its note reaches for it.
    if (ctx === 'bracket' && s.last === '[') return ch !== '|' && ch !== ':' && this.keepsTonic(ch)
    if (ch === '|' || ch === ':') return this.tokenStart(ch)
    // A tie over a part's closing bar line (into a repeat or the next part) ties nothing.
    if (ch === '-' && s.barInPart >= this.plan.partBars - 1) return false
    return this.keepsTonic(ch)
  }

  push(ch: string): void {
    const s = this.s
    const ctxBefore = this.tracker.contextName
    const fill = ch === '|' || ch === ':' ? this.tracker.barFill() : null
    const barsBefore = this.tracker.barsWritten
    this.tracker.push(ch)
    const ctx = this.tracker.contextName
    if (!s.inBody) {
      s.inBody = this.tracker.state.inBody
      s.line = ch === '\n' ? '' : s.line + ch
      return
    }
    if (ctxBefore === 'bar-line' && ctx !== 'bar-line') this.endToken()
    if (ctx === 'bar-line' && ctxBefore !== 'bar-line') this.startToken(ch, fill, this.tracker.barsWritten > barsBefore)
    else if (ctx === 'bar-line') s.token += ch
    else this.followEcho(ch)
    if (ctx === 'ending' && ctxBefore !== 'ending' && /[0-9]/.test(ch)) this.startEnding(ch)
    if (MUSIC_CONTEXTS.has(ctxBefore) || ctxBefore === 'line-start') this.noteSeen(ch, ctx)
    s.last = ch
    s.lineBlank = ch === '\n' || (s.lineBlank && ch === ' ')
    if (ch === '\n') {
      if (s.line.startsWith('P:') && s.after === 'part-closed') s.after = 'music'
      s.line = ''
    } else if (s.line.length < 8) {
      s.line += ch
    }
    if (s.after === 'part-closed' && (NOTE_OR_REST.test(ch) || ch === '[') && MUSIC_CONTEXTS.has(ctx)) s.after = 'music'
  }

  clone(): CharConstraint {
    // Arrays in the state are replaced, never changed in place, so a shallow copy is a real copy.
    return new FormMask(this.tracker.clone(), this.plan, { ...this.s })
  }

  suggest(): Suggestion | null {
    const s = this.s
    // Inside a bar, or right after a plain bar line (the next bar's first note ends the token).
    const between = s.token === '' || s.token === '|'
    if (s.echo === '' || s.echoPos >= s.echo.length || !between || this.tracker.contextName === 'quote') return null
    return { ch: s.echo[s.echoPos], minProb: s.echoPos === 0 ? ECHO_START_MIN_PROB : ECHO_MIN_PROB }
  }

  /** The part being written (0-based) and whether nothing of it is written yet. */
  position(): { part: number; atPartStart: boolean } {
    return { part: this.s.part, atPartStart: this.s.after === 'part-closed' }
  }

  // ---- what may be written ----

  private afterTune(ch: string): boolean {
    if (this.tracker.contextName === 'bar-line' && TOKEN_CHARS.has(ch)) return this.s.allowedTokens.some((t) => t.startsWith(this.s.token + ch))
    return ch === '\n'
  }

  private atLineStart(ch: string): boolean {
    const s = this.s
    if (ch === '\n' || ch === '%') return false
    if (s.after === 'first-ending-closed') return ch === '[' || ch === ' '
    if (/[A-Za-z]/.test(ch)) return NOTE_OR_REST.test(ch) || (ch === 'P' && this.atPartStart())
    if (ch === '|' || ch === ':') return this.tokenStart(ch)
    return true
  }

  /** A `P:` label only where a planned part starts, before its music. */
  private atPartStart(): boolean {
    return this.s.after === 'part-closed' && this.s.part <= this.plan.lastPart
  }

  private inToken(ch: string): boolean {
    const s = this.s
    if (TOKEN_CHARS.has(ch)) return s.allowedTokens.some((t) => t.startsWith(s.token + ch))
    if (!s.allowedTokens.includes(s.token)) return false
    // The token is complete: what may follow it.
    if (/[0-9]/.test(ch)) return this.firstEndingCloses(s.token) ? ch === '2' : s.token === '|' && this.endingNumber(ch)
    // After a first ending's `:|` only the second ending may come (`[2`, on this line or the next).
    if (this.firstEndingCloses(s.token)) return ch === '[' || ch === ' ' || ch === '\n'
    if (this.closesPart(s.token) && this.s.part === this.plan.lastPart && !this.firstEndingCloses(s.token)) return ch === '\n'
    return true
  }

  /** The first character of a bar-line token: which tokens the bar that ends here may take. */
  private tokenStart(ch: string): boolean {
    const tokens = this.tokensFor(this.barCountIfEndedNow())
    if (!tokens.some((t) => t.startsWith(ch))) return false
    // The tune's last bar line needs the tonic last (a plain `|` does not end the tune).
    const closesTune = this.s.part === this.plan.lastPart && this.barCountIfEndedNow() >= this.plan.partBars && this.s.ending !== 1
    return !closesTune || this.tonicLast()
  }

  /** Tokens allowed for a bar line written when the part has `bars` bars. */
  private tokensFor(bars: number, fill = this.tracker.barFill()): readonly string[] {
    const s = this.s
    if (fill.length.n === 0) return s.barLinesInPart === 0 && s.after !== 'first-ending-closed' ? [REPEAT_OPEN, ...PLAIN] : []
    // A short bar that is no pickup can only be the part's closing bar (with the pickup making
    // it whole): the meter mask then wants a closing bar line, so before the part's last bar it
    // may not end at all, and the model has to fill it.
    const short = fill.meter !== null && cmp(fill.length, fill.meter) < 0 && !(s.barLinesInPart === 0 && s.ending === 0)
    if (bars < this.plan.partBars) return short ? [] : PLAIN
    if (s.ending === 1) return [':|']
    if (s.ending > 1) return SECOND_ENDING_CLOSING
    const more = s.part < this.plan.lastPart
    if (s.repeatOpen) return more ? [':|', CLOSE_AND_OPEN] : [':|']
    return more ? [...CLOSING, CLOSE_AND_OPEN] : CLOSING
  }

  /** An ending number: `[1`/`|1` in the part's last bars, `[2` after the first ending's `:|`. */
  private endingNumber(ch: string): boolean {
    const s = this.s
    if (s.after === 'first-ending-closed') return ch === '2'
    const left = this.plan.partBars - s.barInPart
    return ch === '1' && !s.endingUsed && left >= 1 && left <= MAX_ENDING_BARS
  }

  private toSecondEnding(ch: string, ctx: string): boolean {
    if (ch === ' ') return true
    if (ctx === 'bracket' && this.s.last === '[') return ch === '2'
    return ch === '['
  }

  /**
   * In the tune's last bar, a note may not fill the bar unless it is the tonic: a bar that is
   * full with another note last could end only with that note, and the bar line would be denied.
   */
  private keepsTonic(ch: string): boolean {
    if (!this.inTunesLastBar() || this.plan.tonic === null) return true
    // A chord of notes is judged only at its `]`, too late to choose its notes: none in the last bar.
    if (ch === '[') return false
    if (ch === ']') return true
    const next = this.tracker.clone()
    next.push(ch)
    const { length, meter } = next.barFill()
    if (!meter || cmp(length, meter) < 0) return true
    const last = NOTE_LETTER.test(ch) && this.startsNote() ? ch.toUpperCase() : this.s.lastNote
    return last === this.plan.tonic
  }

  private barFull(): boolean {
    const { length, meter } = this.tracker.barFill()
    return meter !== null && cmp(length, meter) >= 0
  }

  private inTunesLastBar(): boolean {
    const s = this.s
    return s.part === this.plan.lastPart && s.ending !== 1 && s.barInPart >= this.plan.partBars - 1 && s.after === 'music'
  }

  private tonicLast(): boolean {
    return this.plan.tonic === null || this.s.lastNote === this.plan.tonic
  }

  // ---- what was written ----

  /** The bar being written, ended now: does it count (a short first bar is a pickup)? */
  private barCountIfEndedNow(): number {
    const s = this.s
    const { length, meter } = this.tracker.barFill()
    if (length.n === 0) return s.barInPart
    return this.countWith({ length, meter })
  }

  private startToken(ch: string, fill: { length: Frac; meter: Frac | null } | null, barEnded: boolean): void {
    const s = this.s
    const count = this.countFor(fill, barEnded)
    s.allowedTokens = s.after === 'tune-closed' ? s.allowedTokens : this.tokensAt(count, fill)
    if (barEnded) {
      if (count > s.barInPart) this.keepBar(count, s.barText.trim())
      s.barInPart = count
      s.barLinesInPart++
    }
    s.barText = ''
    s.token = ch
    this.planEcho()
  }

  private countFor(fill: { length: Frac; meter: Frac | null } | null, barEnded: boolean): number {
    const s = this.s
    if (!barEnded || !fill) return s.barInPart
    return this.countWith(fill)
  }

  /** The part's bar count with a bar of this length ended: a short first bar is a pickup, not a bar. */
  private countWith(fill: { length: Frac; meter: Frac | null }): number {
    const s = this.s
    const pickup = s.barLinesInPart === 0 && fill.meter !== null && cmp(fill.length, fill.meter) < 0 && s.ending === 0
    return pickup ? s.barInPart : s.barInPart + 1
  }

  private tokensAt(count: number, fill: { length: Frac; meter: Frac | null } | null): readonly string[] {
    const s = this.s
    if (!fill || fill.length.n === 0) return s.barLinesInPart === 0 ? [REPEAT_OPEN, ...PLAIN, ...CLOSING, CLOSE_AND_OPEN] : [...PLAIN, ...CLOSING]
    if (count < this.plan.partBars) return PLAIN
    return this.tokensFor(count, fill)
  }

  private endToken(): void {
    const s = this.s
    const token = s.token
    s.token = ''
    if (this.firstEndingCloses(token)) {
      s.after = 'first-ending-closed'
      s.repeatOpen = false
      return
    }
    if (this.closesPart(token)) {
      const last = s.part === this.plan.lastPart
      s.part++
      s.barInPart = 0
      s.barLinesInPart = 0
      s.ending = 0
      s.endingUsed = false
      s.repeatOpen = token.endsWith(':')
      s.after = last ? 'tune-closed' : 'part-closed'
      s.partBars = []
      this.planEcho()
      return
    }
    if (token === REPEAT_OPEN || token.endsWith(':')) s.repeatOpen = true
    this.planEcho()
  }

  // ---- phrase echoes ----

  private keepBar(bar: number, text: string): void {
    const s = this.s
    const bars = [...s.partBars]
    bars[bar - 1] = text
    s.partBars = bars
    if (s.part === 0) s.firstPartBars = bars
  }

  /**
   * At a bar's start: the bar it may echo, as folk tunes do. The second phrase opens like the
   * first (bars 5–6 replay 1–2 in an 8-bar part, 9–12 replay 1–4 in a 16-bar one), and a later
   * part ends like the first part (its last two bars).
   */
  private planEcho(): void {
    const s = this.s
    if (this.plan.echoes === false) {
      s.echo = ''
      return
    }
    const bar = s.barInPart + 1
    const half = this.plan.partBars / 2
    const opening = this.plan.partBars >= 16 ? 4 : 2
    let source: string | undefined
    if (bar > half && bar <= half + opening) source = s.partBars[bar - half - 1]
    if (s.part > 0 && bar >= this.plan.partBars - 1) source = s.firstPartBars[bar - 1] ?? source
    // The notes are echoed; chord symbols and spacing stay the model's (a B part may harmonise
    // the same notes differently).
    const notes = source?.replace(/"[^"]*"/g, '').replace(/ /g, '') ?? ''
    s.echo = ECHO_TEXT.test(notes) ? notes : ''
    s.echoPos = 0
  }

  private followEcho(ch: string): void {
    const s = this.s
    if (ch !== '\n' && ch !== '\\') s.barText += ch
    if (s.echo === '' || this.tracker.contextName === 'quote' || ch === '"') return
    if (s.echoPos < s.echo.length && ch === s.echo[s.echoPos]) s.echoPos++
    // Spaces, line breaks and chord symbols are the model's to place, not a choice against the echo.
    else if (!/[\s\\]/.test(ch)) s.echo = ''
  }

  /** A section-closing token (as the form analysis counts sections). */
  private closesPart(token: string): boolean {
    return token.includes(':|') || token.includes('||') || token.includes('|]') || token === CLOSE_AND_OPEN
  }

  private firstEndingCloses(token: string): boolean {
    return this.s.ending === 1 && token.startsWith(':')
  }

  private startEnding(digit: string): void {
    const s = this.s
    if (digit === '1') {
      s.ending = 1
      s.endingUsed = true
      s.barAtEnding = s.barInPart
    } else {
      s.ending = 2
      s.barInPart = s.barAtEnding
      s.after = 'music'
    }
  }

  private startsNote(): boolean {
    return this.tracker.contextName !== 'bracket' || !this.s.chordFirstSeen
  }

  private noteSeen(ch: string, ctx: string): void {
    const s = this.s
    if (ch === '[' && ctx === 'bracket') s.chordFirstSeen = false
    if (NOTE_OR_REST.test(ch) && MUSIC_CONTEXTS.has(ctx)) {
      if (ctx === 'bracket' && s.chordFirstSeen) return
      if (ctx === 'bracket') s.chordFirstSeen = true
      s.lastNote = ch.toUpperCase()
    }
  }
}

/** The form mask for a plan; it reads the prompt (the tune so far) through `push`. */
export function formMask(plan: FormPlan): (prompt: string) => FormMask {
  return (prompt) => {
    const mask = new FormMask(new RhythmTracker(), plan, {
      part: 0, barInPart: 0, barLinesInPart: 0, repeatOpen: false, ending: 0, barAtEnding: 0, endingUsed: false,
      token: '', allowedTokens: [], after: 'part-closed', line: '', last: '\n', lineBlank: true, barText: '', partBars: [], firstPartBars: [], echo: '', echoPos: 0, lastNote: '', chordFirstSeen: false, inBody: false,
    })
    for (const ch of prompt) mask.push(ch)
    return mask
  }
}
