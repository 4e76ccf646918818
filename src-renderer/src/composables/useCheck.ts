/**
 * The composer's checker: abc.check for the editor's text, keeping the latest answer for the
 * status line. Answers arriving out of order are dropped (a slow check of older text must not
 * overwrite a newer one).
 */
import { ref } from 'vue'
import type { CheckResult } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'

export function useCheck() {
  const result = ref<CheckResult | null>(null)
  const error = ref<string | null>(null)
  let latest = 0

  async function check(text: string): Promise<CheckResult | null> {
    const ticket = ++latest
    try {
      const answer = await api.abc.check({ abc: text })
      if (ticket !== latest) return null
      result.value = answer
      error.value = null
      return answer
    } catch (err) {
      if (ticket === latest) error.value = `Could not check the tune: ${errorMessage(err)}`
      return null
    }
  }

  return { result, error, check }
}
