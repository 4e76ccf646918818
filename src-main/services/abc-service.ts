/** The `abc` domain of the API: checking ABC text (abcjs's parser plus the bar-length check). */
import type { HandlersOf } from '../../src-shared/contract'
import type { abcChannels } from '../../src-shared/contract/abc'
import { checkAbc } from '../abc/check'

export function createAbcService(): HandlersOf<typeof abcChannels> {
  return {
    check: ({ abc }) => checkAbc(abc),
  }
}
