/// <reference lib="dom" />
/**
 * Starts `npm run web` for real (the same entry point, as a child process) on a temporary
 * library, and Debian's Chromium through playwright-core; `openApp` does both and opens the page,
 * and the composer helpers wait for the editor and fill it as a musician's paste would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { withCloneBridge } from './clone-bridge'

export const projectRoot = path.resolve(import.meta.dirname, '../..')

export interface WebMode {
  /** The printed URL, token included. */
  url: string
  libraryDir: string
  stop(): Promise<void>
}

export async function startWebMode(): Promise<WebMode> {
  const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/web/main.ts', '--port', '0', '--library', path.join(libraryDir, 'library.sqlite')],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const m = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)
      if (m) resolve(m[1])
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}:\n${output}`)))
  })
  return {
    url,
    libraryDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(libraryDir, { recursive: true, force: true })
    },
  }
}

/** `extraArgs`: e.g. `--autoplay-policy=no-user-gesture-required` for the playback test. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  })
  // TUNESMITH_E2E_BRIDGE=clone: the page talks through a contextBridge stand-in (clone-bridge.ts).
  return withCloneBridge(browser)
}

/** Screenshots go to out/ by default; `npm run screenshots` writes docs/screenshots/. */
export const screenshotDir = path.resolve(projectRoot, process.env.TUNESMITH_SCREENSHOTS_DIR ?? 'out/e2e-screenshots')

/** Calls the API the way the page does (POST + token header): for tests that set up or check state. */
export async function callApi<T>(web: WebMode, channel: string, input: unknown): Promise<T> {
  const url = new URL(web.url)
  const response = await fetch(new URL(`/api/call/${channel}`, url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Tunesmith-Token': url.searchParams.get('token') ?? '' },
    body: JSON.stringify(input),
  })
  const body: unknown = await response.json()
  if (!response.ok) throw new Error(`${channel}: ${JSON.stringify(body)}`)
  return body as T
}

export interface AppPage {
  web: WebMode
  browser: Browser
  page: Page
  /** Errors thrown on the page (with `consoleErrors`, console.error messages too), in order. */
  errors: string[]
  /** Closes the browser, stops web mode and removes the build folder; also after a failed start. */
  close(): Promise<void>
}

export interface OpenAppOptions {
  /** Names the temporary folder the renderer is built into. */
  name: string
  /** Extra Chromium flags, e.g. `--autoplay-policy=no-user-gesture-required` for audio without a click. */
  chromiumArgs?: string[]
  consoleErrors?: boolean
  /** Runs on the started web mode before the page opens (e.g. training a model through the API). */
  beforePage?: (web: WebMode) => Promise<void>
}

/**
 * Web mode with the renderer built into a folder of its own (other e2e runs may be building out/
 * meanwhile), and Chromium on its page at 1280×900: what each browser test starts from.
 */
export async function openApp(options: OpenAppOptions): Promise<AppPage> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), `tunesmith-${options.name}-out-`))
  process.env.TUNESMITH_OUT_DIR = outDir
  let web: WebMode | undefined
  let browser: Browser | undefined
  async function close(): Promise<void> {
    await browser?.close()
    await web?.stop()
    rmSync(outDir, { recursive: true, force: true })
  }
  try {
    web = await startWebMode()
    await options.beforePage?.(web)
    browser = await launchChromium(options.chromiumArgs)
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors: string[] = []
    if (options.consoleErrors) {
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
    }
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(web.url)
    return { web, browser, page, errors, close }
  } catch (err) {
    await close()
    throw err
  }
}

/** Waits for the composer (the first view) and, unless `model` is false, for the model it writes with. */
export async function openComposer(page: Page, { model = true } = {}): Promise<void> {
  await expect.poll(() => page.locator('.cm-content').count(), { timeout: 30_000 }).toBe(1)
  if (model) await expect.poll(() => page.getByTestId('model').locator('option:checked').textContent()).not.toBe('none yet')
}

/** Replaces the composer's text as a paste would (one transaction); the focus stays in the editor. */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click()
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(text)
}

/**
 * The composer with its model, holding `tune` (a tune, other than the text it holds now) and
 * its score drawn: the live score marks each drawing it finishes (data-render-ms).
 */
export async function openComposerWith(page: Page, tune: string): Promise<void> {
  await openComposer(page)
  const score = page.getByTestId('live-score')
  await score.evaluate((el) => delete (el as HTMLElement).dataset.renderMs)
  await setEditorText(page, tune)
  await expect.poll(() => score.getAttribute('data-render-ms'), { timeout: 30_000 }).not.toBeNull()
}
