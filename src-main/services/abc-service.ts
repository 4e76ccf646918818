/** The `abc` domain of the API: checking ABC text (abcjs's parser, bars as played, repeats, fields the model wrote). */
import type { HandlersOf } from '../../src-shared/contract'
import type { abcChannels } from '../../src-shared/contract/abc'
import { checkAbc, checkTune } from '../abc/check'

export function createAbcService(): HandlersOf<typeof abcChannels> {
  return {
    // The editor's text is still being written (finished: false). With `generatedFrom` it is one
    // tune: a musician's prompt and the model's continuation.
    check: ({ abc, generatedFrom }) =>
      generatedFrom === undefined ? checkAbc(abc, { finished: false }) : checkTune(abc, { generatedFrom, finished: false }),
  }
}
