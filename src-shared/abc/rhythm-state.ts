/**
 * The rhythm tracker's state (rhythm-tracker.ts), grouped into the records it reads and writes
 * together. Each record copies itself whole (`copyFrom`, beside its fields, so a field added to a
 * record is added to its copy in the same place): the sampler copies a tracker for every candidate
 * character, and a field left out of a copy would silently change what its mask allows.
 * Values held are immutable (fractions, meters, keys, pickup sets, strings), so a copy may share them.
 */
import { PickupSet } from './bar-rules'
import { C_MAJOR, type KeySignature } from './key'
import { FREE_METER, type Meter } from './meter'
import { frac, ONE, ZERO, type Frac } from './rational'

/** Lexical contexts: what the next character is part of. */
export type Context =
  | 'music'
  /** A field line (`K:G`), read to its end. */
  | 'field'
  | 'comment'
  /** A chord symbol or annotation `"..."`. */
  | 'quote'
  | 'decoration-bang'
  | 'decoration-plus'
  /** A grace group `{...}`. */
  | 'grace'
  /** An inline field `[K:...]`, after its colon. */
  | 'inline-field'
  /** After `[`: a chord, an inline field, an ending or `[|`. */
  | 'bracket'
  /** After `[` and a letter: an inline field if a colon follows. */
  | 'inline-field-letter'
  | 'bar-line'
  | 'ending'
  /** A tuplet's specification `(p:q:r`. */
  | 'tuplet'
  /** A letter at a line's start: a field line if a colon follows. */
  | 'line-start'
  /** After `(`: a tuplet if a digit follows, else a slur. */
  | 'paren'
  /** The count of a multi-measure rest `Z4`. */
  | 'multi-rest'

/** A context as the tracker's users see it: the two decorations are one, and so are the two inline-field contexts. */
export type ContextName = Exclude<Context, 'decoration-bang' | 'decoration-plus' | 'inline-field-letter'> | 'decoration'

export function contextName(ctx: Context): ContextName {
  if (ctx === 'decoration-bang' || ctx === 'decoration-plus') return 'decoration'
  return ctx === 'inline-field-letter' ? 'inline-field' : ctx
}

// States of the note being written, in the order they are reached (`^`, `A`, `A3`, `A3/`, `A3/2`).
export const NO_NOTE = 0
export const ACCIDENTAL = 1
export const LETTER = 2
export const NUMERATOR = 3
export const SLASH = 4
export const DENOMINATOR = 5

export const NO_ACCIDENTAL = 9
/** Until an `L:` or `M:` says otherwise (a constant: a copy of a tracker allocates no default of its own). */
const EIGHTH = frac(1, 8)
/** No pickup seen yet. Pickup sets are persistent (adding makes a new set), so every tracker may start from this one. */
const NO_PICKUPS = PickupSet.empty()

/** Bar-carried accidentals per note letter, C..B then c..b; '.' = none, else alteration + 2 as a digit. */
export const NO_CARRY = '..............'

/** Where the next character goes (1-based) and what it is part of. */
export class Position {
  line = 1
  column = 1
  lineBlank = true
  ctx: Context = 'music'
  inBody = false

  copyFrom(o: Position): void {
    this.line = o.line
    this.column = o.column
    this.lineBlank = o.lineBlank
    this.ctx = o.ctx
    this.inBody = o.inBody
  }
}

/** The fields in force: meter, unit length, key and voice. */
export class Setting {
  meter: Meter = FREE_METER
  unit: Frac = EIGHTH
  /** Set once an `L:` was read or the first `M:` decided the default (as abcjs does). */
  unitFixed = false
  key: KeySignature = C_MAJOR
  /** Multi-voice tunes: only the first voice named is measured; the others are skipped. */
  firstVoice: string | null = null
  voiceSkipped = false

  copyFrom(o: Setting): void {
    this.meter = o.meter
    this.unit = o.unit
    this.unitFixed = o.unitFixed
    this.key = o.key
    this.firstVoice = o.firstVoice
    this.voiceSkipped = o.voiceSkipped
  }
}

/** A field line or inline field being read. */
export class FieldText {
  letter = ''
  text = ''
  /** A line's first letter, until the next character tells a field line from music. */
  deferredLetter = ''

  copyFrom(o: FieldText): void {
    this.letter = o.letter
    this.text = o.text
    this.deferredLetter = o.deferredLetter
  }
}

/** The note being written, whose length suffix may still grow, and the chord it is in. */
export class Note {
  state = NO_NOTE
  /** A chord's later notes: the chord is as long as its first. */
  ignored = false
  base: Frac = ZERO
  sufNum = 0
  denPrefix = 1
  denDigits = 0
  pendingAcc = NO_ACCIDENTAL
  inChord = false
  chordHasFirst = false
  chordLen: Frac = ZERO
  multiRestCount = 0

  copyFrom(o: Note): void {
    this.state = o.state
    this.ignored = o.ignored
    this.base = o.base
    this.sufNum = o.sufNum
    this.denPrefix = o.denPrefix
    this.denDigits = o.denDigits
    this.pendingAcc = o.pendingAcc
    this.inChord = o.inChord
    this.chordHasFirst = o.chordHasFirst
    this.chordLen = o.chordLen
    this.multiRestCount = o.multiRestCount
  }
}

/** Rhythm modifiers: a tuplet (being specified or in force) and broken rhythm. */
export class Modifiers {
  tupletLeft = 0
  tupletFactor: Frac = ONE
  tupP = 0
  tupQ = 0
  tupR = 0
  /** Which of p, q, r the tuplet's digits go to. */
  tupField = 0
  lastNoteLen: Frac | null = null
  brokenDir = 0
  brokenCount = 0

  copyFrom(o: Modifiers): void {
    this.tupletLeft = o.tupletLeft
    this.tupletFactor = o.tupletFactor
    this.tupP = o.tupP
    this.tupQ = o.tupQ
    this.tupR = o.tupR
    this.tupField = o.tupField
    this.lastNoteLen = o.lastNoteLen
    this.brokenDir = o.brokenDir
    this.brokenCount = o.brokenCount
  }
}

/** The current bar: all of it starts afresh at each bar line. */
export class OpenBar {
  len: Frac = ZERO
  /** The meter in force when the bar's first note came (a meter change between bars applies to the next). */
  meter: Meter | null = null
  hasMusic = false
  startLine = 0
  startColumn = 0
  multiRest = 0
  mixedRest = false
  unmeasurable = false
  startsWithEnding = false
  carry = NO_CARRY

  copyFrom(o: OpenBar): void {
    this.len = o.len
    this.meter = o.meter
    this.hasMusic = o.hasMusic
    this.startLine = o.startLine
    this.startColumn = o.startColumn
    this.multiRest = o.multiRest
    this.mixedRest = o.mixedRest
    this.unmeasurable = o.unmeasurable
    this.startsWithEnding = o.startsWithEnding
    this.carry = o.carry
  }
}

/** What earlier bars leave to the current one. */
export class Carried {
  /** The bar line before the current bar, and its line. */
  opening = ''
  openingLine = 0
  pickupEligible = true
  pickups = NO_PICKUPS
  /** A short closing bar waits for the next section's pickup to make up this length. */
  owedPickup: Frac | null = null
  /** Length of a bar's part before a mid-bar ending, shared by the later endings. */
  endingShared: Frac | null = null

  copyFrom(o: Carried): void {
    this.opening = o.opening
    this.openingLine = o.openingLine
    this.pickupEligible = o.pickupEligible
    this.pickups = o.pickups
    this.owedPickup = o.owedPickup
    this.endingShared = o.endingShared
  }
}

/** The bar line (or ending) being read. */
export class BarLine {
  token = ''
  /** The token's last character, kept apart so a long run of `|:` is not re-read at each step. */
  last = ''
  line = 0
  column = 0
  needsClosing = false
  /** What the bar it ends leaves for the next section's pickup, once it is finished. */
  owes: Frac | null = null
  endingAfterDigit = false

  copyFrom(o: BarLine): void {
    this.token = o.token
    this.last = o.last
    this.line = o.line
    this.column = o.column
    this.needsClosing = o.needsClosing
    this.owes = o.owes
    this.endingAfterDigit = o.endingAfterDigit
  }
}

/** Counts over the whole text. */
export class Tally {
  /** Non-empty bars finished. */
  barIndex = 0
  /** Bars written, a multi-measure rest `Z4` as 4. */
  written = 0
  faults = 0

  copyFrom(o: Tally): void {
    this.barIndex = o.barIndex
    this.written = o.written
    this.faults = o.faults
  }
}
