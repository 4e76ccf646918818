/** The sampler's view: what the tracker allows next, one character at a time. */
import { describe, expect, it } from 'vitest'
import { RhythmTracker } from '../../../../src-shared/abc/rhythm-tracker'
import { cleanForTraining } from '../../../../src-shared/abc/clean'
import { checkBars } from '../../../../src-shared/abc/bar-check'
import { corpusTune, corpusTunes, tune, type Headers } from './helpers'

const at = (body: string, h: Headers = { M: '4/4', L: '1/8' }): RhythmTracker => RhythmTracker.fromPrompt(tune(body, h))
/** Which of `chars` the tracker allows next. */
const allowed = (t: RhythmTracker, chars: string): string => Array.from(chars).filter((c) => t.allows(c)).join('')

describe('RhythmTracker.allows', () => {
  it('allows a bar line only when the bar is full', () => {
    const t = at('abcd efga|abcd efg')
    expect(t.allows('|')).toBe(false)
    t.push('a')
    expect(t.allows('|')).toBe(true)
    expect(t.state.barLength).toBe('7/8')
    expect(t.state.pending).toBe('1/8')
  })

  it('denies a new note when the bar has no room left, but not spaces or bar lines', () => {
    const t = at('abcd efga')
    // `[` may still become `[|`.
    expect(allowed(t, 'bz^[| "!')).toBe('[| "!')
  })

  it('denies a length digit that overflows the bar', () => {
    const t = at('abcd ef g')
    expect(t.allows('2')).toBe(true)
    // g9 cannot be saved by any denominator up to 4 (9/4 > 2 units left).
    expect(t.allows('9')).toBe(false)
    t.push('2')
    expect(t.allows('|')).toBe(true)
    expect(t.allows('0')).toBe(false)
  })

  it('lets a long note shrink with a denominator, and holds the note to fit', () => {
    const t = at('abcd efg a')
    expect(t.allows('3')).toBe(true) // a3/4 would fit
    t.push('3')
    expect(allowed(t, '/b|')).toBe('/')
    t.feed('/4')
    expect(t.allows('b')).toBe(true)
  })

  it('lets the first bar be a pickup and pairs the closing bar with it', () => {
    const h = { M: '6/8', L: '1/8' }
    expect(at('f', h).allows('|')).toBe(true)
    const t = at('f|abc def|abc de', h)
    expect(t.allows(':')).toBe(true)
    expect(t.allows('|')).toBe(true)
    t.push('|')
    // `||`, `|]` and `|:` close the section; a plain `|` does not, even at a line's end.
    expect(allowed(t, '|]:')).toBe('|]:')
    expect(allowed(t, 'a \n"')).toBe('')
    t.push('|')
    expect(allowed(t, 'a \n')).toBe('a \n')
  })

  it('refuses what is not ABC: stray length digits, odd bar lines, empty bars, long ending numbers', () => {
    const t = at('abcd efga|ab ')
    expect(t.allows('2')).toBe(false)
    const bar = at('abcd efga||')
    expect(bar.allows('|')).toBe(true) // `|||:` is written
    bar.push('|')
    expect(bar.allows('|')).toBe(false)
    expect(at('abcd efga| ').allows('|')).toBe(true) // may still become `||`
    const empty = at('abcd efga| |')
    expect(empty.allows('a')).toBe(false)
    expect(empty.allows('|')).toBe(true)
    const ending = at('abcd efga|[1abcd efga:|2')
    expect(allowed(ending, '3,a')).toBe(',a')
  })

  it('denies a short bar that pairs with no pickup, unless it is an ending the next pickup completes', () => {
    const h = { M: '6/8', L: '1/8' }
    expect(at('abc def|abc d', h).allows('|')).toBe(false)
    expect(at('abc def|abc d', h).allows(':')).toBe(false)
    const t = at('abc def|[1abc def:|[2abc d', h)
    expect(t.allows('|')).toBe(true) // the next section's pickup may be 2/8
    t.feed('||')
    const owes = t.clone()
    owes.feed('a')
    expect(owes.allows(' ')).toBe(true)
    expect(owes.allows('b')).toBe(true)
    owes.push('b')
    expect(owes.allows('c')).toBe(false) // the pickup owed is 2/8
    expect(owes.allows('|')).toBe(true)
    const unpaid = t.clone()
    unpaid.feed('abc')
    expect(unpaid.allows('|')).toBe(false)
  })

  it('treats text that is not music as always allowed', () => {
    const t = at('abcd efga')
    expect(allowed(t, 'abc')).toBe('')
    for (const prefix of ['"', '%', '!', '{', '[K:', '+']) {
      const c = t.clone()
      c.feed(prefix)
      expect(allowed(c, 'abcdefg123/'), prefix).toBe('abcdefg123/')
    }
    // A header line mid-tune: every character of it is allowed.
    const h = at('abcd efga|\n')
    h.feed('T')
    expect(h.allows(':')).toBe(true)
    h.push(':')
    expect(allowed(h, 'ab9|')).toBe('ab9|')
  })

  it('does not allow a blank line (the end of the tune) in the middle of a bar', () => {
    const t = at('abcd efga|abcd\n')
    expect(t.allows('\n')).toBe(false)
    // A first bar may be a pickup, even when it is all there is.
    expect(at('abcd\n').allows('\n')).toBe(true)
    const done = at('abcd efga|\n')
    expect(done.allows('\n')).toBe(true)
  })

  it('knows tuplets, broken rhythm and chords while writing', () => {
    const t = at('(3abc de fga', { M: '2/4', L: '1/8' })
    // (3abc = 2/8, de = 2/8: the bar was full before `fga`.
    expect(t.state.faults).toBeGreaterThan(0)
    const b = at('a>b c', { M: '2/4', L: '1/8' })
    expect(b.state.barLength).toBe('1/4')
    expect(b.allows('>')).toBe(true)
    b.push('>')
    expect(b.allows('d')).toBe(true)
    const c = at('[CEG]3', { M: '2/4', L: '1/8' })
    expect(c.state.pending).toBe('3/8')
    expect(c.allows('a')).toBe(true)
    expect(c.allows('4')).toBe(false)
  })

  it('follows a mid-tune meter change in the prompt', () => {
    const t = RhythmTracker.fromPrompt('X:1\nT:t\nM:4/4\nL:1/8\nK:G\nabcd efga|\nM:3/4\nabc de')
    expect(t.state.meter).toBe('3/4')
    expect(t.allows('|')).toBe(false)
    expect(t.allows('f')).toBe(true)
    t.push('f')
    expect(t.allows('|')).toBe(true)
    expect(t.allows('g')).toBe(false)
    t.feed('|[M:2/4]ab')
    expect(t.state.meter).toBe('2/4')
    expect(t.allows('|')).toBe(false)
  })

  it('reads the default unit length from the first meter, as abcjs does', () => {
    expect(RhythmTracker.fromPrompt('X:1\nM:2/4\nK:G\n').state.unitLength).toBe('1/16')
    expect(RhythmTracker.fromPrompt('X:1\nM:6/8\nK:G\n').state.unitLength).toBe('1/8')
    expect(RhythmTracker.fromPrompt('X:1\nM:2/4\nK:G\nM:6/8\n').state.unitLength).toBe('1/16')
  })

  it('clones are independent of the original and of each other', () => {
    const t = at('abcd e')
    const a = t.clone()
    const b = t.clone()
    a.feed('fga| ')
    b.feed('f2')
    expect(t.state.barLength).toBe('1/2')
    expect(t.state.pending).toBe('1/8')
    expect(t.barsWritten).toBe(0)
    expect(a.barsWritten).toBe(1)
    expect(a.state.barLength).toBe('0/1')
    expect(b.state.pending).toBe('1/4')
    // Asking does not change anything.
    for (const c of 'abc|/2') t.allows(c)
    expect(t.state).toEqual(t.clone().state)
    expect(t.state.pending).toBe('1/8')
  })

  it('allows every character of the Nottingham tunes whose bars all check out, but for four idioms', () => {
    // Right in hindsight (the checker accepts them), refused while writing: a part closed by a
    // short bar under a plain `|` and a `P:` line; a short closing bar (not an ending) that the
    // next part's pickup completes; a bar line written `|:|||:`; a tune's last bar shorter than
    // any pickup makes up (the checker, like abc2midi, lets a final note be short; the sampler
    // may not end a tune so).
    const denied: string[] = []
    let tunes = 0
    for (const raw of corpusTunes()) {
      const text = cleanForTraining(raw.text)
      if (checkBars(text).wrong > 0) continue
      tunes++
      const t = new RhythmTracker()
      for (let i = 0; i < text.length; i++) {
        if (!t.allows(text[i])) {
          denied.push(`${raw.file} X:${raw.xNumber} ${text[i]}`)
          break
        }
        t.push(text[i])
      }
    }
    expect(tunes).toBeGreaterThan(990)
    expect(denied).toEqual([
      'hpps.abc X:11 |', 'hpps.abc X:32 |', 'jigs.abc X:4 \n', 'jigs.abc X:61 |', 'jigs.abc X:154 |', 'jigs.abc X:174 |', 'jigs.abc X:176 |', 'jigs.abc X:195 \n', 'jigs.abc X:198 |', 'jigs.abc X:273 |',
      'jigs.abc X:282 |', 'jigs.abc X:283 |', 'jigs.abc X:338 |', 'morris.abc X:4 \n', 'morris.abc X:29 |', 'playford.abc X:2 \n',
      'playford.abc X:9 |', 'playford.abc X:14 |', 'reelsa-c.abc X:1 |', 'reelsa-c.abc X:51 |', 'reelsd-g.abc X:9 |',
      'reelsd-g.abc X:10 |', 'reelsd-g.abc X:19 |', 'reelsd-g.abc X:26 |', 'reelsd-g.abc X:28 |', 'reelsd-g.abc X:63 |',
      'reelsh-l.abc X:14 |', 'reelsh-l.abc X:55 |', 'reelsh-l.abc X:70 |', 'reelsm-q.abc X:58 |',
      'reelsr-t.abc X:32 |', 'reelsu-z.abc X:10 |', 'waltzes.abc X:24 |', 'xmas.abc X:6 |', 'xmas.abc X:12 |',
    ])
  })

  it('lets a finished tune end', () => {
    const t = RhythmTracker.fromPrompt(cleanForTraining(corpusTune('jigs.abc', 2).text) + '\n')
    expect(t.faults).toBe(0)
    expect(t.allows('\n')).toBe(true)
  })

  it('finds a fault in a real tune with a wrong bar', () => {
    // hpps.abc X:25 has a bar of 31/32 in 4/4 (bar 42).
    const raw = corpusTune('hpps.abc', 25)
    expect(checkBars(raw.text).wrong).toBeGreaterThan(0)
    expect(RhythmTracker.fromPrompt(raw.text + '\n\n').faults).toBeGreaterThan(0)
  })

  it('counts bars written, a multi-measure rest as many', () => {
    const t = at('abcd efga|Z3|abcd efga|')
    expect(t.barsWritten).toBe(5)
  })
})

describe('RhythmTracker.inKey', () => {
  it('in G major: ^ is in key (f#), _ is not; a sharp only on f', () => {
    const t = at('', { K: 'G' })
    expect(t.inKey('^')).toBe(true)
    expect(t.inKey('_')).toBe(false)
    expect(t.inKey('f')).toBe(true)
    t.push('^')
    expect(t.inKey('f')).toBe(true)
    expect(t.inKey('c')).toBe(false)
    expect(t.inKey('^')).toBe(false)
  })

  it('in D mixolydian c is natural, and an accidental carries to the end of the bar', () => {
    const t = at('', { K: 'Dmix' })
    expect(t.inKey('c')).toBe(true)
    expect(t.inKey('f')).toBe(true)
    t.feed('^c')
    expect(t.inKey('c')).toBe(false)
    expect(t.inKey('C')).toBe(true)
    t.push('=')
    expect(t.inKey('c')).toBe(true)
    const next = at('^c d|', { K: 'Dmix' })
    expect(next.inKey('c')).toBe(true)
  })

  it('knows minor and modal keys, explicit accidentals, and mid-tune key changes', () => {
    expect(at('', { K: 'Ador' }).inKey('^')).toBe(true) // A dorian has G major's f#
    expect(at('', { K: 'Ddor' }).inKey('^')).toBe(false)
    expect(at('', { K: 'Ddor' }).inKey('=')).toBe(true)
    expect(at('', { K: 'Em' }).inKey('f')).toBe(true)
    const t = at('', { K: 'Em' })
    t.push('=')
    expect(t.inKey('f')).toBe(false)
    const dm = at('', { K: 'Dm' })
    dm.push('_')
    expect(dm.inKey('B')).toBe(true)
    const exp = at('', { K: 'D ^g' })
    exp.push('=')
    expect(exp.inKey('g')).toBe(false)
    const change = at('abcd|\nK:Bb\n', { K: 'G' })
    expect(change.inKey('_')).toBe(true)
    expect(change.inKey('^')).toBe(false)
  })

  it('leaves text that is not music alone', () => {
    const t = at('"', { K: 'C' })
    expect(t.inKey('^')).toBe(true)
  })
})

describe('RhythmTracker on unfinished or odd text', () => {
  it('closes a grace group or chord left open at the end of a tune', () => {
    const t = at('abcd efga|{ga\n\n', { M: '4/4', L: '1/8' })
    expect(t.state.context).toBe('music')
    const c = at('abcd efga|[CE\n\n', { M: '4/4', L: '1/8' })
    expect(c.state.context).toBe('music')
    expect(c.state.barLength).toBe('0/1')
  })

  it('survives absurd lengths without throwing', () => {
    const t = at('a99999999999999/99999999999999 b/0 c0 (99:0:0d [|]] ::::')
    expect(typeof t.faults).toBe('number')
    expect(t.clone().allows('|')).toBe(t.allows('|'))
  })
})

describe('RhythmTracker.clone mid-tune', () => {
  /** Every character the corpus writes, and the line break that ends a tune. */
  const vocab = Array.from(new Set(corpusTunes().map((t) => t.text).join('') + '\n'))
  /** What the sampler's masks ask of a tracker about each next character: `allows`, and `inKey` for the key mask. */
  const verdicts = (t: RhythmTracker): string => vocab.map((c) => (t.allows(c) ? 'a' : '-') + (t.inKey(c) ? 'k' : '-')).join('')
  /**
   * Tunes that between them write every construct the corpus has: the first jig, reel, hornpipe
   * and waltz, then the first tune with each of these (tuplets, chords, endings, parts,
   * decorations, a multi-measure rest, an overlay, a meter changed in the body).
   */
  function variedTunes(): { name: string; text: string }[] {
    const all = corpusTunes()
    const chosen = new Set(['jigs.abc', 'reelsa-c.abc', 'hpps.abc', 'waltzes.abc'].map((file) => all.find((t) => t.file === file)))
    for (const feature of [/\(3/, /\[[A-Ga-g^_=][^\]|]*\]/, /\[1/, /\nP:/, /!/, /\+/, /Z/, /&/, /\nK:[^\n]*\n[^]*\nM:/]) {
      chosen.add(all.find((c) => feature.test(c.text)))
    }
    return [...chosen].filter((t) => t !== undefined).map((t) => ({ name: `${t.file} X:${t.xNumber}`, text: t.text + '\n\n' }))
  }
  /** Constructs the corpus never writes: voices, inline fields, grace notes, broken rhythm, a `(p:q:r` tuplet. */
  const handWritten = tune('V:1\nabc>d e<f g2|[M:3/4]{ga}b2 (3:2:3cde|[L:1/16]a4 b4 c4|\nV:2\nABC DEF|[V:1] a2 b2 c2|\n\n', {
    M: '4/4',
    L: '1/8',
  })

  it('copies every field of every record the tracker is made of', () => {
    const t = new RhythmTracker()
    const fields = (o: unknown): Record<string, unknown> => o as Record<string, unknown>
    const records = Object.entries(fields(t)).filter(
      ([, v]) => typeof v === 'object' && v !== null && typeof fields(v).copyFrom === 'function',
    )
    expect(records.length).toBeGreaterThan(5)
    // A value no copy could come by except by copying that very field.
    for (const [name, record] of records) for (const key of Object.keys(fields(record))) fields(record)[key] = Symbol(`${name}.${key}`)
    const copy = fields(t.clone())
    for (const [name, record] of records) expect(copy[name], name).toEqual(record)
  })

  /** Where `original` and its clone first disagree on the vocabulary as both read `rest`, or null. */
  function firstDisagreement(original: RhythmTracker, rest: string): number | null {
    const copy = original.clone()
    for (let j = 0; j < rest.length; j++) {
      if (verdicts(copy) !== verdicts(original)) return j
      original.push(rest[j])
      copy.push(rest[j])
    }
    return verdicts(copy) === verdicts(original) && copy.faults === original.faults ? null : rest.length
  }

  it('agrees with the original on every next character (allows and inKey), at every point of real tunes and as both go on', () => {
    const tunes = [...variedTunes(), { name: 'hand-written', text: handWritten }]
    expect(tunes.length).toBeGreaterThan(8)
    const disagreements: string[] = []
    let followed = 0
    for (const { name, text } of tunes) {
      const original = new RhythmTracker()
      for (let i = 0; i < text.length; i++) {
        if (firstDisagreement(original, '') !== null) disagreements.push(`${name}: cloned at ${i}`)
        // Every 101st point (a prime, so the points fall in every kind of construct), a clone and
        // an original fed the same text so far go on to the tune's end together.
        if (i % 101 === 0) {
          followed++
          const apart = firstDisagreement(RhythmTracker.fromPrompt(text.slice(0, i)), text.slice(i))
          if (apart !== null) disagreements.push(`${name}: cloned at ${i}, apart ${apart} characters later`)
        }
        original.push(text[i])
      }
    }
    expect(followed).toBeGreaterThan(40)
    expect(disagreements).toEqual([])
  })
})
