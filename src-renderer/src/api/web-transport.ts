/**
 * The contract's Transport over HTTP for web mode: POST /api/call/<channel> with the launch
 * token in a header, and one shared EventSource for events (EventSource cannot send headers,
 * so its token rides in the query string).
 */
import type { Transport } from '../../../src-shared/contract/client'
import { ApiError, isApiErrorBody } from '../../../src-shared/contract/errors'

const TOKEN_KEY = 'tunesmith.token'
export const TOKEN_HEADER = 'X-Tunesmith-Token'

/**
 * The token arrives once as `?token=` in the URL printed by `npm run web`; it is kept in
 * sessionStorage (per tab, gone when the tab closes) and removed from the address bar.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    history.replaceState(history.state, '', url)
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

export function createWebTransport(token: string | null): Transport {
  let source: EventSource | null = null
  const eventSource = (): EventSource => {
    source ??= new EventSource(`/api/events?token=${encodeURIComponent(token ?? '')}`)
    return source
  }

  return {
    async invoke(channel, input) {
      let response: Response
      try {
        response = await fetch(`/api/call/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token ?? '' },
          body: JSON.stringify(input),
        })
      } catch {
        throw new ApiError('unavailable', 'Cannot reach the Tunesmith server. Is `npm run web` still running?')
      }
      const body: unknown = await response.json().catch(() => null)
      if (response.ok) return body
      const error = (body as { error?: unknown } | null)?.error
      if (response.status === 401) {
        throw new ApiError('invalid-input', 'This page has no valid access token: open the URL that `npm run web` printed.')
      }
      throw isApiErrorBody(error) ? ApiError.fromBody(error) : new ApiError('internal', `Server answered ${response.status}`)
    },
    subscribe(event, listener) {
      const handler = (e: MessageEvent<string>): void => listener(JSON.parse(e.data) as unknown)
      const es = eventSource()
      es.addEventListener(event, handler)
      return () => es.removeEventListener(event, handler)
    },
  }
}
