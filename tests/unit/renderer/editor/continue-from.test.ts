/** Where Continue, Complete the tune and Next part start from, and where each asks the sampler to stop. */
import { describe, expect, it } from 'vitest'
import { endOfTune, promptPlace, stopFor } from '../../../../src-renderer/src/editor/continue-from'

const FIRST = 'X:1\nT:One\nM:4/4\nL:1/8\nK:G\n|:GABc dedB|dedB dedB|\nc2ec B2dB|'
const SECOND = 'X:2\nT:Two\nM:6/8\nL:1/8\nK:D\nDFA dAF|'

describe('end of the tune', () => {
  it('is the end of the last music line, one line break kept, wherever the cursor is in the tune', () => {
    const text = `${FIRST}\n\n\n`
    for (const cursor of [0, 20, FIRST.length, text.length]) expect(endOfTune(text, cursor)).toBe(FIRST.length + 1)
    expect(endOfTune(FIRST, 3)).toBe(FIRST.length)
    expect(endOfTune(`${FIRST}   `, 3)).toBe(FIRST.length)
  })

  it('is the end of the tune the cursor is in when the text holds several', () => {
    const text = `${FIRST}\n\n${SECOND}\n`
    expect(endOfTune(text, 10)).toBe(FIRST.length + 1)
    // On the blank line between them: the tune above.
    expect(endOfTune(text, FIRST.length + 1)).toBe(FIRST.length + 1)
    expect(endOfTune(text, FIRST.length + 5)).toBe(text.length)
  })

  it('keeps a Windows line end whole', () => {
    const text = `${FIRST.replace(/\n/g, '\r\n')}\r\n\r\n`
    expect(text.slice(0, endOfTune(text, 4)).endsWith('dB|\r\n')).toBe(true)
  })
})

describe('prompt place and stop', () => {
  const lengthStop = { bars: 4 }

  it('continues from the cursor, and completes from the end of the tune', () => {
    const text = `${FIRST}\n`
    expect(promptPlace(text, 10, 'cursor')).toEqual({ at: 10, prompt: text.slice(0, 10), action: 'cursor' })
    expect(promptPlace(text, 10, 'complete')).toEqual({ at: text.length, prompt: text, action: 'complete' })
    expect(promptPlace(text, 10, 'next-part')).toMatchObject({ at: text.length, action: 'next-part' })
  })

  it('says in words when there is nothing to continue', () => {
    expect(promptPlace('  \n', 3, 'cursor')).toMatch(/Put the cursor after some music/)
    expect(promptPlace('\n\n', 0, 'complete')).toMatch(/Write the start of a tune first/)
  })

  it('stops at the Length setting for Continue, at the tune or part end for the form buttons', () => {
    expect(stopFor('cursor', lengthStop)).toEqual({ bars: 4 })
    expect(stopFor('cursor', 'line')).toBe('line')
    expect(stopFor('complete', lengthStop)).toBe('tune')
    expect(stopFor('next-part', lengthStop)).toBe('part')
  })
})
