/**
 * Playback in a real browser against real web mode: Tone.js on a running AudioContext (Chromium
 * with the autoplay policy lifted plays in real time headless), abcjs's engraving highlighted as
 * the transport moves. Open a Nottingham tune, play, pause, stop, loop bars, change the tempo;
 * in the composer the sounding note is marked in the editor's text as well.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshotDir, startWebMode, type WebMode } from './web-mode'
import { decodeWav, levelsAt, onsets, type DecodedWav } from './audio-onsets'

let web: WebMode
let browser: Browser
let page: Page
let outDir = ''
const pageErrors: string[] = []

const player = (): ReturnType<Page['getByTestId']> => page.getByTestId('player')
const status = (): Promise<string | null> => player().getAttribute('data-status')
const position = async (): Promise<number> => Number(await player().getAttribute('data-position'))
const bar = async (): Promise<number> => Number(await page.getByTestId('player-bar').textContent())

/** Index, among the score's drawn notes, of the note carrying the playing class (-1 if none). */
function litNote(): Promise<number> {
  return page.evaluate(() => {
    const notes = Array.from(document.querySelectorAll('[data-testid="sheet"] svg .abcjs-note'))
    return notes.findIndex((n) => n.classList.contains('tunesmith-playing') || n.querySelector('.tunesmith-playing'))
  })
}

/** Samples the lit note and the bar for `ms`, every 40 ms, in the page. */
function sample(ms: number): Promise<Array<{ note: number; bar: number; t: number }>> {
  return page.evaluate(async (duration) => {
    const out: Array<{ note: number; bar: number; t: number }> = []
    const start = performance.now()
    while (performance.now() - start < duration) {
      const notes = Array.from(document.querySelectorAll('[data-testid="sheet"] svg .abcjs-note'))
      const note = notes.findIndex((n) => n.classList.contains('tunesmith-playing') || n.querySelector('.tunesmith-playing'))
      const bar = Number(document.querySelector('[data-testid="player-bar"]')?.textContent)
      out.push({ note, bar, t: performance.now() - start })
      await new Promise((r) => setTimeout(r, 40))
    }
    return out
  }, ms)
}

/** Whole notes per second the transport moves, measured in the page over `ms`. */
function rate(ms: number): Promise<number> {
  return page.evaluate(async (duration) => {
    const el = document.querySelector('[data-testid="player"]')!
    const read = (): number => Number(el.getAttribute('data-position'))
    const p0 = read()
    const t0 = performance.now()
    await new Promise((r) => setTimeout(r, duration))
    return (read() - p0) / ((performance.now() - t0) / 1000)
  }, ms)
}

async function setTempo(bpm: number): Promise<void> {
  await page.getByTestId('player-tempo').fill(String(bpm))
  await page.getByTestId('player-tempo').press('Enter')
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true })
  // Build the renderer into a folder of our own: other e2e runs may be building out/ meanwhile.
  outDir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-playback-out-'))
  process.env.TUNESMITH_OUT_DIR = outDir
  web = await startWebMode()
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  // The composer is the first view; these tests start in the library.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Library' }).click()
})

// Each test starts stopped, whatever the one before left behind.
afterEach(async () => {
  if ((await status()) !== 'stopped') await page.getByTestId('player-stop').click()
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

/** Clicks "Save WAV" and reads back the file the page hands over; `ms` is how long rendering took. */
async function recordWav(): Promise<{ wav: DecodedWav; ms: number }> {
  const extras = page.getByTestId('player-extras')
  if ((await extras.getAttribute('open')) === null) await extras.locator('summary').click()
  const started = Date.now()
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('player-export-wav').click()])
  const ms = Date.now() - started
  const file = await download.path()
  return { wav: decodeWav(new Uint8Array(readFileSync(file))), ms }
}

/** Replaces the composer's text as a paste would, and waits for the score to be redrawn. */
async function composeText(text: string, notes: number): Promise<void> {
  await page.locator('.cm-content').click()
  await page.keyboard.press('Control+A')
  await page.keyboard.insertText(text)
  await expect.poll(() => page.locator('[data-testid="live-score"] svg .abcjs-note').count()).toBe(notes)
}

/**
 * Long:short ratios of the quaver pairs heard: from each onset, the next two, where the pair
 * spans one beat (±8 %) and its first is the longer or the shorter note: whichever was played.
 */
function pairRatios(times: number[], beatS: number): number[] {
  const ratios: number[] = []
  for (let i = 0; i + 2 < times.length; i += 1) {
    const [a, b, c] = [times[i], times[i + 1], times[i + 2]]
    if (Math.abs(c - a - beatS) > beatS * 0.08) continue
    ratios.push((b - a) / (c - b))
    i += 1
  }
  return ratios
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]

describe('playback in web mode', () => {
  it('opens a tune with the transport under the score, at the meter default tempo', async () => {
    const count = (): Promise<number> => page.getByTestId('tune-count').textContent().then((t) => parseInt(t ?? '', 10))
    await expect.poll(count, { timeout: 60_000 }).toBeGreaterThan(1000)
    // ashover X:29, 6/8: a one-quaver pickup (bar 0), then 32 bars as played with repeats.
    await page.getByTestId('search').fill('Paddy in Flow')
    await expect.poll(() => page.getByTestId('tune-count').textContent()).toBe('1 tune')
    await page.getByTestId('tune-row').first().click()
    await expect.poll(() => page.getByTestId('tune-title').textContent()).toBe('Paddy in Flow')
    await expect.poll(() => page.locator('[data-testid="sheet"] svg .abcjs-note').count()).toBeGreaterThan(50)
    await expect(player().isVisible()).resolves.toBe(true)
    expect(await status()).toBe('stopped')
    // No Q: in the Nottingham file: 6/8 plays at 110 dotted crotchets a minute.
    expect(await page.getByTestId('player-tempo').inputValue()).toBe('110')
    expect(await player().textContent()).toContain('of 32')
    expect(await bar()).toBe(0)
  })

  it('plays: the highlight moves across the notes while the transport runs', async () => {
    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('playing')
    await expect.poll(litNote).toBeGreaterThanOrEqual(0)
    const seen = await sample(2000)
    const lit = seen.map((s) => s.note).filter((n) => n >= 0)
    // Notes light up in score order: more than a handful, never going backwards (no repeat yet).
    expect(new Set(lit).size).toBeGreaterThan(4)
    for (let i = 1; i < lit.length; i++) expect(lit[i]).toBeGreaterThanOrEqual(lit[i - 1])
    expect(Math.max(...seen.map((s) => s.bar))).toBeGreaterThanOrEqual(2)
    // At 110 dotted crotchets (165 crotchets) a minute the transport runs 165/240 whole notes a second.
    const wholeNotesPerSecond = await rate(1000)
    expect(wholeNotesPerSecond).toBeGreaterThan((165 / 240) * 0.8)
    expect(wholeNotesPerSecond).toBeLessThan((165 / 240) * 1.2)
  })

  it('pause holds the position and the note; play resumes from there; stop resets', async () => {
    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('playing')
    await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(1)
    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('paused')
    const held = await position()
    const heldNote = await litNote()
    const heldBar = await bar()
    expect(heldNote).toBeGreaterThanOrEqual(0)
    await page.waitForTimeout(700)
    expect(await position()).toBe(held)
    expect(await litNote()).toBe(heldNote)
    await page.screenshot({ path: path.join(screenshotDir, 'player.png'), clip: await shotArea() })

    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('playing')
    await expect.poll(position).toBeGreaterThan(held)
    expect(await bar()).toBeGreaterThanOrEqual(heldBar)
    expect(await bar()).toBeLessThan(heldBar + 3)

    await page.getByTestId('player-stop').click()
    await expect.poll(status).toBe('stopped')
    expect(await position()).toBe(0)
    expect(await bar()).toBe(0)
    expect(await litNote()).toBe(-1)
  })

  it('changes the tempo while playing', async () => {
    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('playing')
    const before = await rate(800)
    await setTempo(220)
    await page.waitForTimeout(600) // the change glides over 0.4 s
    const after = await rate(800)
    expect(after / before).toBeGreaterThan(1.6)
    expect(after / before).toBeLessThan(2.4)
    expect(await page.getByTestId('player-tempo').inputValue()).toBe('220')
  })

  it('loops a run of bars A–B, wrapping from B back to A', async () => {
    await page.getByTestId('player-loop-from').fill('2')
    await page.getByTestId('player-loop-from').dispatchEvent('change')
    await page.getByTestId('player-loop-to').fill('3')
    await page.getByTestId('player-loop-to').dispatchEvent('change')
    await page.getByTestId('player-loop').check()
    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('playing')
    await expect.poll(bar).toBe(2)
    // At 220 dotted crotchets a minute a 6/8 bar lasts about 0.55 s: 3 s is several turns.
    const seen = (await sample(3000)).map((s) => s.bar)
    expect(new Set(seen)).toEqual(new Set([2, 3]))
    const wraps = seen.filter((b, i) => i > 0 && b === 2 && seen[i - 1] === 3).length
    expect(wraps).toBeGreaterThanOrEqual(2)
    expect(await status()).toBe('playing')
    await page.getByTestId('player-loop').uncheck()
  })

  it('plays from a note clicked in the score, after a one-bar count-in', async () => {
    await page.getByTestId('player-count-in').check()
    const notes = page.locator('[data-testid="sheet"] svg .abcjs-note')
    const clicked = Math.floor((await notes.count()) * 0.6)
    await notes.nth(clicked).click({ force: true })
    await page.getByTestId('player-play-from').click()
    await expect.poll(status).toBe('counting-in')
    await expect.poll(status).toBe('playing')
    // The transport reports 'playing' a moment before the first note's highlight is drawn.
    await expect.poll(litNote).not.toBe(-1)
    const first = await litNote()
    expect(first).toBeGreaterThanOrEqual(clicked)
    expect(first).toBeLessThanOrEqual(clicked + 2)
    expect(await bar()).toBeGreaterThan(8)
  })

  it('stops by itself at the end of the tune', async () => {
    await page.getByTestId('player-count-in').uncheck()
    await setTempo(400)
    // The last note of the score: its bar is the last one played (32).
    await page.locator('[data-testid="sheet"] svg .abcjs-note').last().click({ force: true })
    await page.getByTestId('player-play-from').click()
    await expect.poll(bar).toBe(32)
    await expect.poll(status, { timeout: 10_000 }).toBe('stopped')
    expect(await position()).toBe(0)
    expect(await litNote()).toBe(-1)
  })

  it('in the composer, marks the sounding note in the editor text too, and clears it on stop', async () => {
    await page.getByTestId('open-in-composer').click()
    await expect.poll(() => page.locator('.cm-content').count()).toBe(1)
    await expect.poll(() => page.locator('[data-testid="live-score"] svg .abcjs-note').count()).toBeGreaterThan(50)
    const marked = page.locator('.cm-content .cm-playing-note')
    expect(await marked.count()).toBe(0)
    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('playing')
    await expect.poll(() => marked.count()).toBe(1)
    // The mark follows the music: its text (the note as written, e.g. `d`, `B2`) changes over time.
    const texts = await page.evaluate(async () => {
      const seen: string[] = []
      const start = performance.now()
      while (performance.now() - start < 2000) {
        const el = document.querySelector('.cm-content .cm-playing-note')
        seen.push(el ? `${el.textContent}@${el.getBoundingClientRect().left.toFixed(0)},${el.getBoundingClientRect().top.toFixed(0)}` : '')
        await new Promise((r) => setTimeout(r, 40))
      }
      return seen
    })
    const lit = texts.filter((t) => t !== '')
    expect(lit.length).toBeGreaterThan(texts.length * 0.8)
    expect(new Set(lit).size).toBeGreaterThan(4)
    for (const t of lit) expect(t.split('@')[0]).toMatch(/[A-Ga-g]/)
    // Its colour is the theme's playing colour, not the selection's.
    const colours = await page.evaluate(() => {
      const el = document.querySelector('.cm-content .cm-playing-note')!
      const root = getComputedStyle(document.documentElement)
      return { outline: getComputedStyle(el).outlineColor, playing: root.getPropertyValue('--color-playing').trim() }
    })
    const hex = colours.playing.replace('#', '')
    const rgb = `rgb(${parseInt(hex.slice(0, 2), 16)}, ${parseInt(hex.slice(2, 4), 16)}, ${parseInt(hex.slice(4, 6), 16)})`
    expect(colours.outline).toBe(rgb)
    await page.getByTestId('player-stop').click()
    await expect.poll(status).toBe('stopped')
    await expect.poll(() => marked.count()).toBe(0)
  })

  it('shows the tune type\'s feel and backing: Paddy in Flow, a 6/8 jig with chords', async () => {
    await page.getByTestId('player-extras').locator('summary').click()
    expect(await page.getByTestId('player-feel-ratio').textContent()).toBe('1.15:0.85:1')
    expect(await page.getByTestId('player-extras').textContent()).toContain('Backing volume (1-2-3 4-5-6)')
  })

  it('plays the chosen instrument from its shipped samples: a fiddle\'s held A has a bowed string\'s harmonics; kept with the piece; Play sounds within 300 ms', async () => {
    await composeText('X:1\nT:Held A\nM:4/4\nL:1/4\nQ:1/4=60\nK:A\n"A"A4|\n', 1)
    // The default: fiddle with guitar backing, their samples loaded when the player opened.
    expect(await page.getByTestId('player-sound').inputValue()).toBe('fiddle')
    expect(await page.getByTestId('player-backing-sound').inputValue()).toBe('guitar')
    // Samples that cannot be read (here: refused by the test) leave the synth playing, and say so.
    await page.route('**/samples/flute/**', (route) => route.abort())
    await page.getByTestId('player-sound').selectOption('flute')
    await expect.poll(() => page.getByTestId('player-sound-problem').textContent()).toMatch(/^The flute samples could not be loaded \(.*\); the synth plays instead\.$/)
    await page.unroute('**/samples/flute/**')
    await page.getByTestId('player-play').click()
    await expect.poll(status).toBe('playing')
    await page.getByTestId('player-stop').click()
    // Piano: not played yet on this page, so its samples load now and Play builds its sampler.
    await page.getByTestId('player-sound').selectOption('piano')
    await expect.poll(() => page.getByTestId('player-sound-loading').count()).toBe(0)
    expect(await page.getByTestId('player-sound-problem').count()).toBe(0)
    const firstNoteMs = await page.evaluate(async () => {
      const bar = document.querySelector('[data-testid="player"]')!
      const t0 = performance.now()
      document.querySelector<HTMLButtonElement>('[data-testid="player-play"]')!.click()
      while (bar.getAttribute('data-status') !== 'playing') await new Promise((r) => setTimeout(r, 1))
      return performance.now() - t0
    })
    // The transport starts its first note 80 ms after that (tone-player.ts START_LEAD_S).
    expect(firstNoteMs + 80).toBeLessThan(300)
    await page.getByTestId('player-stop').click()
    await page.getByTestId('player-sound').selectOption('fiddle')
    await page.getByTestId('player-chords').uncheck()
    const harmonics = [440, 880, 1320, 1760]
    const [f1, f2, , f4] = levelsAt((await recordWav()).wav, 1, 1.5, harmonics)
    // A violin sounds its even harmonics about as strongly as its fundamental.
    expect(f2 + f4).toBeGreaterThan(0.4 * f1)
    await page.getByTestId('player-sound').selectOption('synth')
    const [s1, s2, , s4] = levelsAt((await recordWav()).wav, 1, 1.5, harmonics)
    // The FM synth (carrier f, modulator 2f) has odd harmonics only.
    expect(s2 + s4).toBeLessThan(0.05 * s1)
    await page.getByTestId('player-chords').check()
    // Saved with the piece: in its params, beside the feel; the text untouched.
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('tunesmith.composer') ?? '')) as { origin: { params: object } }
    expect(stored.origin.params).toMatchObject({ playbackSound: 'synth', playbackBacking: 'guitar' })
    // The settings with the sounds, for the README (light and dark).
    await page.screenshot({ path: path.join(screenshotDir, 'player-sounds-light.png'), clip: await playerArea() })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: path.join(screenshotDir, 'player-sounds-dark.png'), clip: await playerArea() })
    await page.emulateMedia({ colorScheme: 'light' })
    // The onset tests below measure timing on the synth's sharp attack; it stays chosen for them,
    // and the room is taken out: Tone's reverb builds its impulse response from random noise, the
    // one random part of a rendering. (With it in, one full run of 5 measured the 2:1 hornpipe
    // below as 1.69:1; the cause was not pinned down.)
    await page.getByTestId('player-mix-reverb').fill('0')
  })

  it('plays a hornpipe dotted, 2:1, as heard in the recording; straight with the feel at 0, kept with the piece', async () => {
    const hornpipe = 'X:1\nT:Swing Test\nM:4/4\nL:1/8\nQ:1/4=60\nR:hornpipe\nK:G\nGABc dBAG|FGAB cAFD|GABc dBAG|FGAB cAFD|\n'
    await composeText(hornpipe, 32)
    expect(await page.getByTestId('player-feel-ratio').textContent()).toBe('2:1')
    const recorded = await recordWav()
    // 4 bars of 4 crotchets at 60 a minute, and 1.5 s for the last note and the room to die away.
    expect(recorded.wav.sampleRate).toBe(44_100)
    expect(recorded.wav.channels).toHaveLength(2)
    expect(recorded.wav.seconds).toBeCloseTo(16 + 1.5, 3)
    const peak = recorded.wav.channels[0].reduce((m, s) => Math.max(m, Math.abs(s)), 0)
    expect(peak).toBeGreaterThan(0.05)
    expect(peak).toBeLessThan(1)
    const swung = pairRatios(onsets(recorded.wav), 1)
    expect(swung.length).toBeGreaterThan(10)
    expect(median(swung)).toBeGreaterThan(1.85)
    expect(median(swung)).toBeLessThan(2.15)

    await page.getByTestId('player-feel').fill('0')
    await expect.poll(() => page.getByTestId('player-feel-ratio').textContent()).toBe('1:1')
    const straight = pairRatios(onsets((await recordWav()).wav), 1)
    expect(straight.length).toBeGreaterThan(10)
    expect(median(straight)).toBeGreaterThan(0.9)
    expect(median(straight)).toBeLessThan(1.1)
    // Saved with the piece: in the piece's params, not in the text.
    const stored = await page.evaluate(() => localStorage.getItem('tunesmith.composer') ?? '')
    expect(JSON.parse(stored).origin.params).toMatchObject({ playbackFeel: 0 })
    expect(JSON.parse(stored).text).toBe(hornpipe)
    await page.getByTestId('player-feel').fill('1')
  })

  it('plays a roll as five onsets inside the written note', async () => {
    // Slow practice speed, so each stroke is heard apart: a dotted crotchet at 20 a minute lasts 3 s;
    // the note on each second, the cut and the tap just before.
    await composeText('X:1\nT:Roll Test\nM:6/8\nL:1/8\nQ:3/8=20\nK:G\n~B3 z3|\n', 1)
    const heard = onsets((await recordWav()).wav).filter((t) => t < 2.9)
    expect(heard).toHaveLength(5)
    const rel = heard.map((t) => t - heard[0])
    const grace = (1 / 48) * 8 // a grace note at 30 crotchets a minute (8 s a whole note), in seconds
    const expected = [0, 1 - grace, 1, 2 - grace, 2]
    rel.forEach((t, i) => expect(Math.abs(t - expected[i])).toBeLessThan(0.02))
  })

  it('practises with a step-up tempo: each time round faster, then stops after the last', async () => {
    await composeText('X:1\nT:Step Test\nM:4/4\nL:1/8\nR:reel\nK:G\n"G"GABc "D"dBAG|"G"FGAB "D"cAFD|\n', 16)
    expect(await page.getByTestId('player-feel-ratio').textContent()).toBe('1.2:1')
    await page.getByTestId('player-loop-from').fill('1')
    await page.getByTestId('player-loop-from').dispatchEvent('change')
    await page.getByTestId('player-loop-to').fill('1')
    await page.getByTestId('player-loop-to').dispatchEvent('change')
    await page.getByTestId('player-loop').check()
    for (const [field, value] of [['from', '120'], ['step', '60'], ['to', '240'], ['passes', '3']]) {
      await page.getByTestId(`player-stepup-${field}`).fill(value)
    }
    await page.getByTestId('player-stepup').check()
    await page.getByTestId('player-metronome').check()
    await page.getByTestId('player-play').click()
    const passText = (): Promise<string | null> => page.getByTestId('player-stepup-pass').textContent()
    await expect.poll(passText).toBe('time 1 of 3 at 120')
    await page.screenshot({ path: path.join(screenshotDir, 'player-practice-light.png'), clip: await playerArea() })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: path.join(screenshotDir, 'player-practice-dark.png'), clip: await playerArea() })
    await page.emulateMedia({ colorScheme: 'light' })
    // One 4/4 bar: 2 s at 120, then 1.33 s at 180, then 1 s at 240.
    await expect.poll(passText, { timeout: 5_000 }).toBe('time 2 of 3 at 180')
    await expect.poll(passText, { timeout: 5_000 }).toBe('time 3 of 3 at 240')
    await expect.poll(status, { timeout: 5_000 }).toBe('stopped')
    expect(await bar()).toBe(1)
    await page.getByTestId('player-stepup').uncheck()
    await page.getByTestId('player-loop').uncheck()
    await page.getByTestId('player-metronome').uncheck()
  })

  it('ran without uncaught errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})

/** The composer's transport with its extras open. */
async function playerArea(): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = (await player().boundingBox())!
  return { x: Math.max(0, box.x - 8), y: Math.max(0, box.y - 8), width: box.width + 16, height: box.height + 16 }
}

/** The score's first system and the transport under it. */
async function shotArea(): Promise<{ x: number; y: number; width: number; height: number }> {
  const sheet = (await page.getByTestId('sheet').boundingBox())!
  const bar = (await player().boundingBox())!
  const top = Math.max(0, sheet.y - 8)
  return { x: sheet.x - 8, y: top, width: Math.max(sheet.width, bar.width) + 16, height: bar.y + bar.height + 8 - top }
}
