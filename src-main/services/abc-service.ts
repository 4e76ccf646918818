/**
 * The `abc` domain of the API: checking ABC text (abcjs's parser, bars as played, repeats, fields
 * the model wrote) and converting it to MusicXML.
 */
import type { HandlersOf } from '../../src-shared/contract'
import { ApiError } from '../../src-shared/contract/errors'
import type { abcChannels } from '../../src-shared/contract/abc'
import { inlineChecker, type Checker } from './check-pool'
import { abcToMusicXml, MusicXmlError } from './musicxml'

/** `check`: where checks run (boot passes the worker pool; default: this thread). */
export function createAbcService(check: Checker = inlineChecker): HandlersOf<typeof abcChannels> {
  return {
    // The editor's text is still being written (finished: false). With `generatedFrom` it is one
    // tune: a musician's prompt and the model's continuation.
    check: ({ abc, generatedFrom }) => check({ abc, generatedFrom, finished: false }),
    toMusicXml: ({ abc }) => {
      try {
        return abcToMusicXml(abc)
      } catch (err) {
        if (err instanceof MusicXmlError) throw new ApiError('invalid-input', err.message)
        throw err
      }
    },
  }
}
