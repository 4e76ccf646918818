/**
 * The player says in words why it cannot play a text: abcjs's audio set-up fails inside its repeat
 * handling on an ending with nothing after it, and its TypeError ("Cannot read properties of
 * undefined (reading 'el_type')") used to be what the player showed.
 */
import { describe, expect, it } from 'vitest'
import { buildTimeline } from '../../../../src-renderer/src/playback/timing/timeline'
import { playError } from '../../../../src-renderer/src/playback/timing/play-error'
import { parse } from './helpers'

function failureOf(text: string): unknown {
  try {
    buildTimeline(parse(text).tune)
  } catch (err) {
    return err
  }
  return null
}

describe('the player\'s error message', () => {
  it('explains an ending with no music after it in words, not abcjs\'s TypeError', () => {
    for (const text of ['X:1\nT:Cut\nM:4/4\nL:1/8\nK:G\nabcd efga|[2', 'X:1\nT:Cut\nM:4/4\nL:1/8\nK:G\n[1']) {
      const err = failureOf(text)
      expect(err, text).toBeInstanceOf(TypeError)
      const message = playError(err)
      expect(message).toMatch(/^Cannot play this tune: abcjs could not follow its repeats and endings to the end/)
      expect(message).not.toMatch(/undefined|el_type|properties/)
    }
  })

  it('passes a message that already says what is wrong through', () => {
    expect(playError(new Error('no notes'))).toBe('Cannot play this tune: no notes')
  })
})
