/**
 * The metre-aware mask: every bar whole, written so abcjs can read it.
 *
 * 1. The tracker's `allows`: after this character every bar can still end at a length the bar
 *    rules allow (src-main/abc/bar-rules.ts).
 * 2. Note lengths abcjs can represent. The tracker accepts any exact length, and a model pushed
 *    by the mask finds bars "completed" with `A/22/2` or `F/23/2`, which abcjs rejects; with this,
 *    a bar completes with real note values or a bar line (one step of lookahead keeps a note
 *    from starting where no such length fits).
 * 3. The syntax around notes. A model denied the note it wanted reaches for whatever is left,
 *    and what is always left is what has no length: chord symbols, decoration letters, ties,
 *    colons, brackets, tuplet marks. Each rule below keeps one such habit out of music; each was
 *    seen in sampled tunes and was what abcjs then complained about.
 * A bar that a fallback broke anyway is left to the model until its bar line (in a broken bar
 * every note is a new fault, so only the garbage of 3 would pass).
 */
import { parseMeter } from '../../../src-shared/abc/meter'
import { RhythmTracker } from '../../../src-shared/abc/rhythm-tracker'
import type { CharConstraint, ConstraintFactory } from './constraints'

const isLengthChar = (ch: string): boolean => (ch >= '0' && ch <= '9') || ch === '/'

/**
 * A note-length suffix abcjs can represent, or the start of one: a numerator up to 99, then at
 * most one `/` with a denominator of 2, 4 or 8, or `//`. (`/24`, `/3`, `/22` are exact lengths the
 * tracker accepts, and `/32` is too short: abcjs reports "Duration not representable" for them.
 * The corpus itself writes nothing finer than `/4`.)
 */
const PLAUSIBLE_LENGTH = /^(?:[1-9]\d?)?(?:\/[248]?|\/\/)?$/

/** Note letters and rests; any other letter inside music is a decoration abcjs mostly rejects. */
const NOTE_OR_REST = /^[A-Ga-gzxZX]$/
const LETTER = /^[A-Za-z]$/
/** What belongs to the next note: chord symbols, tuplets/slurs, chords, decorations. */
const BEFORE_A_NOTE = new Set(['"', '(', '!', '+', '~', '.', '{'])
/** Characters that mean nothing among notes (abcjs: "Unknown character ignored"). */
const GARBAGE = new Set(['#', '?', '*', '&', '@', '$', ';', '`'])
/** Tracker contexts where notes are written (elsewhere: fields, quotes, comments, decorations...). */
const NOTE_CONTEXTS = new Set(['music', 'bar-line', 'bracket', 'paren'])
/** What a chord of notes `[CEG]` holds: pitches with accidentals, octave marks and lengths. */
const CHORD_CONTENT = /^[A-Ga-g^_=,'0-9/]$/
/** The corpus's chords have two or three notes; a model kept from its bar line wrote `[fAccBc`. */
const MAX_CHORD_NOTES = 4

/** The time q of a tuplet `(p` in units, as ABC 2.1 sets it by default (simple meters). */
const TUPLET_SPAN = [0, 0, 3, 2, 3, 2, 2, 2, 3, 2]

/** Parses the tracker's "n/d" lengths. */
const fraction = (text: string): number => {
  const [n, d] = text.split('/').map(Number)
  return d ? n / d : n
}

class MeterMask implements CharConstraint {
  constructor(
    private readonly tracker: RhythmTracker,
    /** The length suffix of the note being written so far ('' when none). */
    private suffix = '',
    /** The current bar already broke the rules (a fallback wrote it): it is left alone to its end. */
    private barBroken = false,
    /** The last character written (a letter after a line end may start a field line). */
    private last = '\n',
    private beforeLast = '\n',
    /** Inside a chord of notes `[CEG]`, where `]` may come. */
    private inChord = false,
    /** Notes left in the tuplet being written (`(3` → 3). */
    private tupletNotes = 0,
    /** The letter of a note tied with `-`, which the next note must repeat ('' when none). */
    private tiedLetter = '',
    private lastLetter = '',
    /** Note letters written in the open chord. */
    private chordNotes = 0,
  ) {}

  allows(ch: string): boolean {
    // In a broken bar every note is a new fault, so only non-music would pass: chord-symbol
    // quotes and decoration letters, the garbage abcjs then rejects. Let the model finish the bar.
    if (!this.barBroken && !this.tracker.allows(ch)) return false
    const state = this.tracker.state
    // After an ending or tuplet number (`[2`, `(3`) more digits may come, then music, not `/ ) +`.
    if ((state.context === 'ending' || state.context === 'tuplet') && /[/)+(]/.test(ch)) return false
    // A `\` continues the line only at its end.
    if (this.last === '\\' && state.context !== 'comment' && state.context !== 'quote') return ch === '\n'
    // Triplets do not nest, nor reach over a bar line.
    if ((ch === '(' || ch === '|') && this.tupletNotes > 0 && state.context !== 'quote' && state.context !== 'comment') return false
    // Field lines, chord symbols, comments, decorations, tuplet and ending numbers: not notes.
    if (!NOTE_CONTEXTS.has(state.context)) return true
    if (GARBAGE.has(ch)) return false
    // A comment only as a whole line (all 1,066 in the corpus are). Mid-line, a model denied its
    // note escaped into `%` and wrote the rest of the line, bars and all, as an unchecked comment.
    if (ch === '%') return this.last === '\n'
    if (this.last === '[' && state.context === 'bracket') {
      // An ending (`[2`) opens a bar; inside one it is a stray number.
      if (/[0-9]/.test(ch)) return state.barLength === '0/1' && state.pending === null
      // A chord of notes or `[|`. Not an inline field (`[K:D]`): the corpus has none, and a model
      // that starts one after a denied note rarely closes it.
      // (No rest: `[z` opens a chord the chord rules above never let close.)
      return /^[A-Ga-g^_=|]$/.test(ch)
    }
    if (isLengthChar(ch)) {
      // A tuplet is `(2` to `(9`, and starts only where the bar still holds its span (q units;
      // `(3` = three notes in the time of two). Started late, its notes leave thirds of a unit
      // that no plain note length can make whole, so the mask had to give up.
      if (this.last === '(') return /[2-9]/.test(ch) && this.roomFor(TUPLET_SPAN[Number(ch)], state)
      // Digits that are not a note's length: endings `[2` `|2` `:|2`, tuplets `(3`.
      if (state.pending === null) return ch !== '/' && /[[(|:0-9]/.test(this.last)
      // A length follows its note directly (not a tie or a space).
      if (this.suffix === '' && !/[A-Ga-gzxZX,'\]]/.test(this.last)) return false
      // Inside a tuplet, plain notes: the unit, twice it or half it (`(3ABc`, `(3A2B`, `(3A/B/c/`).
      if (this.tupletNotes > 0 && !/^(?:2|\/2?)$/.test(this.suffix + ch)) return false
      return PLAUSIBLE_LENGTH.test(this.suffix + ch) && (this.barBroken || this.canEndNote(ch))
    }
    // Characters that only make sense next to others. Denied its note, a model otherwise strings
    // together ties, colons, brackets and accidentals ("-//:", "^ ", "[(3+") that abcjs cannot read.
    // `:|:` is not a bar line abcjs knows (`::` is); the corpus never writes it.
    if (ch === ':' && this.last === '|' && this.beforeLast === ':' && state.context === 'bar-line') return false
    if (ch === ']') return this.inChord || state.context === 'bar-line'
    // Inside a chord of notes only its notes and `]`. A chord left open to its bar line is closed
    // there (abcjs, the tracker), but a model that starts one that way writes `[fAccBc |`.
    if (this.inChord && (!CHORD_CONTENT.test(ch) || (LETTER.test(ch) && this.chordNotes >= MAX_CHORD_NOTES))) return false
    // Octave marks follow a note: at most two, of one kind (`C,,`, `c''`; the corpus never writes two).
    if ((ch === ',' || ch === "'") && (!/[A-Ga-g,']/.test(this.last) || (/[,']/.test(this.last) && (ch !== this.last || /[,']/.test(this.beforeLast))))) return false
    // After an accidental, its note; `^^` and `__` (double sharp, double flat) are the only two-sign ones.
    if (/[\^_=]/.test(this.last) && (state.context === 'music' || this.inChord)) return /^[A-Ga-g]$/.test(ch) || ((ch === '^' || ch === '_') && ch === this.last && !/[\^_=]/.test(this.beforeLast))
    // A colon that is not part of a bar line yet (`:|`, `::`) must become one.
    if (this.last === ':' && (state.context === 'music' || !/[|:\]]/.test(this.beforeLast))) return ch === '|' || ch === ':'
    if (ch === '-') return state.pending !== null
    // A tie joins two notes of the same pitch; abc2midi and abcm2ps reject one to another note,
    // to a rest or chord, or over a repeat sign or section end (the form mask keeps ties out of
    // a part's last bar, where only a closing bar line may come).
    if (this.tiedLetter !== '' && NOTE_CONTEXTS.has(state.context) && !this.continuesTie(ch, state.context)) return false
    if (ch === ':') return state.context === 'bar-line' || this.tracker.allows('|')
    // A letter at a line start may begin a field line (`P:B`), after `[` an inline field.
    if (LETTER.test(ch)) return NOTE_OR_REST.test(ch) || this.last === '\n' || this.last === '['
    if (!BEFORE_A_NOTE.has(ch)) return true
    // The bar is full: only its bar line may come, not the ornaments of a note that cannot fit.
    // (A mask that let them through sees the model, denied its note, write chord symbol after
    // chord symbol.) While a bar-line token is read, the length shown is still the finished bar's.
    return this.barBroken || state.context === 'bar-line' || !this.barFull(state.meter, state.barLength, state.pending)
  }

  push(ch: string): void {
    this.suffix = isLengthChar(ch) && this.tracker.state.pending !== null ? this.suffix + ch : ''
    const faults = this.tracker.faults
    const bars = this.tracker.barsWritten
    const context = this.tracker.state.context
    this.tracker.push(ch)
    if (this.last === '[' && /[A-Ga-g^_=]/.test(ch)) {
      this.inChord = true
      this.chordNotes = 0
    }
    if (this.inChord && LETTER.test(ch)) this.chordNotes++
    else if (ch === ']' || ch === '\n' || ((ch === '|' || ch === ':') && NOTE_CONTEXTS.has(context))) {
      // The tracker closes a chord at a bar line too (a prompt may leave one open there).
      if (this.inChord && this.tupletNotes > 0) this.tupletNotes--
      this.inChord = false
    }
    if (this.last === '(' && /[2-9]/.test(ch)) this.tupletNotes = Number(ch)
    else if (NOTE_OR_REST.test(ch) && !this.inChord && this.tupletNotes > 0 && (NOTE_CONTEXTS.has(context) || context === 'tuplet')) this.tupletNotes--
    if (/^[A-Ga-g]$/.test(ch) && NOTE_CONTEXTS.has(context)) {
      this.lastLetter = ch
      this.tiedLetter = ''
    } else if (ch === '-' && NOTE_CONTEXTS.has(context)) {
      this.tiedLetter = this.lastLetter
    }
    this.beforeLast = this.last
    this.last = ch
    if (this.tracker.barsWritten > bars) this.barBroken = false
    else if (this.tracker.faults > faults) this.barBroken = true
  }

  /** After `A-`: no other note, rest or chord, and no repeat sign or section end before the tied note. */
  private continuesTie(ch: string, context: string): boolean {
    if (/^[A-Ga-gzxZX[]$/.test(ch)) return ch === this.tiedLetter
    if (ch === ':' || ch === ']') return false
    return !(ch === '|' && context === 'bar-line')
  }

  clone(): CharConstraint {
    return new MeterMask(this.tracker.clone(), this.suffix, this.barBroken, this.last, this.beforeLast, this.inChord, this.tupletNotes, this.tiedLetter, this.lastLetter, this.chordNotes)
  }

  /**
   * One step of lookahead for a length character: the tracker accepts `/2` under a bar it would
   * overflow, because `/24` or `/256` could still follow; those are not lengths we let through,
   * so the note must be able to end (space, bar line) or grow by a plausible character.
   */
  private canEndNote(ch: string): boolean {
    const next = this.tracker.clone()
    next.push(ch)
    const suffix = this.suffix + ch
    return [' ', '|', '/', '2', '4', '8'].some((c) => (c === ' ' || c === '|' || PLAUSIBLE_LENGTH.test(suffix + c)) && next.allows(c))
  }

  /** Whether `units` unit lengths still fit in the bar. */
  private roomFor(units: number, state: RhythmTracker['state']): boolean {
    const bar = parseMeter(state.meter)?.bar
    if (!bar) return true
    const used = fraction(state.barLength) + (state.pending ? fraction(state.pending) : 0)
    return used + units * fraction(state.unitLength) <= bar.n / bar.d + 1e-9
  }

  private barFull(meterText: string, barLength: string, pending: string | null): boolean {
    const bar = parseMeter(meterText)?.bar
    if (!bar) return false
    return fraction(barLength) + (pending ? fraction(pending) : 0) >= bar.n / bar.d - 1e-9
  }
}

/** Only characters after which every bar can still be completed at an allowed length. */
export const meterMask: ConstraintFactory = (prompt) => {
  // The prompt goes through the mask too, so a prompt ending inside a note or chord is followed.
  const mask = new MeterMask(new RhythmTracker())
  for (const ch of prompt) mask.push(ch)
  return mask
}

