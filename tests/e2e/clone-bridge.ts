/**
 * The e2e suite once more as the Electron renderer sees the API (`TUNESMITH_E2E_BRIDGE=clone`,
 * `npm run test:e2e:bridge`): a `window.api` installed before the page loads, standing in for the
 * preload's object behind contextBridge. Every input is copied with structuredClone at the call,
 * as contextBridge does, so anything uncloneable (a Vue reactive Proxy) throws there; errors
 * reach the page rebuilt from their message alone, as they do across the bridge. Behind the copy
 * the calls go to web mode over HTTP. Native dialogs (`api.desktop`) are left out: Chromium has
 * none, so the page keeps its browser import.
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
  const call = async (name, input) => {
    const response = await fetch('/api/call/' + name, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Tunesmith-Token': token },
      body: JSON.stringify(input ?? {}),
    })
    const body = await response.json().catch(() => null)
    if (response.ok) return copy(body)
    throw new Error(body?.error?.message ?? 'Server answered ' + response.status)
  }
  const api = { events: {} }
  for (const [domain, verbs] of Object.entries(channels)) {
    api[domain] = {}
    for (const [verb, name] of Object.entries(verbs)) {
      // Copied at the call, synchronously, as contextBridge does: the error is thrown, not a rejection.
      api[domain][verb] = (input) => {
        const copied = copy(input)
        return call(name, copied)
      }
    }
  }
  let source = null
  for (const [key, name] of Object.entries(events)) {
    api.events['on' + key.charAt(0).toUpperCase() + key.slice(1)] = (listener) => {
      source ??= new EventSource('/api/events?token=' + encodeURIComponent(token))
      const handler = (e) => listener(copy(JSON.parse(e.data)))
      source.addEventListener(name, handler)
      return () => source.removeEventListener(name, handler)
    }
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
