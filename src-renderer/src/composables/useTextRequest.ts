/**
 * A request about one version of the editor's text (suggest chords, rewrite bars): busy while it
 * runs, its error in words, and a result whose offsets hold only for the text it was made for —
 * `stale` says so, in the caller's words, before a result is applied to a text that has changed.
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

  /** True (and `message` shown) when `current` is no longer the text the result was made for. */
  function stale(current: string, message: string): boolean {
    if (current === sentText) return false
    error.value = message
    return true
  }

  return { busy, error, result, run, stale }
}
