/** The `abc` domain of the API: checking ABC text (abcjs's parser, bars as played, repeats, fields the model wrote). */
import type { HandlersOf } from '../../src-shared/contract'
import type { abcChannels } from '../../src-shared/contract/abc'
import { checkAbc, checkTune } from '../abc/check'

export function createAbcService(): HandlersOf<typeof abcChannels> {
  return {
    // With `generatedFrom` the text is one tune: a musician's prompt and the model's continuation.
    check: ({ abc, generatedFrom }) => (generatedFrom === undefined ? checkAbc(abc) : checkTune(abc, { generatedFrom })),
  }
}
