/** Filter choices (keys, meters, rhythms with counts) and the corpora, for the filter bar. */
import { ref } from 'vue'
import type { CorpusSummary, Facets } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'

export function useFacets() {
  const facets = ref<Facets>({ keys: [], meters: [], rhythms: [] })
  const corpora = ref<CorpusSummary[]>([])
  const error = ref<string | null>(null)

  async function reload(): Promise<void> {
    try {
      const [f, c] = await Promise.all([api.library.facets({}), api.library.listCorpora({})])
      facets.value = f
      corpora.value = c
      error.value = null
    } catch (err) {
      error.value = errorMessage(err)
    }
  }

  void reload()
  return { facets, corpora, error, reload }
}
