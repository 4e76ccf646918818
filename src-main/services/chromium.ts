/**
 * Debian's (or any installed) Chromium, headless through playwright-core: what the CLI uses where
 * it needs a browser engine Node lacks (abcjs engraving for a tunebook PDF, Web Audio for a WAV).
 * playwright-core is a development dependency, so this runs where the project is installed.
 */
import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'

/** Where Chromium is looked for when TUNESMITH_CHROMIUM (or CHROMIUM_PATH) does not say. */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

/** No Chromium to run: the message says where it was looked for and how to name it. */
export class ChromiumMissingError extends Error {}

/** The Chromium executable; `purpose` says in words what needs it ("Printing a tunebook"). */
export function chromiumPath(purpose: string): string {
  const fromEnv = process.env.TUNESMITH_CHROMIUM ?? process.env.CHROMIUM_PATH
  const found = fromEnv ?? CHROMIUM_CANDIDATES.find((p) => existsSync(p))
  if (!found || !existsSync(found)) {
    throw new ChromiumMissingError(
      `${purpose} needs Chromium; none found at ${fromEnv ?? CHROMIUM_CANDIDATES.join(', ')} (install it, e.g. apt install chromium, or set TUNESMITH_CHROMIUM to its path)`,
    )
  }
  return found
}

export async function launchHeadlessChromium(purpose: string, args: string[] = []): Promise<Browser> {
  const executablePath = chromiumPath(purpose)
  const { chromium } = await import('playwright-core')
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', ...args] })
}
