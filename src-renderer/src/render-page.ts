/**
 * The page the CLI opens in Chromium to write a tune as a WAV file (Node has no Web Audio): the
 * player's own offline render (playback/render.ts) with the same timeline, feel, tempo, voices
 * and samples as "Save WAV" in the app. It exposes one function, `tunesmithRenderWav`, which the
 * CLI's service (src-main/services/tune-wav.ts) calls; the answer carries the WAV as base64.
 */
import abcjs from 'abcjs'
import { buildTimeline } from './playback/timing/timeline'
import { tuneTempo } from './playback/timing/tempo'
import { renderWav } from './playback/render'
import { loadSounds } from './playback/samples'
import { DEFAULT_MIX } from './playback/instruments'
import { meterOf } from './composables/player-state'
import { engravable } from './editor/engravable'
import { RENDER_FUNCTION, type WavRenderAnswer, type WavRenderRequest } from '../../src-shared/audio/render-request'

/** Bytes → base64 in slices: one String.fromCharCode over megabytes overflows the call stack. */
function base64(bytes: Uint8Array): string {
  const SLICE = 0x8000
  let text = ''
  for (let i = 0; i < bytes.length; i += SLICE) text += String.fromCharCode(...bytes.subarray(i, i + SLICE))
  return btoa(text)
}

async function renderTuneWav(request: WavRenderRequest): Promise<WavRenderAnswer> {
  const [tune] = abcjs.parseOnly(engravable(request.abc))
  if (!tune) throw new Error('The text has no tune abcjs can read')
  const timeline = buildTimeline(tune, request.feel === null ? {} : { feelAmount: request.feel })
  if (timeline.melody.length === 0) throw new Error('The tune has no notes to play')
  const loaded = await loadSounds(request.sounds)
  const tempo = tuneTempo(tune.metaText.tempo, meterOf(tune))
  const rendered = await renderWav(timeline, tempo, { mix: DEFAULT_MIX, backing: request.backing, samples: loaded.samples })
  return { wav: base64(rendered.wav), seconds: rendered.seconds, bpm: tempo.bpm, beat: tempo.beat, problem: loaded.problem }
}

Object.assign(window, { [RENDER_FUNCTION]: renderTuneWav })
