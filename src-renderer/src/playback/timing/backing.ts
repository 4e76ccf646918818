/**
 * Backing patterns per tune type, for abcjs's chord track (`setUpAudio({ gchord })`): abcjs reads
 * the chord symbols (`"D"`, `"Em7"`, `"G/B"`), voices them and plays the bass, in the pattern
 * given here, one letter per quaver of the bar: `f` bass (root, then the fifth), `c` the chord,
 * `z` nothing. The feel's swing then moves the off-beat strokes with the melody.
 */
import type { Meter } from './tempo'

/**
 * General MIDI programs abcjs tags the backing's notes with (acoustic bass, nylon guitar): how the
 * bass is told from the chord strokes, which sound on different instruments.
 */
export const BASS_PROGRAM = 32
export const CHORD_PROGRAM = 24

export interface Backing {
  /** What the musician sees: "reel vamp", "jig 1-2-3 4-5-6"... */
  name: string
  gchord: string
}

/** Bass on 1 and 3, chord on 2 and 4: the reel and hornpipe vamp. */
const VAMP: Backing = { name: 'vamp', gchord: 'fzczfzcz' }

/** Patterns by `R:` first, then by metre; null leaves abcjs's default for the metre. */
const BY_RHYTHM: ReadonlyArray<[RegExp, Backing]> = [
  [/reel|hornpipe|strathspey|barndance/, VAMP],
  [/polka/, { name: 'polka', gchord: 'fcfc' }],
  [/waltz|mazurka/, { name: 'oom-pah-pah', gchord: 'fzczcz' }],
]

const BY_METER: Record<string, Backing> = {
  '4/4': VAMP,
  '2/2': VAMP,
  '2/4': { name: 'polka', gchord: 'fcfc' },
  '3/4': { name: 'oom-pah-pah', gchord: 'fzczcz' },
  '6/8': { name: '1-2-3 4-5-6', gchord: 'fccfcc' },
  '9/8': { name: '1-2-3 4-5-6 7-8-9', gchord: 'fccfccfcc' },
  '12/8': { name: '1-2-3 4-5-6 ×2', gchord: 'fccfccfccfcc' },
}

/** The pattern must fill the bar exactly (one letter a quaver) or abcjs plays it cut or spread. */
function fits(backing: Backing, meter: Meter): boolean {
  return backing.gchord.length === (8 * meter.num) / meter.den
}

export function backingFor(rhythm: string | undefined, meter: Meter): Backing | null {
  const r = (rhythm ?? '').toLowerCase()
  const byRhythm = BY_RHYTHM.find(([pattern]) => pattern.test(r))?.[1]
  if (byRhythm && fits(byRhythm, meter)) return byRhythm
  const byMeter = BY_METER[`${meter.num}/${meter.den}`]
  return byMeter && fits(byMeter, meter) ? byMeter : null
}
