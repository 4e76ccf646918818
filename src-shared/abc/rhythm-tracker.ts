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
import { barVerdict, isSectionBoundary, PickupSet, type BarVerdict } from './bar-rules'
import { C_MAJOR, keyAlteration, LETTERS, parseKey, type KeySignature } from './key'
import { defaultUnitLength, FREE_METER, parseMeter, parseUnitLength, type Meter } from './meter'
import { add, cmp, eq, exact, frac, mul, ONE, show, sub, ZERO, type Frac } from './rational'

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

// Lexical contexts.
const MUSIC = 0
const FIELD_LINE = 1
const COMMENT = 2
const QUOTE = 3
const DECO_BANG = 4
const DECO_PLUS = 5
const GRACE = 6
const INLINE_FIELD = 7
const BRACKET = 8
const INLINE_FIELD_LETTER = 9
const BAR = 10
const ENDING = 11
const TUPLET = 12
const LINE_START_LETTER = 13
const PAREN = 14
const MULTI_REST = 15
const CONTEXT_NAMES = ['music', 'field', 'comment', 'quote', 'decoration', 'decoration', 'grace', 'inline-field',
  'bracket', 'inline-field', 'bar-line', 'ending', 'tuplet', 'line-start', 'paren', 'multi-rest']

// States of the note being written.
const NO_NOTE = 0
const ACCIDENTAL = 1
const LETTER = 2
const NUMERATOR = 3
const SLASH = 4
const DENOMINATOR = 5

const NO_ACCIDENTAL = 9
const QUARTER = frac(1, 4)
/** Bar-carried accidentals per note letter, C..B then c..b; '.' = none, else alteration + 2 as a digit. */
const NO_CARRY = '..............'
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
  context: string
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
  // Where the next character goes (1-based).
  private line = 1
  private column = 1
  private lineBlank = true
  private ctx = MUSIC
  private inBody = false

  private meter: Meter = FREE_METER
  private unit: Frac = frac(1, 8)
  /** Set once an `L:` was read or the first `M:` decided the default (as abcjs does). */
  private unitFixed = false
  private key: KeySignature = C_MAJOR
  /** Multi-voice tunes: only the first voice named is measured; the others are skipped. */
  private firstVoice: string | null = null
  private voiceSkipped = false

  // Field lines and inline fields.
  private fieldLetter = ''
  private fieldText = ''
  private deferredLetter = ''

  // The note being written.
  private noteState = NO_NOTE
  private noteIgnored = false
  private noteBase: Frac = ZERO
  private sufNum = 0
  private denPrefix = 1
  private denDigits = 0
  private pendingAcc = NO_ACCIDENTAL
  private inChord = false
  private chordHasFirst = false
  private chordLen: Frac = ZERO
  private multiRestCount = 0

  // Rhythm modifiers.
  private tupletLeft = 0
  private tupletFactor: Frac = ONE
  private tupP = 0
  private tupQ = 0
  private tupR = 0
  private tupField = 0
  private lastNoteLen: Frac | null = null
  private brokenDir = 0
  private brokenCount = 0

  // The current bar.
  private barLen: Frac = ZERO
  /** The meter in force when the bar's first note came (a meter change between bars applies to the next). */
  private barMeter: Meter | null = null
  private barHasMusic = false
  private barStartLine = 0
  private barStartColumn = 0
  private barOpening = ''
  private openingLine = 0
  private barMultiRest = 0
  private barMixedRest = false
  private barUnmeasurable = false
  private barStartsWithEnding = false
  private pickupEligible = true
  private barCarry = NO_CARRY
  private pickups = PickupSet.empty()

  // The bar line being read.
  private barToken = ''
  /** The bar token's last character, kept apart so a long run of `|:` is not re-read at each step. */
  private barTokenLast = ''
  private barTokenLine = 0
  private barTokenColumn = 0
  private barNeedsClosing = false
  /** A short closing bar waits for the next section's pickup to make up this length. */
  private owedPickup: Frac | null = null
  private barOwes: Frac | null = null
  /** Length of a bar's part before a mid-bar ending, shared by the later endings. */
  private endingShared: Frac | null = null
  private endingAfterDigit = false

  private barIndex = 0
  private written = 0
  private faultCount = 0

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
    if (this.ctx === BAR && !this.barMixedRest && (this.barHasMusic || this.barMultiRest > 0)) {
      return this.written + (this.barMultiRest > 0 ? this.barMultiRest : 1)
    }
    return this.written
  }

  /** How many times the text broke the bar rules (the sampler compares before/after). */
  get faults(): number {
    return this.faultCount
  }

  get state(): TrackerState {
    return {
      context: CONTEXT_NAMES[this.ctx],
      inBody: this.inBody,
      meter: this.meter.text,
      unitLength: show(this.unit),
      key: this.key,
      barLength: show(this.barLen),
      pending: this.noteState >= LETTER && !this.noteIgnored && !this.inChord ? show(this.pendingLength()) : null,
      pickups: this.pickups.toArray().map(show),
      barsWritten: this.barsWritten,
      faults: this.faultCount,
    }
  }

  /** The lexical context's name (as in `state`), without building the whole state record. */
  get contextName(): string {
    return CONTEXT_NAMES[this.ctx]
  }

  /**
   * For the form mask, at every character: the bar's length so far including the note still
   * being written, and the meter's bar length (null under a free meter). Not a copy of `state`,
   * which formats every fraction as text.
   */
  barFill(): { length: Frac; meter: Frac | null } {
    const pending = this.noteState >= LETTER && !this.noteIgnored && !this.inChord ? this.pendingLength() : ZERO
    return { length: add(this.barLen, pending), meter: this.currentMeter().bar }
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
    return s.faultCount === this.faultCount
  }

  /**
   * Whether writing `ch` next stays in the key in force: an accidental (`^ _ =`) is in key when
   * some note can carry it without leaving the key signature; a note letter is in key when its
   * sounding alteration (its own accidental, else one carried from earlier in the bar, else the
   * key's) is the key's. Anything else is in key.
   */
  inKey(ch: string): boolean {
    const inNotes = this.ctx === MUSIC || this.ctx === BRACKET || this.ctx === PAREN || this.ctx === BAR
    if (!inNotes) return true
    if (ch === '^' || ch === '_' || ch === '=') {
      if (this.noteState === ACCIDENTAL) return false
      const want = ch === '^' ? '+' : ch === '_' ? '-' : '0'
      return this.key.includes(want)
    }
    if (!isNoteLetter(ch)) return true
    const keyAlt = keyAlteration(this.key, ch)
    if (this.noteState === ACCIDENTAL) return this.pendingAcc === keyAlt
    // A bar line being read ends the bar, and with it any carried accidental.
    const carried = this.ctx === BAR ? '.' : this.barCarry[carryIndex(ch)]
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
      const blank = this.lineBlank
      this.endLine()
      if (blank && this.inBody) this.endTune()
      this.line++
      this.column = 1
      this.lineBlank = true
      return
    }
    const atLineStart = this.lineBlank && this.column === 1
    if (ch !== ' ' && ch !== '\t') this.lineBlank = false
    if (atLineStart && this.ctx === MUSIC) this.lineStart(ch)
    else this.step(ch)
    this.column++
  }

  // ---- lines and fields ----

  private lineStart(ch: string): void {
    if (ch === '%') {
      this.commitNote()
      this.ctx = COMMENT
    } else if (isLetter(ch) && (!this.inBody || !(isNoteLetter(ch) || ch === 'z' || ch === 'x'))) {
      // `K:` and friends: only the next character tells a field line from music.
      this.deferredLetter = ch
      this.ctx = LINE_START_LETTER
    } else {
      this.step(ch)
    }
  }

  /** Newline: fields are applied, unfinished constructs are closed. */
  private endLine(): void {
    switch (this.ctx) {
      case FIELD_LINE:
        this.applyField(this.fieldLetter, this.fieldText, true)
        break
      case LINE_START_LETTER:
        this.ctx = MUSIC
        this.replayDeferredLetter()
        this.commitNote()
        break
      case BAR:
        this.resolveBarToken()
        break
      case TUPLET:
        this.endTupletSpec()
        break
      case MULTI_REST:
        this.endMultiRest()
        break
      case GRACE:
        // Grace groups may span lines.
        return
      default:
        this.commitNote()
        // A chord does not span lines.
        if (this.inChord) this.closeChord()
    }
    if (this.ctx !== GRACE) this.ctx = MUSIC
  }

  /** The line's first letter turned out to be music: read it at its own column. */
  private replayDeferredLetter(): void {
    this.column--
    this.music(this.deferredLetter)
    this.column++
  }

  private applyField(letter: string, value: string, wholeLine: boolean): void {
    const v = value.replace(/%.*$/, '').trim()
    if (letter === 'M') {
      const m = parseMeter(v)
      if (m) {
        this.meter = m
        if (!this.unitFixed) {
          this.unit = defaultUnitLength(m)
          this.unitFixed = true
        }
      }
    } else if (letter === 'L') {
      const u = parseUnitLength(v)
      if (u) {
        this.unit = u
        this.unitFixed = true
      }
    } else if (letter === 'V') {
      const id = v.split(/\s+/)[0]
      this.firstVoice ??= id
      this.voiceSkipped = id !== this.firstVoice
    } else if (letter === 'K') {
      this.key = parseKey(v) ?? this.key
      if (!this.inBody && wholeLine) {
        this.inBody = true
        // Voices declared in the header are only declarations: the body starts in the first.
        this.voiceSkipped = false
        if (!this.unitFixed) {
          this.unit = defaultUnitLength(this.meter)
          this.unitFixed = true
        }
      }
    } else if (letter === 'P' && this.inBody) {
      this.sectionBoundary()
    }
  }

  /**
   * A part starts: the previous bar closed a section, the next may be a pickup. A `P:` line in the
   * middle of a bar ("...|BGB B" then "P:C" then "cd|") does not end it: the new part's pickup
   * completes the bar, as abcjs reads it too.
   */
  private sectionBoundary(): void {
    if (this.barHasMusic || this.barMultiRest > 0) return
    this.pickupEligible = true
    if (this.lastBar) this.lastBar.followedByBoundary = true
  }

  private endTune(): void {
    // Nothing left open (a grace group, a chord) carries over a blank line into the next tune.
    this.ctx = MUSIC
    if (this.inChord) this.closeChord()
    this.commitNote()
    if (this.barHasMusic || this.barMultiRest > 0) {
      // A tune may end without a final bar line, but not in the middle of a bar.
      const verdict = this.samplerVerdict()
      if (verdict === 'wrong' || verdict === 'needs-pickup') this.fault()
      this.finishBar('', true)
    } else if (this.owedPickup !== null) {
      // The last bar was short, and no pickup came to make up for it.
      this.fault()
    }
    this.owedPickup = null
    if (this.lastBar) this.lastBar.followedByBoundary = true
    this.lastBar = null
  }

  // ---- the character dispatcher ----

  private step(ch: string): void {
    switch (this.ctx) {
      case MUSIC:
        return this.music(ch)
      case FIELD_LINE:
        this.fieldText += ch
        return
      case COMMENT:
        return
      case QUOTE:
        if (ch === '"') this.ctx = MUSIC
        return
      case DECO_BANG:
      case DECO_PLUS:
        if (ch === (this.ctx === DECO_BANG ? '!' : '+')) {
          this.ctx = MUSIC
          return
        }
        // Decoration names have no spaces or bar lines: this was a stray `!` (old-style line break) or `+`.
        if (ch === ' ' || ch === '|') {
          this.ctx = MUSIC
          return this.step(ch)
        }
        return
      case GRACE:
        if (ch === '}') this.ctx = MUSIC
        return
      case INLINE_FIELD:
        if (ch === ']') {
          this.ctx = MUSIC
          this.applyField(this.fieldLetter, this.fieldText, false)
        } else this.fieldText += ch
        return
      case LINE_START_LETTER:
        if (ch === ':') {
          this.commitNote()
          this.fieldLetter = this.deferredLetter
          this.fieldText = ''
          this.ctx = FIELD_LINE
          return
        }
        this.ctx = MUSIC
        this.replayDeferredLetter()
        return this.step(ch)
      case BRACKET:
        return this.bracket(ch)
      case INLINE_FIELD_LETTER:
        if (ch === ':') {
          this.fieldText = ''
          this.ctx = INLINE_FIELD
          return
        }
        this.ctx = MUSIC
        return this.step(ch)
      case BAR:
        if (ch === '|' || ch === ':' || (ch === ']' && this.barTokenLast === '|')) {
          this.barToken += ch
          this.barTokenLast = ch
          // Testing the whole token at each character made a run of `|:` quadratic in its length.
          if (this.barToken.length > LONGEST_BAR_TOKEN || !BAR_TOKEN.test(this.barToken)) this.fault()
          return
        }
        this.resolveBarToken()
        if (isDigit(ch)) {
          this.startEnding()
          return
        }
        this.ctx = MUSIC
        return this.step(ch)
      case ENDING:
        // `[1`, `|2`, `[1,3`, `[1-2`: one digit at a time.
        if (isDigit(ch)) {
          if (this.endingAfterDigit) this.fault()
          this.endingAfterDigit = true
          return
        }
        if (ch === ',' || ch === '-') {
          this.endingAfterDigit = false
          return
        }
        this.ctx = MUSIC
        return this.step(ch)
      case PAREN:
        if (isDigit(ch)) {
          this.tupP = Number(ch)
          this.tupQ = 0
          this.tupR = 0
          this.tupField = 0
          this.ctx = TUPLET
          return
        }
        this.ctx = MUSIC
        return this.step(ch)
      case TUPLET:
        if (isDigit(ch)) {
          const d = Number(ch)
          if (this.tupField === 0) this.tupP = Math.min(this.tupP * 10 + d, 99)
          else if (this.tupField === 1) this.tupQ = Math.min(this.tupQ * 10 + d, 99)
          else this.tupR = Math.min(this.tupR * 10 + d, 99)
          return
        }
        if (ch === ':' && this.tupField < 2) {
          this.tupField++
          return
        }
        this.endTupletSpec()
        this.ctx = MUSIC
        return this.step(ch)
      case MULTI_REST:
        if (isDigit(ch)) {
          this.multiRestCount = Math.min(this.multiRestCount * 10 + Number(ch), 10_000)
          return
        }
        this.endMultiRest()
        this.ctx = MUSIC
        return this.step(ch)
    }
  }

  private music(ch: string): void {
    if (this.voiceSkipped) {
      // Another voice's music: only an inline `[V:...]` matters.
      if (ch === '[') this.ctx = BRACKET
      return
    }
    // The length suffix of the note being written.
    if (this.noteState >= LETTER) {
      if (isDigit(ch)) return this.suffixDigit(Number(ch))
      if (ch === '/') return this.suffixSlash()
      if ((ch === "'" || ch === ',') && this.noteState === LETTER) return
    }
    if (isNoteLetter(ch) || ch === 'z' || ch === 'x') return this.noteLetter(ch)
    // A length with no note before it ("A 2", "|2" is an ending and handled apart) is not ABC.
    if (isDigit(ch)) {
      this.commitNote()
      this.fault()
      return
    }
    if (ch === '^' || ch === '_' || ch === '=') return this.accidental(ch)
    if (ch !== ' ' && ch !== '\t' && ch !== '\\' && this.barStartLine === 0) this.markBarStart()
    this.commitNote()
    switch (ch) {
      case '|':
      case ':':
        // An unclosed chord ends at the bar line.
        if (this.inChord) this.closeChord()
        return this.startBarToken(ch, this.line, this.column)
      case '[':
        this.ctx = BRACKET
        this.barTokenLine = this.line
        this.barTokenColumn = this.column
        return
      case ']':
        if (this.inChord) this.endChord()
        return
      case '"':
        this.ctx = QUOTE
        return
      case '!':
        this.ctx = DECO_BANG
        return
      case '+':
        this.ctx = DECO_PLUS
        return
      case '{':
        this.ctx = GRACE
        return
      case '(':
        this.ctx = PAREN
        return
      case '%':
        this.ctx = COMMENT
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
    if (this.voiceSkipped) {
      this.ctx = isLetter(ch) ? INLINE_FIELD_LETTER : MUSIC
      if (isLetter(ch)) this.fieldLetter = ch
      return
    }
    if (ch === '|') {
      this.ctx = BAR
      this.startBarToken('[|', this.barTokenLine, this.barTokenColumn)
      return
    }
    if (isDigit(ch)) {
      this.startEnding()
      return
    }
    if (isNoteLetter(ch) || ch === '^' || ch === '_' || ch === '=' || ch === 'z' || ch === 'x') {
      this.inChord = true
      this.chordHasFirst = false
      this.ctx = MUSIC
      return this.music(ch)
    }
    if (isLetter(ch)) {
      this.fieldLetter = ch
      this.ctx = INLINE_FIELD_LETTER
      return
    }
    this.ctx = MUSIC
    this.music(ch)
  }

  // ---- notes ----

  private markBarStart(): void {
    this.barStartLine = this.line
    this.barStartColumn = this.column
  }

  /** A note or rest begins (at its accidental or its letter). */
  private beginNote(): void {
    this.commitNote()
    if (this.barStartLine === 0) this.markBarStart()
    if (this.inChord && this.chordHasFirst) {
      this.noteIgnored = true
      return
    }
    this.noteIgnored = false
    // Music outside the endings: no later ending can share a bar's start any more.
    if (!this.barHasMusic && !this.barStartsWithEnding) this.endingShared = null
    if (!this.barHasMusic && this.barMultiRest === 0) this.barMeter = this.meter
    this.barHasMusic = true
    if (this.barMultiRest > 0) this.barMixedRest = true
    const cap = this.capacity()
    if (cap && cmp(this.barLen, cap) >= 0) this.fault()
    let base = this.unit
    if (this.tupletLeft > 0) {
      base = mul(base, this.tupletFactor)
      this.tupletLeft--
    }
    if (this.brokenCount > 0) {
      // The note after `>` is shortened by what the one before gained, and vice versa.
      const half = frac(1, 1 << this.brokenCount)
      base = mul(base, this.brokenDir > 0 ? half : sub(frac(2), half))
      this.brokenCount = 0
      this.brokenDir = 0
    }
    this.noteBase = base
  }

  private accidental(ch: string): void {
    const alt = ch === '^' ? 1 : ch === '_' ? -1 : 0
    if (this.noteState === ACCIDENTAL) {
      if (this.pendingAcc !== NO_ACCIDENTAL && alt !== 0) this.pendingAcc = Math.max(-2, Math.min(2, this.pendingAcc + alt))
      return
    }
    this.beginNote()
    this.noteState = ACCIDENTAL
    this.pendingAcc = alt
  }

  private noteLetter(ch: string): void {
    if (this.noteState !== ACCIDENTAL) {
      this.beginNote()
      this.pendingAcc = NO_ACCIDENTAL
    }
    if (this.pendingAcc !== NO_ACCIDENTAL && ch !== 'z' && ch !== 'x') {
      const i = carryIndex(ch)
      this.barCarry = this.barCarry.slice(0, i) + String(this.pendingAcc + 2) + this.barCarry.slice(i + 1)
    }
    this.pendingAcc = NO_ACCIDENTAL
    this.noteState = LETTER
    this.sufNum = 0
    this.denPrefix = 1
    this.denDigits = 0
  }

  private suffixDigit(d: number): void {
    if (this.noteState === LETTER || this.noteState === NUMERATOR) {
      this.sufNum = this.sufNum * 10 + d
      this.noteState = NUMERATOR
      if (this.sufNum > MAX_SUFFIX) {
        this.sufNum = MAX_SUFFIX
        this.barUnmeasurable = true
      }
      // A numerator only grows the note, so one that overflows the bar is refused. Except the
      // dotted figures `A3/2`, `A3/4`, `A5/4` (odd numerators, 13 Nottingham tunes write them where
      // the numerator alone overflows): those may overflow for now if a denominator up to 4 brings
      // them back, and then only `/` can follow. `A2` or `A22` must fit as written.
      const cap = this.capacity()
      if (!this.noteIgnored && !this.inChord && cap) {
        const len = this.sufNum % 2 === 1 ? mul(this.pendingLength(), QUARTER) : this.pendingLength()
        if (cmp(add(this.barLen, len), cap) > 0) this.fault()
      }
      return
    }
    this.denDigits = this.denDigits * 10 + d
    this.noteState = DENOMINATOR
    if (this.denDigits > MAX_SUFFIX) {
      this.denDigits = MAX_SUFFIX
      this.barUnmeasurable = true
    }
  }

  private suffixSlash(): void {
    if (this.noteState === SLASH) this.denPrefix *= 2
    else if (this.noteState === DENOMINATOR) this.denPrefix *= Math.max(1, this.denDigits)
    this.denDigits = 0
    this.noteState = SLASH
    if (this.denPrefix > MAX_SUFFIX) {
      this.denPrefix = MAX_SUFFIX
      this.barUnmeasurable = true
    }
  }

  private pendingLength(): Frac {
    const num = this.sufNum === 0 ? 1 : this.sufNum
    let den = this.denPrefix
    if (this.noteState === SLASH) den *= 2
    else if (this.noteState === DENOMINATOR) den *= Math.max(1, this.denDigits)
    return mul(this.noteBase, frac(num, den))
  }

  /** The note being written is complete: add it to the bar (or to its chord). */
  private commitNote(): void {
    const state = this.noteState
    if (state === NO_NOTE) return
    const len = state === ACCIDENTAL || this.noteIgnored ? ZERO : this.pendingLength()
    this.noteState = NO_NOTE
    this.pendingAcc = NO_ACCIDENTAL
    if (state === ACCIDENTAL || this.noteIgnored) return
    if (this.inChord) {
      this.chordLen = len
      this.chordHasFirst = true
      return
    }
    this.addToBar(len)
    this.lastNoteLen = len
  }

  private addToBar(len: Frac): void {
    this.barLen = add(this.barLen, len)
    if (!exact(this.barLen)) {
      this.barUnmeasurable = true
      this.barLen = ZERO
    }
    const cap = this.capacity()
    if (cap && cmp(this.barLen, cap) > 0) this.fault()
  }

  /** The most this bar may hold: the meter, or what a section's closing bar left for its pickup. */
  private capacity(): Frac | null {
    return this.owedPickup !== null && !this.barStartsWithEnding ? this.owedPickup : this.currentMeter().bar
  }

  private currentMeter(): Meter {
    return this.barMeter ?? this.meter
  }

  private endChord(): void {
    this.inChord = false
    if (!this.chordHasFirst) return
    // The chord becomes one note of its first note's length; a suffix after `]` multiplies it.
    this.noteBase = this.chordLen
    this.noteIgnored = false
    this.noteState = LETTER
    this.sufNum = 0
    this.denPrefix = 1
    this.denDigits = 0
  }

  /** Ends a chord left open and adds it to the bar. */
  private closeChord(): void {
    this.commitNote()
    this.endChord()
    this.commitNote()
  }

  private brokenRhythm(dir: number): void {
    if (this.lastNoteLen === null || (this.brokenDir !== 0 && this.brokenDir !== dir) || this.brokenCount >= 3) return
    const before = this.brokenCount === 0 ? ONE : this.previousFactor(dir, this.brokenCount)
    this.brokenDir = dir
    this.brokenCount++
    const delta = mul(this.lastNoteLen, sub(this.previousFactor(dir, this.brokenCount), before))
    this.addToBar(delta)
  }

  /** `>` ×k makes the note before it 2 - 1/2^k times as long; `<` ×k makes it 1/2^k. */
  private previousFactor(dir: number, k: number): Frac {
    const half = frac(1, 1 << k)
    return dir > 0 ? sub(frac(2), half) : half
  }

  private endTupletSpec(): void {
    const p = this.tupP
    if (p < 2) return
    const q = this.tupQ || defaultTupletTime(p, this.meter.compound)
    this.tupletFactor = frac(q, p)
    this.tupletLeft = this.tupR || p
  }

  private startMultiRest(): void {
    this.barMeter ??= this.meter
    if (this.barHasMusic) {
      this.barMixedRest = true
      this.fault()
    }
    this.multiRestCount = 0
    this.ctx = MULTI_REST
  }

  private endMultiRest(): void {
    this.barMultiRest += this.multiRestCount || 1
  }

  // ---- bar lines ----

  private startBarToken(token: string, line: number, column: number): void {
    this.ctx = BAR
    this.barToken = token
    this.barTokenLast = token[token.length - 1] ?? ''
    this.barTokenLine = line
    this.barTokenColumn = column
    this.barNeedsClosing = false
    this.brokenCount = 0
    this.brokenDir = 0
    const verdict = this.samplerVerdict()
    const meter = this.currentMeter().bar
    this.barOwes = verdict === 'needs-pickup' && meter ? sub(meter, this.barLen) : null
    if (verdict === 'wrong') this.fault()
    else if ((verdict === 'needs-closing' || verdict === 'needs-pickup') && !isSectionBoundary(token) && token !== ':') {
      this.barNeedsClosing = true
    }
  }

  private verdict(): BarVerdict {
    const meter = this.currentMeter().bar
    if (!meter || this.barUnmeasurable) return 'ok'
    if (this.barMultiRest > 0) return this.barMixedRest || this.owedPickup ? 'wrong' : 'ok'
    if (this.owedPickup !== null && !this.barStartsWithEnding && this.barLen.n > 0) {
      return eq(this.barLen, this.owedPickup) ? 'ok' : 'wrong'
    }
    return barVerdict(this.barLen, meter, { pickupEligible: this.pickupEligible && !this.barStartsWithEnding, pickups: this.pickups })
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
    return verdict === 'needs-pickup' && !this.barStartsWithEnding ? 'wrong' : verdict
  }

  private resolveBarToken(): void {
    const token = this.barToken
    const boundary = isSectionBoundary(token)
    // A short bar that pairs with a pickup closes a section: it needs a bar line that says so
    // (`||`, `:|`, `|]`...). The checker also accepts a plain `|` followed by a `P:` line, but
    // while writing that would leave the sampler nothing but a `P:` line to write next.
    if (this.barNeedsClosing && !boundary) this.fault()
    // `| |` or `|2|`: a bar with nothing in it between plain bar lines on one line is not ABC
    // anyone writes (a line that ends and starts with `|` is).
    if (!this.barHasMusic && this.barMultiRest === 0 && !boundary && this.barOpening !== '' &&
      !isSectionBoundary(this.barOpening) && this.openingLine === this.barTokenLine) {
      this.fault()
    }
    this.barNeedsClosing = false
    this.finishBar(token, boundary)
    this.barOpening = token
    this.openingLine = this.barTokenLine
    this.ctx = MUSIC
  }

  /** Closes the current bar (ended by `token`, '' at the tune's end) and starts the next. */
  private finishBar(token: string, boundary: boolean): void {
    const hasContent = this.barHasMusic || this.barMultiRest > 0
    if (hasContent) {
      this.barIndex++
      const record: BarRecord = {
        index: this.barIndex,
        length: this.barLen,
        meter: this.currentMeter(),
        startLine: this.barStartLine || this.barTokenLine,
        startColumn: this.barStartColumn || this.barTokenColumn,
        endLine: token ? this.barTokenLine : this.line,
        endColumn: token ? this.barTokenColumn : this.column,
        endColumnExclusive: token ? this.barTokenColumn + token.length : this.column,
        opening: this.barOpening,
        closing: token,
        pickupEligible: this.pickupEligible && !this.barStartsWithEnding,
        startsWithEnding: this.barStartsWithEnding,
        multiRest: this.barMixedRest ? 0 : this.barMultiRest,
        mixedRest: this.barMixedRest,
        unmeasurable: this.barUnmeasurable,
        followedByBoundary: false,
        verdict: this.verdict(),
      }
      const bar = record.meter.bar
      if (record.pickupEligible && bar && !record.unmeasurable && record.multiRest === 0 &&
        this.barLen.n > 0 && cmp(this.barLen, bar) < 0) {
        this.pickups = this.pickups.add(this.barLen)
      }
      this.written += record.multiRest > 0 ? record.multiRest : 1
      this.lastBar = record
      this.listener?.(record)
      this.pickupEligible = boundary
      // A debt is paid (or forgiven, by an ending) by the next bar; this bar may leave a new one.
      this.owedPickup = this.barOwes
    } else if (boundary) {
      this.pickupEligible = true
    }
    this.barLen = ZERO
    this.barMeter = null
    this.barHasMusic = false
    this.barStartLine = 0
    this.barStartColumn = 0
    this.barMultiRest = 0
    this.barMixedRest = false
    this.barUnmeasurable = false
    this.barStartsWithEnding = false
    this.barOwes = null
    this.barCarry = NO_CARRY
    this.lastNoteLen = null
    this.brokenCount = 0
    this.brokenDir = 0
  }

  /**
   * An ending marker. Usually it starts a bar (`|[1`, `:|2`). Written mid-bar (`BAG [1 A3:|[2 AAB||`)
   * it splits the bar: the notes before it are shared by every ending, so the bar goes on into the
   * first ending and each later ending starts with that shared part already counted. (abcjs
   * instead draws a bar line at such a `[1`, making three short bars.)
   */
  private startEnding(): void {
    this.endingAfterDigit = true
    if (this.barHasMusic) {
      this.endingShared = this.barLen
    } else {
      if (this.endingShared !== null) this.barLen = this.endingShared
      this.barStartsWithEnding = true
      if (this.barStartLine === 0) {
        this.barStartLine = this.barTokenLine
        this.barStartColumn = this.barTokenColumn
      }
    }
    this.ctx = ENDING
  }

  private fault(): void {
    this.faultCount++
  }

  private copyFrom(o: RhythmTracker): void {
    this.line = o.line
    this.column = o.column
    this.lineBlank = o.lineBlank
    this.ctx = o.ctx
    this.inBody = o.inBody
    this.meter = o.meter
    this.unit = o.unit
    this.unitFixed = o.unitFixed
    this.key = o.key
    this.firstVoice = o.firstVoice
    this.voiceSkipped = o.voiceSkipped
    this.fieldLetter = o.fieldLetter
    this.fieldText = o.fieldText
    this.deferredLetter = o.deferredLetter
    this.noteState = o.noteState
    this.noteIgnored = o.noteIgnored
    this.noteBase = o.noteBase
    this.sufNum = o.sufNum
    this.denPrefix = o.denPrefix
    this.denDigits = o.denDigits
    this.pendingAcc = o.pendingAcc
    this.inChord = o.inChord
    this.chordHasFirst = o.chordHasFirst
    this.chordLen = o.chordLen
    this.multiRestCount = o.multiRestCount
    this.tupletLeft = o.tupletLeft
    this.tupletFactor = o.tupletFactor
    this.tupP = o.tupP
    this.tupQ = o.tupQ
    this.tupR = o.tupR
    this.tupField = o.tupField
    this.lastNoteLen = o.lastNoteLen
    this.brokenDir = o.brokenDir
    this.brokenCount = o.brokenCount
    this.barLen = o.barLen
    this.barMeter = o.barMeter
    this.barHasMusic = o.barHasMusic
    this.barStartLine = o.barStartLine
    this.barStartColumn = o.barStartColumn
    this.barOpening = o.barOpening
    this.openingLine = o.openingLine
    this.barMultiRest = o.barMultiRest
    this.barMixedRest = o.barMixedRest
    this.barUnmeasurable = o.barUnmeasurable
    this.barStartsWithEnding = o.barStartsWithEnding
    this.pickupEligible = o.pickupEligible
    this.barCarry = o.barCarry
    this.pickups = o.pickups
    this.barToken = o.barToken
    this.barTokenLast = o.barTokenLast
    this.barTokenLine = o.barTokenLine
    this.barTokenColumn = o.barTokenColumn
    this.barNeedsClosing = o.barNeedsClosing
    this.owedPickup = o.owedPickup
    this.barOwes = o.barOwes
    this.endingShared = o.endingShared
    this.endingAfterDigit = o.endingAfterDigit
    this.barIndex = o.barIndex
    this.written = o.written
    this.faultCount = o.faultCount
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
