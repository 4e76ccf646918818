/**
 * What the CLI asks the offline render page (src-renderer/src/render-page.ts) for, and what it
 * answers: one tune rendered to a WAV file in Chromium.
 */
import type { Sounds } from './samples'

export interface WavRenderRequest {
  /** One tune's ABC text. */
  abc: string
  sounds: Sounds
  /** The feel amount (0–2), null for the tune type's own. */
  feel: number | null
  /** Play the backing from the chord symbols. */
  backing: boolean
}

export interface WavRenderAnswer {
  /** The WAV file, base64 (what page.evaluate can hand back). */
  wav: string
  seconds: number
  /** The tempo played: `bpm` beats of `beat` whole notes a minute. */
  bpm: number
  beat: number
  /** Why a part played the synth instead of its samples, if one did. */
  problem: string | null
}

/** The name the render page gives its render function on `window`. */
export const RENDER_FUNCTION = 'tunesmithRenderWav'

/** The render page in the renderer build, beside index.html. */
export const RENDER_PAGE = 'render.html'
