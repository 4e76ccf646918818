/**
 * The character stream a model reads: tunes joined, each followed by a blank line, so the model
 * learns where a tune ends (and the sampler can stop at the first blank line). The training
 * stream is shuffled by tune each epoch with a seeded generator, so a run is reproducible and
 * a resumed run sees exactly the order it would have seen.
 */
import { mulberry32 } from '../../engine/rng'

/** What follows every tune in the stream. */
export const TUNE_SEPARATOR = '\n\n'

export function joinTunes(tunes: readonly string[]): string {
  let out = ''
  for (const tune of tunes) out += tune.replace(/\s+$/, '') + TUNE_SEPARATOR
  return out
}

/** mulberry32 (the engine's seeded generator): the same on every platform, good enough for shuffling. */
export const seededRandom: (seed: number) => () => number = mulberry32

/** The tune order of one epoch: Fisher–Yates with a generator seeded by (seed, epoch). */
export function epochOrder(count: number, seed: number, epoch: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i)
  const random = seededRandom(Math.imul(seed ^ 0x9e3779b9, 31) + epoch * 0x85ebca6b)
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  return order
}

/** The training text of one epoch (0-based): the tunes in that epoch's shuffled order, joined. */
export function epochText(tunes: readonly string[], seed: number, epoch: number): string {
  return joinTunes(epochOrder(tunes.length, seed, epoch).map((i) => tunes[i]))
}
