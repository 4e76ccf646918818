/**
 * Renders a tune offline (Tone.Offline: faster than real time, no speakers) with the player's own
 * voices and schedule, and encodes it as a WAV file a musician can send.
 */
import * as Tone from 'tone'
import { createInstruments, type Mix } from './instruments'
import type { VoiceSamples } from './samples'
import { scheduleNotes } from './schedule'
import { quarterBpm, wholeNotesToSeconds, type Tempo } from './timing/tempo'
import type { Timeline } from './timing/timeline'
import { encodeWav } from '../../../src-shared/audio/wav'

/** CD rate: what every player and mail client expects. */
export const RENDER_SAMPLE_RATE = 44_100
/** Time after the last note for its release and the room to die away. */
export const RENDER_TAIL_S = 1.5

export interface RenderOptions {
  mix: Mix
  backing: boolean
  /** The chosen instruments' decoded samples (a part without is synthesised). */
  samples: VoiceSamples
}

export interface Rendered {
  wav: Uint8Array<ArrayBuffer>
  seconds: number
  /** Seconds of audio per second spent rendering. */
  speed: number
}

export function renderedSeconds(timeline: Timeline, tempo: Tempo): number {
  return wholeNotesToSeconds(timeline.total, tempo) + RENDER_TAIL_S
}

export async function renderWav(timeline: Timeline, tempo: Tempo, options: RenderOptions): Promise<Rendered> {
  const seconds = renderedSeconds(timeline, tempo)
  const started = performance.now()
  const buffer = await Tone.Offline(
    async ({ transport }) => {
      const voices = createInstruments(options.mix, options.samples)
      await voices.ready
      transport.bpm.value = quarterBpm(tempo)
      scheduleNotes(transport, voices, timeline, { backingOn: () => options.backing })
      transport.start(0)
    },
    seconds,
    2,
    RENDER_SAMPLE_RATE,
  )
  const channels = buffer.toArray()
  const wav = encodeWav(Array.isArray(channels) ? channels : [channels], buffer.sampleRate)
  return { wav, seconds, speed: seconds / ((performance.now() - started) / 1000) }
}
