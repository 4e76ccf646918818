import { describe, expect, it } from 'vitest'
import { keyAlteration, parseKey } from '../../../../src-shared/abc/key'
import { defaultUnitLength, parseMeter, parseUnitLength } from '../../../../src-shared/abc/meter'
import { show } from '../../../../src-shared/abc/rational'

describe('parseKey', () => {
  it('reads majors, minors and modes as the alterations of C D E F G A B', () => {
    expect(parseKey('G')).toBe('000+000')
    expect(parseKey('D')).toBe('+00+000')
    expect(parseKey('Bb')).toBe('00-000-')
    expect(parseKey('Em')).toBe('000+000')
    expect(parseKey('F#m')).toBe('+00++00')
    expect(parseKey('Dmix')).toBe('000+000')
    expect(parseKey('A Dorian')).toBe('000+000')
    expect(parseKey('E minor')).toBe('000+000')
    expect(parseKey('Gm')).toBe('00-000-')
  })

  it('adds explicit accidentals, ignores clef settings, and refuses what it cannot read', () => {
    expect(parseKey('D ^g')).toBe('+00++00')
    expect(parseKey('Dmix =f')).toBe('0000000')
    expect(parseKey('D exp ^f')).toBe('000+000')
    expect(parseKey('D clef=bass')).toBe('+00+000')
    expect(parseKey('none')).toBe('0000000')
    expect(parseKey('Xyz')).toBeNull()
    expect(parseKey('Gfoo')).toBeNull()
    expect(keyAlteration('00-000-', 'b')).toBe(-1)
    expect(keyAlteration('00-000-', 'C')).toBe(0)
  })
})

describe('meter and unit length', () => {
  it('reads meters, C and C|, additive meters and none', () => {
    expect(parseMeter('6/8')).toMatchObject({ text: '6/8', compound: true })
    expect(show(parseMeter('6/8')!.bar!)).toBe('3/4')
    expect(parseMeter('C')).toMatchObject({ text: '4/4' })
    expect(parseMeter('C|')).toMatchObject({ text: '2/2' })
    expect(show(parseMeter('2+3/8')!.bar!)).toBe('5/8')
    expect(parseMeter('none')!.bar).toBeNull()
    expect(parseMeter('waltz')).toBeNull()
    expect(parseMeter('3/0')).toBeNull()
  })

  it('reads L: and falls back to the ABC default (1/16 below 3/4, else 1/8)', () => {
    expect(show(parseUnitLength('1/4')!)).toBe('1/4')
    expect(parseUnitLength('1/0')).toBeNull()
    expect(show(defaultUnitLength(parseMeter('2/4')!))).toBe('1/16')
    expect(show(defaultUnitLength(parseMeter('3/4')!))).toBe('1/8')
    expect(show(defaultUnitLength(parseMeter('6/8')!))).toBe('1/8')
  })
})
