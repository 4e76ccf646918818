/**
 * The one implementation of ABC rhythm in Tunesmith: a state machine fed one character at a
 * time that knows the meter, unit length and key in force, the exact length of the bar so far
 * and the note whose length suffix may still grow (`A`, `A3`, `A3/`, `A3/2`).
 *
 * Two users:
 * - the sampler, which clones a tracker per variation and asks `allows(ch)` for each candidate
 *   character (so `allows` must cost about a microsecond: it copies the state into a reused
 *   scratch tracker and feeds it the character, no allocation beyond small fractions);
 * - the checker (bar-check.ts), which feeds a whole tune and receives every finished bar.
 *
 * `allows(ch)` is false when writing `ch` would make it impossible to end the current bar at a
 * length the rules allow (see bar-rules.ts): a bar line under a short or long bar, a length digit
 * that overflows the bar, a new note when the bar is full, a blank line (end of tune) in the middle
 * of a bar. While writing, the future is unknown, so a short closing bar needs a bar line that
 * closes a section (`||`, `:|`, `|]`, `|:`) and must pair with a pickup already written (or be an
 * ending, whose pickup may follow). Also refused, because they are not ABC and would let a sampler
 * wander: a length digit with no note, an empty bar between plain bar lines, bar lines such as
 * `||||`, two-digit ending numbers. Everything that is not music (header and field lines,
 * comments, chord symbols, annotations, decorations, grace notes, inline fields) is always
 * allowed. A bar that is already wrong in the prompt is not held against later characters: only
 * new faults count.
 *
 * Supported: fields in the header and mid-tune (`M:`, `L:`, `K:`, `P:`; others ignored, including
 * the non-standard `Y:`), inline fields `[M:3/4]`, comments, `\` continuations, notes with
 * accidentals, octave marks and lengths (`A2 A/2 A/ A// A3/2`), rests `z x`, multi-measure rests
 * `Z X` (with a count), chords `[CEG]2` (length of the first note times the chord's suffix), grace
 * notes `{...}` (no length), tuplets `(3` and `(p:q:r`, broken rhythm `> >> <`, ties, slurs,
 * decorations (`~ . !trill! +trill+` and H–Y), chord symbols, bar lines `| || |] [| |: :| ::` and
 * endings `[1 |1 :|2`, several voices (`V:`; only the first voice named is measured). Not
 * supported: voice overlay `&`, whose notes are added to the bar.
 */
import { barVerdict, isSectionBoundary, type BarVerdict } from './bar-rules'
import { keyAlteration, LETTERS, parseKey, type KeySignature } from './key'
import { defaultUnitLength, parseMeter, parseUnitLength, type Meter } from './meter'
import { add, cmp, eq, exact, frac, mul, ONE, show, sub, ZERO, type Frac } from './rational'
import {
  ACCIDENTAL, BarLine, Carried, contextName, DENOMINATOR, FieldText, LETTER, Modifiers, NO_ACCIDENTAL, NO_NOTE,
  Note, NUMERATOR, OpenBar, Position, Setting, SLASH, Tally, type ContextName,
} from './rhythm-state'

/** A finished bar, as the checker needs it. Lines and columns are 1-based. */
export interface BarRecord {
  /** 1-based count of non-empty bars in the tune. */
  index: number
  length: Frac
  meter: Meter
  /** Start of the bar's text (first character after the previous bar line that is not a space). */
  startLine: number
  startColumn: number
  /** The bar line that ended it: its line, first column and exclusive end column. */
  endLine: number
  endColumn: number
  endColumnExclusive: number
  /** The bar line before the bar ('' for the tune's first bar). */
  opening: string
  /** The bar line that ended it ('' when the tune ended without one). */
  closing: string
  pickupEligible: boolean
  startsWithEnding: boolean
  /** `Z4` alone in a bar counts 4 bars; 0 when the bar has no multi-measure rest. */
  multiRest: number
  /** A multi-measure rest shares the bar with notes. */
  mixedRest: boolean
  /** Lengths too odd to add exactly (absurd denominators): not judged. */
  unmeasurable: boolean
  /** A `P:` line or the tune's end came before any more music: the bar closed a section. */
  followedByBoundary: boolean
  /** Verdict at the bar line, knowing only what came before it. */
  verdict: BarVerdict
}

export type BarListener = (bar: BarRecord) => void

const QUARTER = frac(1, 4)
/** A bar with nothing in it yet: every bar starts as a copy of it (never written to). */
const EMPTY_BAR = new OpenBar()
/** Digits beyond this in a length make it unmeasurable rather than risk inexact arithmetic. */
const MAX_SUFFIX = 1 << 20

/** Bar lines as written: `|`, `||`, `|]`, `[|`, `|||` with up to three repeat dots either side (`:|`, `::`, `|||:`). */
const BAR_TOKEN = /^(?:\[\||:{0,3}(?:\|{1,3}|\|\])?):{0,3}$/
/** The longest token BAR_TOKEN admits (`:::|||:::`): a longer one is wrong without reading it again. */
const LONGEST_BAR_TOKEN = 9
const isDigit = (c: string): boolean => c >= '0' && c <= '9'
const isNoteLetter = (c: string): boolean => (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g')
const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
const carryIndex = (letter: string): number =>
  LETTERS.indexOf(letter.toUpperCase()) + (letter >= 'a' ? 7 : 0)

/** ABC 2.1 §4.13: the time q of a tuplet of p notes when `(p` leaves it out. */
function defaultTupletTime(p: number, compound: boolean): number {
  if (p === 2 || p === 4 || p === 8) return 3
  if (p === 3 || p === 6) return 2
  return compound ? 3 : 2
}

export interface TrackerState {
  context: ContextName
  inBody: boolean
  meter: string
  unitLength: string
  key: KeySignature
  /** Length of the bar so far in whole notes, not counting the note still being written. */
  barLength: string
  /** Length of the note still being written (its suffix may grow), or null. */
  pending: string | null
  pickups: string[]
  barsWritten: number
  faults: number
}

export class RhythmTracker {
  // The state, in records that each copy themselves whole (rhythm-state.ts).
  private readonly pos = new Position()
  private readonly setting = new Setting()
  private readonly field = new FieldText()
  private readonly note = new Note()
  private readonly mods = new Modifiers()
  private readonly bar = new OpenBar()
  private readonly carried = new Carried()
  private readonly barLine = new BarLine()
  private readonly tally = new Tally()

  private listener: BarListener | null
  private lastBar: BarRecord | null = null
  private scratch: RhythmTracker | null = null

  constructor(listener: BarListener | null = null) {
    this.listener = listener
  }

  /** A tracker that has read `text` (a prompt: headers and any music so far). */
  static fromPrompt(text: string): RhythmTracker {
    const t = new RhythmTracker()
    t.feed(text)
    return t
  }

  /** Complete bars written so far (a multi-measure rest `Z4` counts 4). */
  get barsWritten(): number {
    // A bar line being read has already ended its bar, even if its kind (`|`, `||`, `|:`) is open.
    if (this.pos.ctx === 'bar-line' && !this.bar.mixedRest && (this.bar.hasMusic || this.bar.multiRest > 0)) {
      return this.tally.written + (this.bar.multiRest > 0 ? this.bar.multiRest : 1)
    }
    return this.tally.written
  }

  /** How many times the text broke the bar rules (the sampler compares before/after). */
  get faults(): number {
    return this.tally.faults
  }

  get state(): TrackerState {
    return {
      context: contextName(this.pos.ctx),
      inBody: this.pos.inBody,
      meter: this.setting.meter.text,
      unitLength: show(this.setting.unit),
      key: this.setting.key,
      barLength: show(this.bar.len),
      pending: this.note.state >= LETTER && !this.note.ignored && !this.note.inChord ? show(this.pendingLength()) : null,
      pickups: this.carried.pickups.toArray().map(show),
      barsWritten: this.barsWritten,
      faults: this.tally.faults,
    }
  }

  /** The lexical context's name (as in `state`), without building the whole state record. */
  get contextName(): ContextName {
    return contextName(this.pos.ctx)
  }

  /**
   * For the form mask, at every character: the bar's length so far including the note still
   * being written, and the meter's bar length (null under a free meter). Not a copy of `state`,
   * which formats every fraction as text.
   */
  barFill(): { length: Frac; meter: Frac | null } {
    const pending = this.note.state >= LETTER && !this.note.ignored && !this.note.inChord ? this.pendingLength() : ZERO
    return { length: add(this.bar.len, pending), meter: this.currentMeter().bar }
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) this.push(text[i])
  }

  /** An independent copy (no listener: clones are for sampling, not checking). */
  clone(): RhythmTracker {
    const t = new RhythmTracker()
    t.copyFrom(this)
    return t
  }

  /** Whether writing `ch` next keeps every bar completable at an allowed length. */
  allows(ch: string): boolean {
    const s = (this.scratch ??= new RhythmTracker())
    s.copyFrom(this)
    s.push(ch)
    return s.tally.faults === this.tally.faults
  }

  /**
   * Whether writing `ch` next stays in the key in force: an accidental (`^ _ =`) is in key when
   * some note can carry it without leaving the key signature; a note letter is in key when its
   * sounding alteration (its own accidental, else one carried from earlier in the bar, else the
   * key's) is the key's. Anything else is in key.
   */
  inKey(ch: string): boolean {
    const inNotes = this.pos.ctx === 'music' || this.pos.ctx === 'bracket' || this.pos.ctx === 'paren' || this.pos.ctx === 'bar-line'
    if (!inNotes) return true
    if (ch === '^' || ch === '_' || ch === '=') {
      if (this.note.state === ACCIDENTAL) return false
      const want = ch === '^' ? '+' : ch === '_' ? '-' : '0'
      return this.setting.key.includes(want)
    }
    if (!isNoteLetter(ch)) return true
    const keyAlt = keyAlteration(this.setting.key, ch)
    if (this.note.state === ACCIDENTAL) return this.note.pendingAcc === keyAlt
    // A bar line being read ends the bar, and with it any carried accidental.
    const carried = this.pos.ctx === 'bar-line' ? '.' : this.bar.carry[carryIndex(ch)]
    return carried === '.' || Number(carried) - 2 === keyAlt
  }

  /** Ends the text: the bar still open, if any, is reported as the tune's last bar. */
  finish(): void {
    this.endLine()
    this.endTune()
  }

  push(ch: string): void {
    if (ch === '\n' || ch === '\r') {
      if (ch === '\r') return
      const blank = this.pos.lineBlank
      this.endLine()
      if (blank && this.pos.inBody) this.endTune()
      this.pos.line++
      this.pos.column = 1
      this.pos.lineBlank = true
      return
    }
    const atLineStart = this.pos.lineBlank && this.pos.column === 1
    if (ch !== ' ' && ch !== '\t') this.pos.lineBlank = false
    if (atLineStart && this.pos.ctx === 'music') this.lineStart(ch)
    else this.step(ch)
    this.pos.column++
  }

  // ---- lines and fields ----

  private lineStart(ch: string): void {
    if (ch === '%') {
      this.commitNote()
      this.pos.ctx = 'comment'
    } else if (isLetter(ch) && (!this.pos.inBody || !(isNoteLetter(ch) || ch === 'z' || ch === 'x'))) {
      // `K:` and friends: only the next character tells a field line from music.
      this.field.deferredLetter = ch
      this.pos.ctx = 'line-start'
    } else {
      this.step(ch)
    }
  }

  /** Newline: fields are applied, unfinished constructs are closed. */
  private endLine(): void {
    switch (this.pos.ctx) {
      case 'field':
        this.applyField(this.field.letter, this.field.text, true)
        break
      case 'line-start':
        this.pos.ctx = 'music'
        this.replayDeferredLetter()
        this.commitNote()
        break
      case 'bar-line':
        this.resolveBarToken()
        break
      case 'tuplet':
        this.endTupletSpec()
        break
      case 'multi-rest':
        this.endMultiRest()
        break
      case 'grace':
        // Grace groups may span lines.
        return
      default:
        this.commitNote()
        // A chord does not span lines.
        if (this.note.inChord) this.closeChord()
    }
    // Only a grace group outlives a line, and none of the cases above starts one.
    this.pos.ctx = 'music'
  }

  /** The line's first letter turned out to be music: read it at its own column. */
  private replayDeferredLetter(): void {
    this.pos.column--
    this.music(this.field.deferredLetter)
    this.pos.column++
  }

  private applyField(letter: string, value: string, wholeLine: boolean): void {
    const v = value.replace(/%.*$/, '').trim()
    if (letter === 'M') {
      const m = parseMeter(v)
      if (m) {
        this.setting.meter = m
        if (!this.setting.unitFixed) {
          this.setting.unit = defaultUnitLength(m)
          this.setting.unitFixed = true
        }
      }
    } else if (letter === 'L') {
      const u = parseUnitLength(v)
      if (u) {
        this.setting.unit = u
        this.setting.unitFixed = true
      }
    } else if (letter === 'V') {
      const id = v.split(/\s+/)[0]
      this.setting.firstVoice ??= id
      this.setting.voiceSkipped = id !== this.setting.firstVoice
    } else if (letter === 'K') {
      this.setting.key = parseKey(v) ?? this.setting.key
      if (!this.pos.inBody && wholeLine) {
        this.pos.inBody = true
        // Voices declared in the header are only declarations: the body starts in the first.
        this.setting.voiceSkipped = false
        if (!this.setting.unitFixed) {
          this.setting.unit = defaultUnitLength(this.setting.meter)
          this.setting.unitFixed = true
        }
      }
    } else if (letter === 'P' && this.pos.inBody) {
      this.sectionBoundary()
    }
  }

  /**
   * A part starts: the previous bar closed a section, the next may be a pickup. A `P:` line in the
   * middle of a bar ("...|BGB B" then "P:C" then "cd|") does not end it: the new part's pickup
   * completes the bar, as abcjs reads it too.
   */
  private sectionBoundary(): void {
    if (this.bar.hasMusic || this.bar.multiRest > 0) return
    this.carried.pickupEligible = true
    if (this.lastBar) this.lastBar.followedByBoundary = true
  }

  private endTune(): void {
    // Nothing left open (a grace group, a chord) carries over a blank line into the next tune.
    this.pos.ctx = 'music'
    if (this.note.inChord) this.closeChord()
    this.commitNote()
    if (this.bar.hasMusic || this.bar.multiRest > 0) {
      // A tune may end without a final bar line, but not in the middle of a bar.
      const verdict = this.samplerVerdict()
      if (verdict === 'wrong' || verdict === 'needs-pickup') this.fault()
      this.finishBar('', true)
    } else if (this.carried.owedPickup !== null) {
      // The last bar was short, and no pickup came to make up for it.
      this.fault()
    }
    this.carried.owedPickup = null
    if (this.lastBar) this.lastBar.followedByBoundary = true
    this.lastBar = null
  }

  // ---- the character dispatcher ----

  private step(ch: string): void {
    switch (this.pos.ctx) {
      case 'music':
        return this.music(ch)
      case 'field':
        this.field.text += ch
        return
      case 'comment':
        return
      case 'quote':
        if (ch === '"') this.pos.ctx = 'music'
        return
      case 'decoration-bang':
      case 'decoration-plus':
        return this.decoration(ch)
      case 'grace':
        if (ch === '}') this.pos.ctx = 'music'
        return
      case 'inline-field':
        return this.inlineField(ch)
      case 'line-start':
        return this.lineStartLetter(ch)
      case 'bracket':
        return this.bracket(ch)
      case 'inline-field-letter':
        return this.inlineFieldLetter(ch)
      case 'bar-line':
        return this.barLineChar(ch)
      case 'ending':
        return this.endingChar(ch)
      case 'paren':
        return this.paren(ch)
      case 'tuplet':
        return this.tupletChar(ch)
      case 'multi-rest':
        return this.multiRestDigit(ch)
    }
  }

  /** The construct being read ended before `ch`: `ch` is music. */
  private asMusic(ch: string): void {
    this.pos.ctx = 'music'
    this.music(ch)
  }

  private decoration(ch: string): void {
    if (ch === (this.pos.ctx === 'decoration-bang' ? '!' : '+')) {
      this.pos.ctx = 'music'
      return
    }
    // Decoration names have no spaces or bar lines: this was a stray `!` (old-style line break) or `+`.
    if (ch === ' ' || ch === '|') this.asMusic(ch)
  }

  private inlineField(ch: string): void {
    if (ch === ']') {
      this.pos.ctx = 'music'
      this.applyField(this.field.letter, this.field.text, false)
    } else this.field.text += ch
  }

  /** The character after a line's first letter: a colon makes the line a field line. */
  private lineStartLetter(ch: string): void {
    if (ch === ':') {
      this.commitNote()
      this.field.letter = this.field.deferredLetter
      this.field.text = ''
      this.pos.ctx = 'field'
      return
    }
    this.pos.ctx = 'music'
    this.replayDeferredLetter()
    this.step(ch)
  }

  private inlineFieldLetter(ch: string): void {
    if (ch === ':') {
      this.field.text = ''
      this.pos.ctx = 'inline-field'
      return
    }
    this.asMusic(ch)
  }

  // ---- bar lines, endings, tuplets and multi-measure rests, one character at a time ----

  private barLineChar(ch: string): void {
    if (ch === '|' || ch === ':' || (ch === ']' && this.barLine.last === '|')) {
      this.barLine.token += ch
      this.barLine.last = ch
      // Testing the whole token at each character made a run of `|:` quadratic in its length.
      if (this.barLine.token.length > LONGEST_BAR_TOKEN || !BAR_TOKEN.test(this.barLine.token)) this.fault()
      return
    }
    this.resolveBarToken()
    if (isDigit(ch)) this.startEnding()
    else this.asMusic(ch)
  }

  /** `[1`, `|2`, `[1,3`, `[1-2`: one digit at a time. */
  private endingChar(ch: string): void {
    if (isDigit(ch)) {
      if (this.barLine.endingAfterDigit) this.fault()
      this.barLine.endingAfterDigit = true
    } else if (ch === ',' || ch === '-') {
      this.barLine.endingAfterDigit = false
    } else this.asMusic(ch)
  }

  /** After `(`: a digit starts a tuplet, anything else was a slur. */
  private paren(ch: string): void {
    if (!isDigit(ch)) return this.asMusic(ch)
    const m = this.mods
    m.tupP = Number(ch)
    m.tupQ = 0
    m.tupR = 0
    m.tupField = 0
    this.pos.ctx = 'tuplet'
  }

  /** `(p:q:r`: digits go to p, q or r; the first other character ends the specification. */
  private tupletChar(ch: string): void {
    const m = this.mods
    if (isDigit(ch)) {
      const d = Number(ch)
      if (m.tupField === 0) m.tupP = Math.min(m.tupP * 10 + d, 99)
      else if (m.tupField === 1) m.tupQ = Math.min(m.tupQ * 10 + d, 99)
      else m.tupR = Math.min(m.tupR * 10 + d, 99)
    } else if (ch === ':' && m.tupField < 2) {
      m.tupField++
    } else {
      this.endTupletSpec()
      this.asMusic(ch)
    }
  }

  private multiRestDigit(ch: string): void {
    if (isDigit(ch)) {
      this.note.multiRestCount = Math.min(this.note.multiRestCount * 10 + Number(ch), 10_000)
      return
    }
    this.endMultiRest()
    this.asMusic(ch)
  }

  private music(ch: string): void {
    if (this.setting.voiceSkipped) {
      // Another voice's music: only an inline `[V:...]` matters.
      if (ch === '[') this.pos.ctx = 'bracket'
      return
    }
    // The length suffix of the note being written.
    if (this.note.state >= LETTER) {
      if (isDigit(ch)) return this.suffixDigit(Number(ch))
      if (ch === '/') return this.suffixSlash()
      if ((ch === "'" || ch === ',') && this.note.state === LETTER) return
    }
    if (isNoteLetter(ch) || ch === 'z' || ch === 'x') return this.noteLetter(ch)
    // A length with no note before it ("A 2", "|2" is an ending and handled apart) is not ABC.
    if (isDigit(ch)) {
      this.commitNote()
      this.fault()
      return
    }
    if (ch === '^' || ch === '_' || ch === '=') return this.accidental(ch)
    if (ch !== ' ' && ch !== '\t' && ch !== '\\' && this.bar.startLine === 0) this.markBarStart()
    this.commitNote()
    switch (ch) {
      case '|':
      case ':':
        // An unclosed chord ends at the bar line.
        if (this.note.inChord) this.closeChord()
        return this.startBarToken(ch, this.pos.line, this.pos.column)
      case '[':
        this.pos.ctx = 'bracket'
        this.barLine.line = this.pos.line
        this.barLine.column = this.pos.column
        return
      case ']':
        if (this.note.inChord) this.endChord()
        return
      case '"':
        this.pos.ctx = 'quote'
        return
      case '!':
        this.pos.ctx = 'decoration-bang'
        return
      case '+':
        this.pos.ctx = 'decoration-plus'
        return
      case '{':
        this.pos.ctx = 'grace'
        return
      case '(':
        this.pos.ctx = 'paren'
        return
      case '%':
        this.pos.ctx = 'comment'
        return
      case '>':
      case '<':
        return this.brokenRhythm(ch === '>' ? 1 : -1)
      case 'Z':
      case 'X':
        return this.startMultiRest()
      default:
      // Spaces, ties, slurs' ends, `\`, decorations (`~ . H-Y u v`), spacers `y`: no length.
    }
  }

  private bracket(ch: string): void {
    if (this.setting.voiceSkipped) {
      this.pos.ctx = isLetter(ch) ? 'inline-field-letter' : 'music'
      if (isLetter(ch)) this.field.letter = ch
      return
    }
    if (ch === '|') {
      this.pos.ctx = 'bar-line'
      this.startBarToken('[|', this.barLine.line, this.barLine.column)
      return
    }
    if (isDigit(ch)) {
      this.startEnding()
      return
    }
    if (isNoteLetter(ch) || ch === '^' || ch === '_' || ch === '=' || ch === 'z' || ch === 'x') {
      this.note.inChord = true
      this.note.chordHasFirst = false
      this.pos.ctx = 'music'
      return this.music(ch)
    }
    if (isLetter(ch)) {
      this.field.letter = ch
      this.pos.ctx = 'inline-field-letter'
      return
    }
    this.pos.ctx = 'music'
    this.music(ch)
  }

  // ---- notes ----

  private markBarStart(): void {
    this.bar.startLine = this.pos.line
    this.bar.startColumn = this.pos.column
  }

  /** A note or rest begins (at its accidental or its letter). */
  private beginNote(): void {
    this.commitNote()
    if (this.bar.startLine === 0) this.markBarStart()
    if (this.note.inChord && this.note.chordHasFirst) {
      this.note.ignored = true
      return
    }
    this.note.ignored = false
    // Music outside the endings: no later ending can share a bar's start any more.
    if (!this.bar.hasMusic && !this.bar.startsWithEnding) this.carried.endingShared = null
    if (!this.bar.hasMusic && this.bar.multiRest === 0) this.bar.meter = this.setting.meter
    this.bar.hasMusic = true
    if (this.bar.multiRest > 0) this.bar.mixedRest = true
    const cap = this.capacity()
    if (cap && cmp(this.bar.len, cap) >= 0) this.fault()
    let base = this.setting.unit
    if (this.mods.tupletLeft > 0) {
      base = mul(base, this.mods.tupletFactor)
      this.mods.tupletLeft--
    }
    if (this.mods.brokenCount > 0) {
      // The note after `>` is shortened by what the one before gained, and vice versa.
      const half = frac(1, 1 << this.mods.brokenCount)
      base = mul(base, this.mods.brokenDir > 0 ? half : sub(frac(2), half))
      this.mods.brokenCount = 0
      this.mods.brokenDir = 0
    }
    this.note.base = base
  }

  private accidental(ch: string): void {
    const alt = ch === '^' ? 1 : ch === '_' ? -1 : 0
    if (this.note.state === ACCIDENTAL) {
      if (this.note.pendingAcc !== NO_ACCIDENTAL && alt !== 0) this.note.pendingAcc = Math.max(-2, Math.min(2, this.note.pendingAcc + alt))
      return
    }
    this.beginNote()
    this.note.state = ACCIDENTAL
    this.note.pendingAcc = alt
  }

  private noteLetter(ch: string): void {
    if (this.note.state !== ACCIDENTAL) {
      this.beginNote()
      this.note.pendingAcc = NO_ACCIDENTAL
    }
    if (this.note.pendingAcc !== NO_ACCIDENTAL && ch !== 'z' && ch !== 'x') {
      const i = carryIndex(ch)
      this.bar.carry = this.bar.carry.slice(0, i) + String(this.note.pendingAcc + 2) + this.bar.carry.slice(i + 1)
    }
    this.note.pendingAcc = NO_ACCIDENTAL
    this.note.state = LETTER
    this.note.sufNum = 0
    this.note.denPrefix = 1
    this.note.denDigits = 0
  }

  private suffixDigit(d: number): void {
    if (this.note.state === LETTER || this.note.state === NUMERATOR) {
      this.note.sufNum = this.note.sufNum * 10 + d
      this.note.state = NUMERATOR
      if (this.note.sufNum > MAX_SUFFIX) {
        this.note.sufNum = MAX_SUFFIX
        this.bar.unmeasurable = true
      }
      // A numerator only grows the note, so one that overflows the bar is refused. Except the
      // dotted figures `A3/2`, `A3/4`, `A5/4` (odd numerators, 13 Nottingham tunes write them where
      // the numerator alone overflows): those may overflow for now if a denominator up to 4 brings
      // them back, and then only `/` can follow. `A2` or `A22` must fit as written.
      const cap = this.capacity()
      if (!this.note.ignored && !this.note.inChord && cap) {
        const len = this.note.sufNum % 2 === 1 ? mul(this.pendingLength(), QUARTER) : this.pendingLength()
        if (cmp(add(this.bar.len, len), cap) > 0) this.fault()
      }
      return
    }
    this.note.denDigits = this.note.denDigits * 10 + d
    this.note.state = DENOMINATOR
    if (this.note.denDigits > MAX_SUFFIX) {
      this.note.denDigits = MAX_SUFFIX
      this.bar.unmeasurable = true
    }
  }

  private suffixSlash(): void {
    if (this.note.state === SLASH) this.note.denPrefix *= 2
    else if (this.note.state === DENOMINATOR) this.note.denPrefix *= Math.max(1, this.note.denDigits)
    this.note.denDigits = 0
    this.note.state = SLASH
    if (this.note.denPrefix > MAX_SUFFIX) {
      this.note.denPrefix = MAX_SUFFIX
      this.bar.unmeasurable = true
    }
  }

  private pendingLength(): Frac {
    const num = this.note.sufNum === 0 ? 1 : this.note.sufNum
    let den = this.note.denPrefix
    if (this.note.state === SLASH) den *= 2
    else if (this.note.state === DENOMINATOR) den *= Math.max(1, this.note.denDigits)
    return mul(this.note.base, frac(num, den))
  }

  /** The note being written is complete: add it to the bar (or to its chord). */
  private commitNote(): void {
    const state = this.note.state
    if (state === NO_NOTE) return
    const len = state === ACCIDENTAL || this.note.ignored ? ZERO : this.pendingLength()
    this.note.state = NO_NOTE
    this.note.pendingAcc = NO_ACCIDENTAL
    if (state === ACCIDENTAL || this.note.ignored) return
    if (this.note.inChord) {
      this.note.chordLen = len
      this.note.chordHasFirst = true
      return
    }
    this.addToBar(len)
    this.mods.lastNoteLen = len
  }

  private addToBar(len: Frac): void {
    this.bar.len = add(this.bar.len, len)
    if (!exact(this.bar.len)) {
      this.bar.unmeasurable = true
      this.bar.len = ZERO
    }
    const cap = this.capacity()
    if (cap && cmp(this.bar.len, cap) > 0) this.fault()
  }

  /** The most this bar may hold: the meter, or what a section's closing bar left for its pickup. */
  private capacity(): Frac | null {
    return this.carried.owedPickup !== null && !this.bar.startsWithEnding ? this.carried.owedPickup : this.currentMeter().bar
  }

  private currentMeter(): Meter {
    return this.bar.meter ?? this.setting.meter
  }

  private endChord(): void {
    this.note.inChord = false
    if (!this.note.chordHasFirst) return
    // The chord becomes one note of its first note's length; a suffix after `]` multiplies it.
    this.note.base = this.note.chordLen
    this.note.ignored = false
    this.note.state = LETTER
    this.note.sufNum = 0
    this.note.denPrefix = 1
    this.note.denDigits = 0
  }

  /** Ends a chord left open and adds it to the bar. */
  private closeChord(): void {
    this.commitNote()
    this.endChord()
    this.commitNote()
  }

  private brokenRhythm(dir: number): void {
    if (this.mods.lastNoteLen === null || (this.mods.brokenDir !== 0 && this.mods.brokenDir !== dir) || this.mods.brokenCount >= 3) return
    const before = this.mods.brokenCount === 0 ? ONE : this.previousFactor(dir, this.mods.brokenCount)
    this.mods.brokenDir = dir
    this.mods.brokenCount++
    const delta = mul(this.mods.lastNoteLen, sub(this.previousFactor(dir, this.mods.brokenCount), before))
    this.addToBar(delta)
  }

  /** `>` ×k makes the note before it 2 - 1/2^k times as long; `<` ×k makes it 1/2^k. */
  private previousFactor(dir: number, k: number): Frac {
    const half = frac(1, 1 << k)
    return dir > 0 ? sub(frac(2), half) : half
  }

  private endTupletSpec(): void {
    const p = this.mods.tupP
    if (p < 2) return
    const q = this.mods.tupQ || defaultTupletTime(p, this.setting.meter.compound)
    this.mods.tupletFactor = frac(q, p)
    this.mods.tupletLeft = this.mods.tupR || p
  }

  private startMultiRest(): void {
    this.bar.meter ??= this.setting.meter
    if (this.bar.hasMusic) {
      this.bar.mixedRest = true
      this.fault()
    }
    this.note.multiRestCount = 0
    this.pos.ctx = 'multi-rest'
  }

  private endMultiRest(): void {
    this.bar.multiRest += this.note.multiRestCount || 1
  }

  // ---- bar lines ----

  private startBarToken(token: string, line: number, column: number): void {
    this.pos.ctx = 'bar-line'
    this.barLine.token = token
    this.barLine.last = token[token.length - 1] ?? ''
    this.barLine.line = line
    this.barLine.column = column
    this.barLine.needsClosing = false
    this.mods.brokenCount = 0
    this.mods.brokenDir = 0
    const verdict = this.samplerVerdict()
    const meter = this.currentMeter().bar
    this.barLine.owes = verdict === 'needs-pickup' && meter ? sub(meter, this.bar.len) : null
    if (verdict === 'wrong') this.fault()
    else if ((verdict === 'needs-closing' || verdict === 'needs-pickup') && !isSectionBoundary(token) && token !== ':') {
      this.barLine.needsClosing = true
    }
  }

  private verdict(): BarVerdict {
    const meter = this.currentMeter().bar
    if (!meter || this.bar.unmeasurable) return 'ok'
    if (this.bar.multiRest > 0) return this.bar.mixedRest || this.carried.owedPickup ? 'wrong' : 'ok'
    if (this.carried.owedPickup !== null && !this.bar.startsWithEnding && this.bar.len.n > 0) {
      return eq(this.bar.len, this.carried.owedPickup) ? 'ok' : 'wrong'
    }
    return barVerdict(this.bar.len, meter, { pickupEligible: this.carried.pickupEligible && !this.bar.startsWithEnding, pickups: this.carried.pickups })
  }

  /**
   * The verdict while writing, when the future is unknown. A short bar that pairs with no pickup
   * written so far could still close a section whose next pickup makes up the rest, but allowing
   * that at every bar line would let the sampler end any short bar with `||`. It is allowed only
   * for a bar that starts with an ending (`[2 ... ||` then the next part's pickup, the form the
   * Nottingham tunes use); the checker, which sees the whole tune, accepts any pairing.
   */
  private samplerVerdict(): BarVerdict {
    const verdict = this.verdict()
    return verdict === 'needs-pickup' && !this.bar.startsWithEnding ? 'wrong' : verdict
  }

  private resolveBarToken(): void {
    const token = this.barLine.token
    const boundary = isSectionBoundary(token)
    // A short bar that pairs with a pickup closes a section: it needs a bar line that says so
    // (`||`, `:|`, `|]`...). The checker also accepts a plain `|` followed by a `P:` line, but
    // while writing that would leave the sampler nothing but a `P:` line to write next.
    if (this.barLine.needsClosing && !boundary) this.fault()
    // `| |` or `|2|`: a bar with nothing in it between plain bar lines on one line is not ABC
    // anyone writes (a line that ends and starts with `|` is).
    if (!this.bar.hasMusic && this.bar.multiRest === 0 && !boundary && this.carried.opening !== '' &&
      !isSectionBoundary(this.carried.opening) && this.carried.openingLine === this.barLine.line) {
      this.fault()
    }
    this.barLine.needsClosing = false
    this.finishBar(token, boundary)
    this.carried.opening = token
    this.carried.openingLine = this.barLine.line
    this.pos.ctx = 'music'
  }

  /** Closes the current bar (ended by `token`, '' at the tune's end) and starts the next. */
  private finishBar(token: string, boundary: boolean): void {
    const hasContent = this.bar.hasMusic || this.bar.multiRest > 0
    if (hasContent) {
      this.tally.barIndex++
      const record: BarRecord = {
        index: this.tally.barIndex,
        length: this.bar.len,
        meter: this.currentMeter(),
        startLine: this.bar.startLine || this.barLine.line,
        startColumn: this.bar.startColumn || this.barLine.column,
        endLine: token ? this.barLine.line : this.pos.line,
        endColumn: token ? this.barLine.column : this.pos.column,
        endColumnExclusive: token ? this.barLine.column + token.length : this.pos.column,
        opening: this.carried.opening,
        closing: token,
        pickupEligible: this.carried.pickupEligible && !this.bar.startsWithEnding,
        startsWithEnding: this.bar.startsWithEnding,
        multiRest: this.bar.mixedRest ? 0 : this.bar.multiRest,
        mixedRest: this.bar.mixedRest,
        unmeasurable: this.bar.unmeasurable,
        followedByBoundary: false,
        verdict: this.verdict(),
      }
      const bar = record.meter.bar
      if (record.pickupEligible && bar && !record.unmeasurable && record.multiRest === 0 &&
        this.bar.len.n > 0 && cmp(this.bar.len, bar) < 0) {
        this.carried.pickups = this.carried.pickups.add(this.bar.len)
      }
      this.tally.written += record.multiRest > 0 ? record.multiRest : 1
      this.lastBar = record
      this.listener?.(record)
      this.carried.pickupEligible = boundary
      // A debt is paid (or forgiven, by an ending) by the next bar; this bar may leave a new one.
      this.carried.owedPickup = this.barLine.owes
    } else if (boundary) {
      this.carried.pickupEligible = true
    }
    this.bar.copyFrom(EMPTY_BAR)
    this.barLine.owes = null
    this.mods.lastNoteLen = null
    this.mods.brokenCount = 0
    this.mods.brokenDir = 0
  }

  /**
   * An ending marker. Usually it starts a bar (`|[1`, `:|2`). Written mid-bar (`BAG [1 A3:|[2 AAB||`)
   * it splits the bar: the notes before it are shared by every ending, so the bar goes on into the
   * first ending and each later ending starts with that shared part already counted. (abcjs
   * instead draws a bar line at such a `[1`, making three short bars.)
   */
  private startEnding(): void {
    this.barLine.endingAfterDigit = true
    if (this.bar.hasMusic) {
      this.carried.endingShared = this.bar.len
    } else {
      if (this.carried.endingShared !== null) this.bar.len = this.carried.endingShared
      this.bar.startsWithEnding = true
      if (this.bar.startLine === 0) {
        this.bar.startLine = this.barLine.line
        this.bar.startColumn = this.barLine.column
      }
    }
    this.pos.ctx = 'ending'
  }

  private fault(): void {
    this.tally.faults++
  }

  /** Copies every record whole (rhythm-state.ts). */
  private copyFrom(o: RhythmTracker): void {
    this.pos.copyFrom(o.pos)
    this.setting.copyFrom(o.setting)
    this.field.copyFrom(o.field)
    this.note.copyFrom(o.note)
    this.mods.copyFrom(o.mods)
    this.bar.copyFrom(o.bar)
    this.carried.copyFrom(o.carried)
    this.barLine.copyFrom(o.barLine)
    this.tally.copyFrom(o.tally)
    // Copies never report bars nor mark the original's records.
    this.listener = null
    this.lastBar = null
  }
}

/** Every finished bar of a tune, as the checker and the form analysis read them. */
export function barRecords(tuneText: string): BarRecord[] {
  const records: BarRecord[] = []
  const tracker = new RhythmTracker((bar) => records.push(bar))
  tracker.feed(tuneText)
  tracker.finish()
  return records
}
