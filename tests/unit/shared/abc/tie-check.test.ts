import { describe, expect, it } from 'vitest'
import { checkTune } from '../../../../src-shared/abc/check'
import { checkTies } from '../../../../src-shared/abc/tie-check'

const tune = (body: string): string => `X:1\nT:t\nM:4/4\nL:1/8\nK:G\n${body}\n`

describe('tie check', () => {
  it('accepts ties to the same pitch, over bar lines, line ends, chord symbols and inside chords', () => {
    for (const body of ['G4 A2 B2-|B2 c2 d4|', 'G4 A2 B2-\\\nB2 c2 d4|', 'G4 A2 B2-|"G"B2 c2 d4|', '[c2-g2-][cg] A2 B2 c2|', 'd2-^d2 c4|']) {
      expect(checkTies(tune(body)), body).toEqual([])
    }
  })

  it('reports a tie to another pitch, another octave, a rest, over a repeat, and at the end', () => {
    const cases: [string, RegExp][] = [
      ['G4 A2 B2-|c2 c2 d4|', /from B to c/],
      ['G4 A2 B2-|b2 c2 d4|', /from B to b/],
      ['G4 A2 B2-|z2 c2 d4|', /rest/],
      ['|:G4 A2 B2-:|B2 c2 d4|', /repeat sign or section end/],
      ['G4 A2 B2 c2 d4 B4-|', /end of the tune/],
    ]
    for (const [body, message] of cases) {
      const found = checkTies(tune(body))
      expect(found, body).toHaveLength(1)
      expect(found[0].message).toMatch(message)
      expect(found[0].source).toBe('ties')
      expect(found[0].line).toBe(6)
    }
  })

  it('is part of the whole-tune verdict', () => {
    expect(checkTune(tune('G4 A2 B2-|c2 c2 d4|')).diagnostics.some((d) => d.source === 'ties')).toBe(true)
    expect(checkTune(tune('G4 A2 B2-|B2 c2 d4|')).diagnostics.some((d) => d.source === 'ties')).toBe(false)
  })
})
