/**
 * Search results for the virtual list, fetched a page at a time as rows scroll into view: the
 * list knows the total at once and asks only for what it shows, so a library of 100,000 tunes
 * costs what 1,000 do. A new query discards pages (and late answers) of the old one.
 */
import { ref, shallowReactive, watch, type Ref } from 'vue'
import type { TuneSummary } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'

export interface TuneFilter {
  text?: string
  key?: string
  meter?: string
  rhythm?: string
  corpusId?: number
}

const PAGE_SIZE = 200

export function useTuneSearch(filter: Ref<TuneFilter>) {
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const pages = shallowReactive(new Map<number, TuneSummary[]>())
  const pending = new Set<string>()
  let generation = 0
  // The rows the list last showed: a reload refills them even if the list does not scroll.
  let shown: [number, number] = [0, 0]

  async function loadPage(page: number): Promise<void> {
    const gen = generation
    const key = `${gen}:${page}`
    if (pages.has(page) || pending.has(key)) return
    pending.add(key)
    try {
      const result = await api.library.searchTunes({ ...filter.value, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
      if (gen !== generation) return
      total.value = result.total
      pages.set(page, result.items)
      error.value = null
    } catch (err) {
      if (gen === generation) error.value = errorMessage(err)
    } finally {
      pending.delete(key)
    }
  }

  async function reload(): Promise<void> {
    generation++
    pages.clear()
    loading.value = true
    await loadPage(0)
    loading.value = false
    ensureRange(...shown)
  }

  function itemAt(index: number): TuneSummary | undefined {
    return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE]
  }

  /** Called by the list with the rows it is about to show. */
  function ensureRange(start: number, end: number): void {
    shown = [start, end]
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(end / PAGE_SIZE); p++) void loadPage(p)
  }

  watch(filter, () => void reload(), { deep: true, immediate: true })

  return { total, loading, error, itemAt, ensureRange, reload }
}
