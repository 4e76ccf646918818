/** The chords a key offers, chord symbols read as root and family, and the covering-triad baseline. */
import { describe, expect, it } from 'vitest'
import { barPitches, candidateChords, chordTones, coverShare, coveringTriad, keyHarmony, readChord, sameChord } from '../../../../../src-main/model/cocompose/harmony'

const names = (key: string): string[] => candidateChords(keyHarmony(key)!).map((c) => c.name)

describe('the harmony of a key', () => {
  it('major: I ii IV V vi and V7; minor: i III iv VI VII with V and V7; the modes their own', () => {
    expect(names('G')).toEqual(['G', 'Am', 'C', 'D', 'Em', 'D7'])
    expect(names('Em')).toEqual(['Em', 'G', 'Am', 'C', 'D', 'B', 'B7'])
    expect(names('Ador')).toEqual(['Am', 'C', 'D', 'Em', 'G'])
    expect(names('Dmix')).toEqual(['D', 'Em', 'G', 'Am', 'C'])
    expect(names('F')).toEqual(['F', 'Gm', 'Bb', 'C', 'Dm', 'C7'])
    expect(names('A')).toEqual(['A', 'Bm', 'D', 'E', 'F#m', 'E7'])
    expect(keyHarmony('none')).toBeNull()
  })

  it("wider: the corpus's common chords outside the key follow, spelled on their letters (Bb in C, not A#)", () => {
    const wide = (key: string): string[] => candidateChords(keyHarmony(key)!, true).map((c) => c.name)
    expect(wide('G')).toEqual([...names('G'), 'A7', 'F', 'Bm', 'B7', 'E7'])
    expect(wide('C').slice(names('C').length)).toEqual(['D7', 'Bb', 'Em', 'E7', 'A7'])
    expect(wide('A').slice(names('A').length)).toEqual(['B7', 'G', 'C#m', 'C#7', 'F#7'])
    expect(wide('Em').slice(names('Em').length)).toEqual(['Bm', 'A7', 'E', 'F#7'])
    expect(wide('Dm').slice(names('Dm').length)).toEqual(['Am', 'G7', 'D', 'E7'])
    expect(wide('Ador')).toEqual(names('Ador'))
    const bFlat = candidateChords(keyHarmony('C')!, true).find((c) => c.name === 'Bb')!
    expect([bFlat.root, bFlat.family, bFlat.seventh]).toEqual([10, 'major', false])
  })

  it('reads chord symbols as root and family: a seventh is its triad, maj7 is major, text is no chord', () => {
    expect(sameChord(readChord('D7'), readChord('D'))).toBe(true)
    expect(sameChord(readChord('F#m7'), readChord('F#m'))).toBe(true)
    expect(sameChord(readChord('Gmaj7'), readChord('G'))).toBe(true)
    expect(sameChord(readChord('Em'), readChord('E'))).toBe(false)
    expect(sameChord(readChord('Bb'), readChord('A#'))).toBe(true)
    expect(readChord('^fine')).toBeNull()
  })

  it('the baseline picks the triad covering most of the bar by duration, the key signature and bar accidentals applied', () => {
    const g = keyHarmony('G')!
    expect(coveringTriad('"C"c2e g2f|', g).name).toBe('C')
    expect(coveringTriad('D2F A2c|', g).name).toBe('D')
    // F is F# in G, so f and a are D major's (B minor has only the F#).
    expect(coveringTriad('f3 a3|', g).name).toBe('D')
    // An =c in the bar is natural for the rest of the bar; a ^c makes the later c sharp, no note of C major.
    expect(coveringTriad('E2 =c c2 B|', g).name).toBe('C')
    expect(coveringTriad('E2 ^c c2 B|', g).name).toBe('Em')
    expect(coveringTriad('B3 d3|', g).name).toBe('G')
  })

  it("a chord's cover of a bar is the share of its melody, by duration, on the chord's tones (a dominant seventh's seventh included)", () => {
    const g = keyHarmony('G')!
    const [gMajor, , , d, , d7] = candidateChords(g)
    expect(chordTones(d7).sort((a, b) => a - b)).toEqual([0, 2, 6, 9])
    const bar = barPitches('B2 c2 d2 e2|', g)
    expect(coverShare(gMajor, bar)).toBeCloseTo(0.5)
    expect(coverShare(d, bar)).toBeCloseTo(0.25)
    expect(coverShare(d7, bar)).toBeCloseTo(0.5)
    expect(coverShare(d7, barPitches('d6 c2|', g))).toBe(1)
    expect(coverShare(gMajor, barPitches('z4|', g))).toBe(0)
    // A field line after the bar line (the next part's `P:B`) is not melody.
    expect(barPitches('DEF G2:|\nP:B\n', g)).toEqual(barPitches('DEF G2:|', g))
  })
})
