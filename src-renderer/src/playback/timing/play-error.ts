/**
 * Why a text cannot be played, in words. abcjs's audio set-up fails inside its own code on some
 * texts: an ending such as `[2` with nothing after it throws "Cannot read properties of undefined
 * (reading 'el_type')" from its repeat handling. Such a TypeError is abcjs's internals, not a
 * message a musician can act on; any other error already says what is wrong.
 */
export function playError(err: unknown): string {
  if (err instanceof TypeError) {
    return 'Cannot play this tune: abcjs could not follow its repeats and endings to the end ' +
      '(an ending such as [2 with no music after it?). The score and the problems list show where.'
  }
  return `Cannot play this tune: ${err instanceof Error ? err.message : String(err)}`
}
