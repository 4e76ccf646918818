/**
 * One generation at a time per purpose (continue, new tune): calls the model with a request id
 * of its own, shows each variation's text as its generationChunk events arrive, and replaces
 * that with the checked result at the end. Chunks are gathered and published at most every
 * STREAM_FLUSH_MS, so a fast sampler does not re-render the page per character.
 *
 * Each purpose's state lives for the app's lifetime (`useGeneration('continue')`), so leaving
 * the composer for the library and coming back keeps the variations, and a run finishes even
 * while its view is not shown.
 */
import { ref, shallowRef } from 'vue'
import type { GenerationChunk, GenerationResult } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'

const STREAM_FLUSH_MS = 80

function newRequestId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`
}

/** `C`: what the caller needs to remember about the run (e.g. where the prompt ended). */
function createGeneration<C>() {
  const busy = ref(false)
  /** Each variation's text so far, while sampling. */
  const streamed = shallowRef<string[]>([])
  const result = shallowRef<GenerationResult | null>(null)
  const error = ref<string | null>(null)
  const context = shallowRef<C | null>(null)
  let requestId: string | null = null
  let buffers: string[] = []
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let subscribed = false

  const flush = (): void => {
    flushTimer = undefined
    streamed.value = [...buffers]
  }

  const onChunk = (chunk: GenerationChunk): void => {
    if (chunk.requestId !== requestId) return
    buffers[chunk.variation] = (chunk.restart ? '' : buffers[chunk.variation] ?? '') + chunk.text
    flushTimer ??= setTimeout(flush, STREAM_FLUSH_MS)
  }

  /** Runs `call` with a fresh request id; a newer run makes an older one's answer moot. */
  async function run(ctx: C, call: (requestId: string) => Promise<GenerationResult>): Promise<GenerationResult | null> {
    if (!subscribed) {
      subscribed = true
      api.events.onGenerationChunk(onChunk)
    }
    const id = newRequestId()
    requestId = id
    buffers = []
    streamed.value = []
    result.value = null
    error.value = null
    context.value = ctx
    busy.value = true
    try {
      const answer = await call(id)
      if (requestId !== id) return null
      result.value = answer
      return answer
    } catch (err) {
      if (requestId === id) error.value = errorMessage(err)
      return null
    } finally {
      if (requestId === id) {
        clearTimeout(flushTimer)
        flushTimer = undefined
        busy.value = false
        streamed.value = []
      }
    }
  }

  function clear(): void {
    requestId = null
    result.value = null
    context.value = null
    streamed.value = []
    busy.value = false
  }

  return { busy, streamed, result, error, context, run, clear }
}

export type Generation<C> = ReturnType<typeof createGeneration<C>>

const generations = new Map<string, Generation<unknown>>()

export function useGeneration<C = null>(purpose: 'continue' | 'new-tune'): Generation<C> {
  let g = generations.get(purpose)
  if (!g) {
    g = createGeneration<unknown>()
    generations.set(purpose, g)
  }
  return g as Generation<C>
}
