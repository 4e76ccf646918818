/**
 * The musician's pieces, searched and filtered. Text and tag go to the library's own search (FTS);
 * key, meter, rating and source are filtered here, because the pieces API has no such fields and
 * a person's pieces are hundreds, not the corpus's thousands (one page of up to 2,000 holds them).
 */
import { computed, ref, watch, type Ref } from 'vue'
import type { Piece, TagCount } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'

export type PieceSource = 'generated' | 'saved'

export interface PieceFilter {
  text: string
  tag: string
  key: string
  meter: string
  /** Minimum stars; 0 = any. */
  minRating: number
  source: '' | PieceSource
  /** The bin (deleted pieces) instead of the live ones. */
  bin: boolean
}

export const emptyPieceFilter = (): PieceFilter => ({ text: '', tag: '', key: '', meter: '', minRating: 0, source: '', bin: false })

/** The first value of a header field (`K:`, `M:`) in the tune's text. */
export function headerOf(abc: string, field: string): string | null {
  const m = new RegExp(`^${field}:[ \\t]*([^\\r\\n%]*)`, 'm').exec(abc)
  const value = m?.[1].trim()
  return value ? value : null
}

/** Sampled by a model (it has a model or sampling settings) or written/pasted by hand. */
export const sourceOf = (p: Piece): PieceSource => (p.modelId !== null || Object.keys(p.params).length > 0 ? 'generated' : 'saved')

const LIST_LIMIT = 2000

export function usePieces(filter: Ref<PieceFilter>) {
  const all = ref<Piece[]>([])
  const total = ref(0)
  const tags = ref<TagCount[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)
  let generation = 0
  /** Which list `all` holds: the bin or the live pieces (null before the first answer). */
  let loadedBin: boolean | null = null

  async function reload(): Promise<void> {
    const gen = ++generation
    const { text, tag, bin } = filter.value
    // The bin and the live pieces are different lists: while one loads, the other is not shown
    // under its heading (a live piece listed as 'in the bin', or the reverse).
    if (bin !== loadedBin) {
      all.value = []
      total.value = 0
    }
    loading.value = true
    try {
      const [page, tagList] = await Promise.all([
        api.library.listPieces({ text: text.trim() || undefined, tag: tag || undefined, deleted: bin ? 'deleted' : 'live', limit: LIST_LIMIT }),
        api.library.listTags({}),
      ])
      if (gen !== generation) return
      all.value = page.items
      total.value = page.total
      loadedBin = bin
      tags.value = tagList.filter((t) => t.pieces > 0)
      error.value = null
    } catch (err) {
      if (gen === generation) error.value = errorMessage(err)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  const items = computed(() => {
    const f = filter.value
    return all.value.filter(
      (p) =>
        (!f.key || headerOf(p.abc, 'K') === f.key) &&
        (!f.meter || headerOf(p.abc, 'M') === f.meter) &&
        p.rating >= f.minRating &&
        (!f.source || sourceOf(p) === f.source),
    )
  })

  const count = (values: (string | null)[]): { value: string; count: number }[] => {
    const counts = new Map<string, number>()
    for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
    return [...counts].map(([value, n]) => ({ value, count: n })).sort((a, b) => a.value.localeCompare(b.value))
  }
  const keys = computed(() => count(all.value.map((p) => headerOf(p.abc, 'K'))))
  const meters = computed(() => count(all.value.map((p) => headerOf(p.abc, 'M'))))

  /** Replaces one piece in the list after an edit, without a round trip. */
  function replace(piece: Piece): void {
    all.value = all.value.map((p) => (p.id === piece.id ? piece : p))
  }

  watch(() => [filter.value.text, filter.value.tag, filter.value.bin], () => void reload(), { immediate: true })

  return { items, total, truncated: computed(() => total.value > all.value.length), tags, keys, meters, loading, error, reload, replace }
}
