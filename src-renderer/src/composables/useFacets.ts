/**
 * Filter choices (keys, meters, rhythms with counts) and the corpora, for the filter bar. The
 * counts follow the chosen collection, so every choice offered finds tunes.
 */
import { ref, watch, type Ref } from 'vue'
import type { CorpusSummary, Facets } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'

export function useFacets(corpusId: Ref<number | null>) {
  const facets = ref<Facets>({ keys: [], meters: [], rhythms: [] })
  const corpora = ref<CorpusSummary[]>([])
  const error = ref<string | null>(null)

  async function reload(): Promise<void> {
    try {
      const [f, c] = await Promise.all([api.library.facets({ corpusId: corpusId.value ?? undefined }), api.library.listCorpora({})])
      facets.value = f
      corpora.value = c
      error.value = null
    } catch (err) {
      error.value = errorMessage(err)
    }
  }

  watch(corpusId, () => void reload(), { immediate: true })
  return { facets, corpora, error, reload }
}
