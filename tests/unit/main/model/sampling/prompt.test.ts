import { describe, expect, it } from 'vitest'
import { headerPrompt, tuneToContinue } from '../../../../../src-main/model/sampling/prompt'
import { readHeaders } from '../../../../../src-shared/abc/headers'
import { checkTune } from '../../../../../src-shared/abc/check'
import { corpusTunes } from './helpers'

describe('prompts', () => {
  it('a header prompt follows the corpus: X: 1, T:, M:, L:, R:, K:', () => {
    expect(headerPrompt({ title: 'New Jig', meter: '6/8', key: 'G', unitLength: '1/8', rhythm: 'jig' })).toBe('X: 1\nT:New Jig\nM:6/8\nL:1/8\nR:jig\nK:G\n')
    expect(headerPrompt({ meter: '6/8', key: 'Am' })).toBe('X: 1\nT:Untitled\nM:6/8\nK:Am\n')
    // Meters over 4 come with L:1/4 in the Nottingham files, so the prompt says so when the user did not.
    expect(headerPrompt({ meter: '4/4', key: 'D' })).toBe('X: 1\nT:Untitled\nM:4/4\nL:1/4\nK:D\n')
    expect(headerPrompt({ meter: '3/4', key: 'G' })).toContain('\nL:1/4\n')
    expect(headerPrompt({ meter: '4/4', key: 'D', unitLength: '1/8' })).toContain('\nL:1/8\n')
    // Line breaks in a value cannot smuggle in fields.
    expect(headerPrompt({ title: 'A\nK:C', meter: '2/4', key: 'D' })).toBe('X: 1\nT:A K:C\nM:2/4\nL:1/4\nK:D\n')
  })

  it('a header prompt reads back as the header asked for, and abcjs accepts it', () => {
    const prompt = headerPrompt({ title: 'T', meter: '9/8', key: 'D mix', rhythm: 'slip jig' })
    const h = readHeaders(prompt)
    expect([h.title, h.meter, h.key, h.rhythm, h.unitLength]).toEqual(['T', '9/8', 'D mix', 'slip jig', null])
    expect(checkTune(prompt).diagnostics.filter((d) => d.source === 'abcjs')).toEqual([])
  })

  it('the tune to continue is the last one of the text, up to its end', () => {
    const [a, b] = corpusTunes('hpps.abc')
    expect(tuneToContinue(`${a}\n\n\n${b.slice(0, 150)}`)).toBe(b.slice(0, 150))
    expect(tuneToContinue(`${a}\r\n`)).toBe(`${a}\r\n`)
    // The user's bytes, CRLF line ends included: only the model's view is mapped.
    expect(tuneToContinue(`X:1\r\nK:G\r\nA>B|\r\n\r\nX:2`)).toBe('X:2')
    expect(tuneToContinue(`X:1\r\nK:G\r\nA>B|\r\n\r\n`)).toBe('X:1\r\nK:G\r\nA>B|\r\n')
    expect(tuneToContinue(`${a}\n\nfree text after the tune\n`)).toBe(`${a}\n`)
    // A fragment with no X: line is continued as it is.
    expect(tuneToContinue('\n\n"G"GAB c2d|')).toBe('"G"GAB c2d|')
  })
})
