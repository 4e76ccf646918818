/**
 * Validation split by tune, not by character position: a held-out tune is never seen in
 * training, so validation bits/char measures how well the model writes tunes it has not read.
 * Tune i (0-based corpus ordinal) is held out when i % 10 == 9: every tenth tune, spread evenly
 * over the corpus's files (jigs, reels, waltzes...) rather than one file at the end.
 */

export interface TuneSplit {
  train: string[]
  validation: string[]
}

export const HOLD_OUT_EVERY = 10

export function isValidationTune(index: number): boolean {
  return index % HOLD_OUT_EVERY === HOLD_OUT_EVERY - 1
}

/**
 * `ordinals`: each tune's index in corpus order as the library stores it. The library skips exact
 * repeats but keeps counting them (3 in the bundled jigs.abc), so the split is the one defined
 * over the corpus files; without ordinals the array index is used.
 */
export function splitByTune(tunes: readonly string[], ordinals?: readonly number[]): TuneSplit {
  const split: TuneSplit = { train: [], validation: [] }
  tunes.forEach((tune, i) => (isValidationTune(ordinals ? ordinals[i] : i) ? split.validation : split.train).push(tune))
  return split
}
