/**
 * Transposition for display and export: abcjs `strTranspose` rewrites the ABC text itself (key
 * signature, notes, chord symbols), so what is shown, printed and exported is plain ABC.
 */
import abcjs from 'abcjs'
import { computed, ref, type Ref } from 'vue'
import { errorMessage } from '../api'

export const TRANSPOSE_LIMIT = 12

export function usePiecesTranspose(abc: Ref<string>) {
  const semitones = ref(0)

  const result = computed((): { text: string; error: string | null } => {
    if (semitones.value === 0) return { text: abc.value, error: null }
    try {
      // strTranspose needs the parsed tune alongside the text it came from.
      return { text: abcjs.strTranspose(abc.value, abcjs.parseOnly(abc.value), semitones.value), error: null }
    } catch (err) {
      // The untransposed text stays usable; the message is shown beside the score.
      return { text: abc.value, error: `Could not transpose: ${errorMessage(err)}` }
    }
  })

  function shift(by: number): void {
    semitones.value = Math.max(-TRANSPOSE_LIMIT, Math.min(TRANSPOSE_LIMIT, semitones.value + by))
  }

  return {
    semitones,
    transposed: computed(() => result.value.text),
    error: computed(() => result.value.error),
    shift,
    reset: () => (semitones.value = 0),
  }
}
