/**
 * Ties: a tie (`-`) joins a note to the next note of the same pitch. abc2midi ("Could not find
 * note to be tied") and abcm2ps ("Bad tie") reject a tie to another pitch, to a rest, over a
 * repeat sign or section end (where the next note played is not the one written next), or at the
 * tune's end. abcjs draws such ties without a word, so without this check a variation the model
 * tied badly was called clean. Pitch here is the written letter with its octave marks (an
 * accidental on the tied note is allowed: the tie carries it in the bar).
 */
import type { Diagnostic } from '../contract/abc'
import { readHeaders } from './headers'

interface PendingTie {
  pitches: string[]
  line: number
  column: number
}

/** What the music of one line holds that a tie cares about, in order. */
type Event = { kind: 'note'; pitch: string; column: number } | { kind: 'chord'; pitches: string[]; column: number } |
  { kind: 'tie'; column: number } | { kind: 'rest'; column: number } | { kind: 'section'; column: number }

// Sticky (`y`) patterns read at a position of the line: slicing the rest of the line at each
// character made a long line quadratic.
const NOTE = /[_^=]{0,2}([A-Ga-g][,']*)[0-9/]*/y
/** A chord of notes; ties inside it (`[c2-g2-]`) tie the chord to the next. */
const CHORD = /\[([_^=A-Ga-g,'0-9/ -]+)\][0-9/]*-?/y
const SKIP = /(?:"[^"]*"?|![^!]*!?|\+[^+]*\+?|\{[^}]*\}?|\[[A-Za-z]:[^\]]*\]?)/y
const BAR = /(?:\[\||:*\|+\]?:*|::)/y

/** `pattern` matched at `at` in `line`, or null. */
function matchAt(pattern: RegExp, line: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at
  return pattern.exec(line)
}

export function checkTies(tuneText: string): Diagnostic[] {
  const lines = tuneText.replace(/\r\n?/g, '\n').split('\n')
  const diagnostics: Diagnostic[] = []
  let pending: PendingTie | null = null
  /** The pitches of the last note or chord read, which a tie that follows holds. */
  let lastPitches: string[] = []
  const fault = (tie: PendingTie, message: string): void => {
    diagnostics.push({ line: tie.line, column: tie.column, severity: 'warning', source: 'ties', message })
  }
  for (let i = readHeaders(tuneText).bodyStart; i < lines.length; i++) {
    const line = lines[i]
    if (/^[A-Za-z]:/.test(line) || line.startsWith('%')) continue
    for (const event of lineEvents(line.replace(/%.*$/, ''))) {
      if (event.kind === 'tie') {
        if (pending) continue
        pending = { pitches: lastPitches, line: i + 1, column: event.column }
        continue
      }
      if (event.kind === 'note' || event.kind === 'chord') {
        const pitches = event.kind === 'note' ? [event.pitch] : event.pitches
        if (pending && !pitches.some((p) => pending!.pitches.includes(p))) {
          fault(pending, `a tie joins two notes of the same pitch; this one goes from ${pending.pitches.join('/')} to ${pitches.join('/')}`)
        }
        pending = null
        lastPitches = pitches
        continue
      }
      if (pending) fault(pending, event.kind === 'rest' ? 'a tie into a rest ties nothing' : 'a tie over a repeat sign or section end ties nothing')
      pending = null
      lastPitches = []
    }
  }
  if (pending) fault(pending, 'a tie at the end of the tune ties nothing')
  return diagnostics
}

/** How many `:` start at `at`. */
function colonRun(line: string, at: number): number {
  let end = at
  while (line[end] === ':') end++
  return end - at
}

function lineEvents(line: string): Event[] {
  const events: Event[] = []
  let i = 0
  while (i < line.length) {
    const skip = matchAt(SKIP, line, i)
    if (skip) {
      i += skip[0].length
      continue
    }
    const colons = colonRun(line, i)
    if (colons > 0 && line[i + colons] !== '|') {
      // `::` with no bar line after it: a section end (one for a whole run, read once: matching
      // BAR at each colon of a long run re-read the run each time).
      if (colons >= 2) events.push({ kind: 'section', column: i + 1 })
      i += colons
      continue
    }
    const chord = matchAt(CHORD, line, i)
    const note = matchAt(NOTE, line, i)
    const bar = matchAt(BAR, line, i)
    if (chord) {
      events.push({ kind: 'chord', pitches: [...chord[1].matchAll(/([A-Ga-g][,']*)/g)].map((m) => m[1]), column: i + 1 })
      if (chord[0].includes('-')) events.push({ kind: 'tie', column: i + 1 })
    }
    else if (note) events.push({ kind: 'note', pitch: note[1], column: i + 1 })
    else if (bar && (bar[0].includes(':') || bar[0].includes(']') || bar[0].includes('||') || bar[0].startsWith('['))) events.push({ kind: 'section', column: i + 1 })
    else if ('zxZX'.includes(line[i])) events.push({ kind: 'rest', column: i + 1 })
    else if (line[i] === '-') events.push({ kind: 'tie', column: i + 1 })
    const length = chord?.[0].length ?? note?.[0].length ?? bar?.[0].length ?? 1
    i += Math.max(1, length)
  }
  return events
}
