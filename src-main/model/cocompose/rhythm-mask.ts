/**
 * The rhythm mask for "vary a phrase": the bars are written again note for note with the same
 * lengths, rests, ties, chord symbols, bar lines and spacing; only the pitches (accidental, letter,
 * octave marks) are the model's to choose. Built from the bars as the model reads them: each note
 * becomes a pitch slot followed by its length suffix, written as it was; everything else is copied
 * character for character. After the last note only the bar line that closes the bars may come.
 */
import type { CharConstraint } from '../sampling/constraints'

type Element = { literal: string } | { suffix: string }

const NOTE = /([_^=]*)([A-Ga-g])([,']*)(\d*(?:\/\d*)*)/y
const QUOTE = /"[^"]*"/y
const CHORD = /\[[^\]]*\][\d/]*/y
const isAccidental = (ch: string): boolean => ch === '^' || ch === '_' || ch === '='
const isLetter = (ch: string): boolean => /^[A-Ga-g]$/.test(ch)
/** Accidentals a pitch may carry (`^^`, `__`). */
const MAX_ACCIDENTALS = 2

/** The bars as a template: notes become slots, the rest stays as written. */
export function rhythmTemplate(bars: string): Element[] {
  const out: Element[] = []
  let literal = ''
  const flush = (): void => {
    if (literal) out.push({ literal })
    literal = ''
  }
  for (let i = 0; i < bars.length;) {
    const copied = [QUOTE, CHORD].map((re) => {
      re.lastIndex = i
      return re.exec(bars)
    }).find((m) => m !== null)
    if (copied) {
      literal += copied[0]
      i += copied[0].length
      continue
    }
    NOTE.lastIndex = i
    const note = NOTE.exec(bars)
    if (note) {
      flush()
      out.push({ suffix: note[4] })
      i += note[0].length
      continue
    }
    literal += bars[i++]
  }
  flush()
  return out
}

/** Where the writer is: element, offset in a literal or suffix, and the state of a pitch being written. */
interface Position {
  element: number
  offset: number
  /** In a slot: 0 = nothing yet, 1 = accidentals written, 2 = letter written (octave marks may follow), 3 = in the suffix. */
  pitch: number
  accidentals: number
  letter: string
}

class RhythmMask implements CharConstraint {
  constructor(
    private readonly template: Element[],
    private pos: Position = { element: 0, offset: 0, pitch: 0, accidentals: 0, letter: '' },
  ) {}

  allows(ch: string): boolean {
    return next(this.template, this.pos, ch) !== null
  }

  push(ch: string): void {
    this.pos = next(this.template, this.pos, ch) ?? this.pos
  }

  clone(): CharConstraint {
    return new RhythmMask(this.template, { ...this.pos })
  }
}

/** The position after writing `ch`, or null when `ch` would change the rhythm. */
function next(template: Element[], pos: Position, ch: string): Position | null {
  const el = template[pos.element] as Element | undefined
  if (!el) return ch === '|' ? pos : null
  if ('literal' in el) {
    if (el.literal[pos.offset] !== ch) return null
    return pos.offset + 1 < el.literal.length ? { ...pos, offset: pos.offset + 1 } : start(pos.element + 1)
  }
  if (pos.pitch <= 1) {
    if (isAccidental(ch) && pos.accidentals < MAX_ACCIDENTALS) return { ...pos, pitch: 1, accidentals: pos.accidentals + 1 }
    return isLetter(ch) ? { ...pos, pitch: 2, letter: ch } : null
  }
  if (pos.pitch === 2) {
    const octave = pos.letter === pos.letter.toUpperCase() ? ',' : "'"
    if (ch === octave) return pos
    return afterPitch(template, pos, ch)
  }
  return inSuffix(template, pos, ch)
}

/** After the pitch: the suffix as written, or (with none) whatever the next element allows. */
function afterPitch(template: Element[], pos: Position, ch: string): Position | null {
  const el = template[pos.element] as { suffix: string }
  if (el.suffix === '') return next(template, start(pos.element + 1), ch)
  return inSuffix(template, { ...pos, pitch: 3, offset: 0 }, ch)
}

function inSuffix(template: Element[], pos: Position, ch: string): Position | null {
  const el = template[pos.element] as { suffix: string }
  if (el.suffix[pos.offset] !== ch) return null
  return pos.offset + 1 < el.suffix.length ? { ...pos, offset: pos.offset + 1 } : start(pos.element + 1)
}

const start = (element: number): Position => ({ element, offset: 0, pitch: 0, accidentals: 0, letter: '' })

/** A mask that lets only these bars' rhythm be written. */
export const rhythmMask = (bars: string): CharConstraint => new RhythmMask(rhythmTemplate(bars))

/** Pitches of the notes of some bars, as steps on the staff (letter and octave; accidentals ignored). */
export function staffSteps(bars: string): number[] {
  const steps: number[] = []
  const text = bars.replace(/"[^"]*"/g, '')
  for (const m of text.matchAll(/[_^=]*([A-Ga-g])([,']*)/g)) {
    const letter = m[1]
    const base = 'CDEFGAB'.indexOf(letter.toUpperCase()) + (letter === letter.toLowerCase() ? 7 : 0)
    steps.push(base + [...m[2]].reduce((s, c) => s + (c === "'" ? 7 : -7), 0))
  }
  return steps
}
