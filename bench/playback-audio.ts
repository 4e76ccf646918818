/**
 * Playback figures that need real Web Audio, measured in Debian Chromium against web mode (as the
 * e2e tests run it): how soon the first note sounds after Play for each instrument (cold: the first
 * Play after choosing it builds its voices, its samples already decoded when it was chosen; warm:
 * again after Stop), how fast a 32-bar reel renders offline to a WAV (× real time, on the
 * default fiddle and guitar), and the size of the instrument samples the build ships.
 * Skipped with --quick (building the renderer and booting web mode alone take longer than that run).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import abcjs from 'abcjs'
import type { Page } from 'playwright-core'
import { buildTimeline } from '../src-renderer/src/playback/timing/timeline'
import { decodeWav } from '../tests/e2e/audio-onsets'
import { launchChromium, startWebMode } from '../tests/e2e/web-mode'
import { corpusTexts } from './playback'
import { MELODY_SOUNDS, shippedSamples, type MelodySound } from '../src-shared/audio/samples'
import type { BenchContext, JsonValue } from './section'

/** The player starts the transport this long after Play (tone-player.ts START_LEAD_S). */
const START_LEAD_MS = 80
const REEL_BARS = 32

/** A Nottingham reel that plays 32 bars with its repeats, marked R:reel so it is swung as one. */
function thirtyTwoBarReel(): string {
  const text = corpusTexts().find((t) => /^T:.*Reel/m.test(t) && buildTimeline(abcjs.parseOnly(t)[0]).bars.filter((b) => b.number > 0).length === REEL_BARS)
  if (!text) throw new Error('no 32-bar reel in the corpus')
  return text.replace(/^M:(.*)$/m, 'M:$1\nR:reel')
}

/** Milliseconds from clicking Play until the transport is started, plus its scheduling lead. */
async function firstSoundMs(page: Page): Promise<number> {
  const ms = await page.evaluate(async () => {
    const bar = document.querySelector('[data-testid="player"]')!
    const play = document.querySelector<HTMLButtonElement>('[data-testid="player-play"]')!
    const t0 = performance.now()
    play.click()
    while (bar.getAttribute('data-status') !== 'playing') await new Promise((r) => setTimeout(r, 1))
    return performance.now() - t0
  })
  await page.getByTestId('player-stop').click()
  await page.waitForFunction(() => document.querySelector('[data-testid="player"]')?.getAttribute('data-status') === 'stopped')
  return Math.round(ms + START_LEAD_MS)
}

/** Bytes of the samples in the renderer build, in MiB. */
function shippedMiB(rendererDir: string): number {
  const bytes = shippedSamples().reduce((sum, s) => sum + statSync(path.join(rendererDir, s.path)).size, 0)
  return Number((bytes / 2 ** 20).toFixed(2))
}

/** Chooses each instrument, waits for its samples, then times Play: cold once, warm as the median of three. */
async function firstSoundPerSound(page: Page): Promise<JsonValue> {
  const figures: Record<string, JsonValue> = {}
  for (const sound of [...(Object.keys(MELODY_SOUNDS) as MelodySound[]).filter((s) => s !== 'fiddle'), 'fiddle']) {
    await page.getByTestId('player-sound').selectOption(sound)
    await page.waitForFunction(() => !document.querySelector('[data-testid="player-sound-loading"]'))
    const cold = await firstSoundMs(page)
    const warm = [await firstSoundMs(page), await firstSoundMs(page), await firstSoundMs(page)].sort((a, b) => a - b)[1]
    figures[sound] = { cold, warm }
  }
  return figures
}

export async function audioFigures(ctx: BenchContext): Promise<JsonValue> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-bench-playback-'))
  process.env.TUNESMITH_OUT_DIR = outDir
  ctx.log('playback: web mode + Chromium for the audio figures')
  const web = await startWebMode()
  const browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(web.url)
    await page.locator('.cm-content').click()
    await page.keyboard.press('Control+A')
    await page.keyboard.insertText(thirtyTwoBarReel())
    // The starter tune is drawn first: wait for the reel's score (over 100 notes) to replace it.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="live-score"] svg .abcjs-note').length > 100)
    await page.waitForTimeout(500)
    const firstSound = await firstSoundPerSound(page)
    await page.getByTestId('player-extras').locator('summary').click()
    const started = performance.now()
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.getByTestId('player-export-wav').click()])
    const wav = decodeWav(new Uint8Array(readFileSync(await download.path())))
    const renderS = (performance.now() - started) / 1000
    return {
      firstSoundMs: firstSound,
      reel32: { audioSeconds: Number(wav.seconds.toFixed(2)), renderSeconds: Number(renderS.toFixed(2)), timesRealTime: Number((wav.seconds / renderS).toFixed(1)) },
      shippedSamplesMiB: shippedMiB(path.join(outDir, 'renderer')),
    }
  } finally {
    await browser.close()
    await web.stop()
    rmSync(outDir, { recursive: true, force: true })
  }
}
