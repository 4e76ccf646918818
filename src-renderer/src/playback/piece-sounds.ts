/**
 * The instruments chosen for a piece, kept in its params beside the feel (feel.ts): saved with
 * the piece, back when it is opened. The ABC text is never touched.
 */
import type { PieceParams } from '../../../src-shared/contract'
import { backingSound, melodySound, type Sounds } from '../../../src-shared/audio/samples'
import { FEEL_PARAM } from './timing/feel'

/** Keys in a piece's params: the tune's instrument and the backing's. */
export const SOUND_PARAMS = { melody: 'playbackSound', backing: 'playbackBacking' } as const

/** The sounds stored in a piece's params, or null when none are (the player's defaults). */
export function soundsParam(params: PieceParams | undefined): Sounds | null {
  const melody = params?.[SOUND_PARAMS.melody]
  const backing = params?.[SOUND_PARAMS.backing]
  if (melody === undefined && backing === undefined) return null
  return { melody: melodySound(melody), backing: backingSound(backing) }
}

/** The params with the sounds set; other params are kept as they are. */
export function withSounds(params: PieceParams | undefined, sounds: Sounds): PieceParams {
  return { ...params, [SOUND_PARAMS.melody]: sounds.melody, [SOUND_PARAMS.backing]: sounds.backing }
}

/** `params` with the playback settings (feel and sounds) of `from` carried over, e.g. to a new variation's params. */
export function withPlayback(params: PieceParams, from: PieceParams | undefined): PieceParams {
  const keys: string[] = [FEEL_PARAM, SOUND_PARAMS.melody, SOUND_PARAMS.backing]
  return { ...params, ...Object.fromEntries(Object.entries(from ?? {}).filter(([key]) => keys.includes(key))) }
}
