/**
 * The served app in real Chromium under its Content-Security-Policy: every view loads without a
 * single policy violation, while the policy really bites (eval, new Function, injected inline
 * script and requests to other hosts are blocked) and WebAssembly compiles (tfjs needs it).
 * Then the page fires 20 API calls at once with its token: all answer.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startWebMode, type WebMode } from './web-mode'

let web: WebMode
let browser: Browser
let page: Page
const pageErrors: string[] = []

interface Violation {
  directive: string
  blocked: string
  source: string
}

const violations = (): Promise<Violation[]> => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations)

beforeAll(async () => {
  web = await startWebMode()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  // Injected by the browser itself before the page's scripts (not subject to the page's CSP).
  await page.addInitScript(() => {
    const list: { directive: string; blocked: string; source: string }[] = []
    ;(window as unknown as { __cspViolations: typeof list }).__cspViolations = list
    document.addEventListener('securitypolicyviolation', (e) =>
      list.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` }),
    )
  })
  await page.goto(web.url)
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
})

describe('web mode in Chromium under the CSP', () => {
  it('serves the policy and loads every view without a violation', async () => {
    const response = await page.request.get(new URL('/', web.url).href)
    expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'")
    const nav = page.getByRole('navigation', { name: 'Views' })
    const buttons = await nav.getByRole('button').allTextContents()
    expect(buttons.length).toBeGreaterThanOrEqual(2)
    for (const name of buttons) {
      await nav.getByRole('button', { name: name.trim() }).click()
      await page.waitForLoadState('networkidle')
    }
    expect((await violations())).toEqual([])
    expect(pageErrors).toEqual([])
  })

  it('blocks eval, new Function, injected inline script and other hosts; allows WebAssembly', async () => {
    const result = await page.evaluate(async () => {
      const attempt = (fn: () => unknown): string => {
        try {
          fn()
          return 'ran'
        } catch (e) {
          return (e as Error).name
        }
      }
      const w = window as unknown as { __inline?: boolean }
      const script = document.createElement('script')
      script.textContent = 'window.__inline = true'
      document.body.appendChild(script)
      const wasm = await WebAssembly.compile(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0])).then(
        () => 'compiled',
        (e: Error) => e.name,
      )
      const remote = await fetch('http://192.0.2.1/').then(
        () => 'fetched',
        (e: Error) => e.name,
      )
      // Tone.js's clock: a Worker from a blob: URL is allowed (worker-src), a blob: script is not.
      const blobUrl = (code: string): string => URL.createObjectURL(new Blob([code], { type: 'text/javascript' }))
      const worker = await new Promise<string>((resolve) => {
        const wk = new Worker(blobUrl("self.postMessage('tick')"))
        wk.onmessage = () => resolve('ticked')
        wk.onerror = () => resolve('refused')
        setTimeout(() => resolve('silent'), 2000)
      })
      const blobScript = await new Promise<string>((resolve) => {
        const el = document.createElement('script')
        el.src = blobUrl('window.__inline = true')
        el.onload = () => resolve('ran')
        el.onerror = () => resolve('blocked')
        document.body.appendChild(el)
      })
      return {
        worker,
        blobScript,
        eval: attempt(() => eval('1 + 1')),
        newFunction: attempt(() => new Function('return 1')()),
        inlineScript: w.__inline === true ? 'ran' : 'blocked',
        wasm,
        remote,
      }
    })
    expect(result).toEqual({ worker: 'ticked', blobScript: 'blocked', eval: 'EvalError', newFunction: 'EvalError', inlineScript: 'blocked', wasm: 'compiled', remote: 'TypeError' })
    const directives = (await violations()).map((v) => v.directive)
    expect(directives).toContain('script-src')
    // The remote request was stopped by the policy, not merely by the lack of a network.
    expect(directives).toContain('connect-src')
  })

  it('answers 20 concurrent API calls from the page', async () => {
    const token = new URL(web.url).searchParams.get('token')!
    const statuses = await page.evaluate(async (t) => {
      const one = (i: number): Promise<number> =>
        fetch('/api/call/library.searchTunes', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Tunesmith-Token': t },
          body: JSON.stringify({ text: ['reel', 'jig', 'waltz', 'polka'][i % 4], limit: 50, offset: i }),
        }).then((r) => r.status)
      return Promise.all(Array.from({ length: 20 }, (_, i) => one(i)))
    }, token)
    expect(statuses).toEqual(Array(20).fill(200))
  })
})
