/**
 * Starts `npm run web` for real (the same entry point, as a child process) on a temporary
 * library, and Debian's Chromium through playwright-core.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
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
