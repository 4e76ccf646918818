/**
 * One generation at a time (continue or new tune): calls the model with a request id of its own,
 * shows each variation's text as its generationChunk events arrive, and replaces that with the
 * checked result at the end. Chunks are gathered and published at most every STREAM_FLUSH_MS,
 * so a fast sampler does not re-render the page per character.
 */
import { ref, shallowRef } from 'vue'
import type { GenerationChunk, GenerationResult } from '../../../src-shared/contract'
import { errorMessage } from '../api'
import { useApiEvent } from './useApiEvent'

const STREAM_FLUSH_MS = 80

function newRequestId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`
}

export function useGeneration() {
  const busy = ref(false)
  /** Each variation's text so far, while sampling. */
  const streamed = shallowRef<string[]>([])
  const result = shallowRef<GenerationResult | null>(null)
  const error = ref<string | null>(null)
  let requestId: string | null = null
  let buffers: string[] = []
  let flushTimer: ReturnType<typeof setTimeout> | undefined

  const flush = (): void => {
    flushTimer = undefined
    streamed.value = [...buffers]
  }

  useApiEvent('onGenerationChunk', (chunk: GenerationChunk) => {
    if (chunk.requestId !== requestId) return
    buffers[chunk.variation] = (buffers[chunk.variation] ?? '') + chunk.text
    flushTimer ??= setTimeout(flush, STREAM_FLUSH_MS)
  })

  /** Runs `call` with a fresh request id; a newer run makes an older one's answer moot. */
  async function run(call: (requestId: string) => Promise<GenerationResult>): Promise<GenerationResult | null> {
    const id = newRequestId()
    requestId = id
    buffers = []
    streamed.value = []
    error.value = null
    busy.value = true
    try {
      const answer = await call(id)
      if (requestId !== id) return null
      clearTimeout(flushTimer)
      flushTimer = undefined
      result.value = answer
      return answer
    } catch (err) {
      if (requestId === id) error.value = errorMessage(err)
      return null
    } finally {
      if (requestId === id) {
        busy.value = false
        streamed.value = []
      }
    }
  }

  function clear(): void {
    requestId = null
    result.value = null
    streamed.value = []
    busy.value = false
  }

  return { busy, streamed, result, error, run, clear }
}
