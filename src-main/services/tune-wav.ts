/**
 * Tunes of an ABC text as WAV files without a window. Node has no Web Audio, so Chromium (headless,
 * through playwright-core) opens the renderer build's offline render page (render.html) and runs
 * the app's own render: the same timeline, feel, voices and shipped instrument samples as "Save
 * WAV" in the player (src-renderer/src/render-page.ts). The page's files are answered from the
 * build folder by request interception: no server, no port.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { splitTunes, readHeaders } from '../../src-shared/abc'
import { RENDER_FUNCTION, RENDER_PAGE, type WavRenderAnswer, type WavRenderRequest } from '../../src-shared/audio/render-request'
import { launchHeadlessChromium } from './chromium'
import { ensureRendererBuilt } from './renderer-build'

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** The origin the render page is given (a *.localhost name is a secure context in Chromium). */
const ORIGIN = 'http://tunesmith.localhost'
/** Long enough for the longest corpus tune rendered on a busy machine. */
const RENDER_TIMEOUT_MS = 300_000

export class TuneWavError extends Error {}

export type TuneWavOptions = Omit<WavRenderRequest, 'abc'>

export interface TuneWav {
  title: string
  wav: Buffer
  seconds: number
  bpm: number
  beat: number
  problem: string | null
}

/** The build file a request asks for, or null for anything outside the build folder. */
function buildFile(root: string, url: string): string | null {
  const { pathname } = new URL(url)
  const file = path.resolve(root, `.${decodeURIComponent(pathname)}`)
  return file.startsWith(path.resolve(root) + path.sep) ? file : null
}

/** Every tune of `abc` rendered in order; `log` hears about a renderer build and each tune. */
export async function makeTuneWavs(abc: string, options: TuneWavOptions, log: (line: string) => void): Promise<TuneWav[]> {
  const tunes = splitTunes(abc).tunes
  if (tunes.length === 0) throw new TuneWavError('The text has no tunes (a tune starts at an X: line)')
  const browser = await launchHeadlessChromium('Rendering a tune as audio')
  try {
    const root = await ensureRendererBuilt(PROJECT_ROOT, log)
    const page = await browser.newPage()
    page.setDefaultTimeout(RENDER_TIMEOUT_MS)
    await page.route(`${ORIGIN}/**`, (route) => {
      const file = buildFile(root, route.request().url())
      return file ? route.fulfill({ path: file }) : route.fulfill({ status: 404 })
    })
    const pageErrors: string[] = []
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(`${ORIGIN}/${RENDER_PAGE}`)
    await page.waitForFunction((name) => name in window, RENDER_FUNCTION)
    const rendered: TuneWav[] = []
    for (const tune of tunes) {
      const title = readHeaders(tune.text).title
      log(`rendering ${title}…`)
      const request: WavRenderRequest = { ...options, abc: tune.text }
      const answer = await page
        .evaluate(([name, req]) => (window as unknown as Record<string, (r: typeof req) => Promise<WavRenderAnswer>>)[name](req), [RENDER_FUNCTION, request] as const)
        .catch((err: unknown) => {
          throw new TuneWavError(`${title}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
        })
      rendered.push({ title, wav: Buffer.from(answer.wav, 'base64'), seconds: answer.seconds, bpm: answer.bpm, beat: answer.beat, problem: answer.problem })
    }
    if (pageErrors.length > 0) log(`the render page reported: ${pageErrors.join('; ')}`)
    return rendered
  } finally {
    await browser.close()
  }
}
