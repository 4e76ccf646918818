/**
 * A request about one version of the editor's text (suggest chords, rewrite bars): busy while it
 * runs, its error in words, and a result whose offsets hold only for the text it was made for —
 * `take` hands it over once to be applied, and refuses in the caller's words when the text has changed.
 */
import { ref, shallowRef } from 'vue'
import { errorMessage } from '../api'

export function useTextRequest<R>() {
  const busy = ref(false)
  const error = ref<string | null>(null)
  const result = shallowRef<R | null>(null)
  let sentText = ''

  /** Runs `call` for `text`; the result (or the error, in words) replaces the previous one. */
  async function run(text: string, call: (text: string) => Promise<R>): Promise<R | null> {
    error.value = null
    busy.value = true
    sentText = text
    try {
      result.value = await call(text)
    } catch (err) {
      result.value = null
      error.value = errorMessage(err)
    } finally {
      busy.value = false
    }
    return result.value
  }

  /**
   * The result, cleared as it is handed over, while `current` is still the text it was made for;
   * else null, the result kept and `message` shown.
   */
  function take(current: string, message: string): R | null {
    const r = result.value
    if (!r) return null
    if (current !== sentText) {
      error.value = message
      return null
    }
    result.value = null
    return r
  }

  return { busy, error, result, run, take }
}
