/**
 * The e2e suite once more as the Electron renderer sees the API (`TUNESMITH_E2E_BRIDGE=clone`,
 * `npm run test:e2e:bridge`): a `window.api` installed before the page loads, standing in for the
 * preload's bridge behind contextBridge (src-preload/ipc-transport.ts): `invoke` answers in
 * envelopes and `subscribe` passes events, for the contract's names only. Every input is copied
 * with structuredClone at the call, as contextBridge does, so anything uncloneable (a Vue reactive
 * Proxy) throws there; answers are copied back, and an error thrown across keeps only its message
 * (so a code reaches the page only inside an envelope). Behind the copy the calls go to web mode
 * over HTTP. Native dialogs are left out (no `desktop`): Chromium has none, so the page keeps its
 * browser import.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { domains, events } from '../../src-shared/contract'

export const BRIDGE_ENV = 'TUNESMITH_E2E_BRIDGE'

/** The browser-side code; runs before any page script. Plain JS: it is sent as text. */
const PAGE_SCRIPT = `(() => {
  const { channels, events } = BRIDGE_CONFIG
  const TOKEN_KEY = 'tunesmith.token'
  const url = new URL(location.href)
  const token = url.searchParams.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? ''
  sessionStorage.setItem(TOKEN_KEY, token)
  // As the page's own web transport does: the token never stays in the address bar.
  url.searchParams.delete('token')
  history.replaceState(history.state, '', url)
  const copy = (value) => {
    try {
      return structuredClone(value)
    } catch {
      throw new Error('An object could not be cloned.')
    }
  }
  const names = new Set(Object.values(channels).flatMap((verbs) => Object.values(verbs)))
  const eventNames = new Set(Object.values(events))
  // Main's answer as the preload hands it over: an envelope, copied across.
  const call = async (name, input) => {
    const response = await fetch('/api/call/' + name, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Tunesmith-Token': token },
      body: JSON.stringify(input ?? {}),
    })
    const body = await response.json().catch(() => null)
    if (response.ok) return copy({ ok: true, value: body })
    if (body?.error) return copy({ ok: false, error: body.error })
    throw new Error('Server answered ' + response.status)
  }
  let source = null
  const api = {
    // Copied at the call, synchronously, as contextBridge does: the error is thrown, not a rejection.
    invoke(name, input) {
      const copied = copy(input)
      if (!names.has(name)) return Promise.resolve({ ok: false, error: { code: 'not-found', message: 'Unknown API call: ' + name } })
      return call(name, copied).catch((err) => {
        throw new Error(err.message)
      })
    },
    subscribe(name, listener) {
      if (!eventNames.has(name)) throw new Error('Unknown API event: ' + name)
      source ??= new EventSource('/api/events?token=' + encodeURIComponent(token))
      const handler = (e) => listener(copy(JSON.parse(e.data)))
      source.addEventListener(name, handler)
      return () => source.removeEventListener(name, handler)
    },
  }
  window.api = Object.freeze(api)
})()`

function pageScript(): string {
  const channels = Object.fromEntries(Object.entries(domains).map(([domain, verbs]) => [domain, Object.fromEntries(Object.entries(verbs).map(([verb, def]) => [verb, def.name]))]))
  const eventNames = Object.fromEntries(Object.entries(events).map(([key, def]) => [key, def.name]))
  return `const BRIDGE_CONFIG = ${JSON.stringify({ channels, events: eventNames })};\n${PAGE_SCRIPT}`
}

/** With TUNESMITH_E2E_BRIDGE=clone, every page this browser opens gets the bridge. */
export function withCloneBridge(browser: Browser): Browser {
  if (process.env[BRIDGE_ENV] !== 'clone') return browser
  const script = pageScript()
  const newContext = browser.newContext.bind(browser)
  const install = async (context: BrowserContext): Promise<BrowserContext> => {
    await context.addInitScript({ content: script })
    return context
  }
  browser.newContext = async (options) => install(await newContext(options))
  // Playwright's browser.newPage is a context of its own that closes with the page.
  browser.newPage = async (options) => {
    const context = await install(await newContext(options))
    const page = await context.newPage()
    // The browser may already be closing it (end of a test file): nothing to report then.
    page.once('close', () => void context.close().catch(() => undefined))
    return page
  }
  return browser
}
