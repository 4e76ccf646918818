/**
 * How a tune type is played rather than written: hornpipes dotted, reels slightly swung, jigs with a
 * lilt. A feel divides each beat-group of equal written notes into unequal played lengths
 * (`weights`), and stretches time inside the group piecewise linearly, so a note on a group
 * boundary (every beat) stays where it is written and only the notes between them move.
 * Strathspey snaps are written (`e<f`) and abcjs already plays them short–long.
 * Pure; times in whole notes.
 */
import type { PieceParams } from '../../../../src-shared/contract'
import type { Meter } from './tempo'
import type { PlayedBar } from './timeline'

export interface Feel {
  /** What the musician sees: "hornpipe", "jig", "straight"... */
  name: string
  /** The written note value the feel acts on (1/8: quavers). */
  unit: number
  /** Played length of each unit in a group, relative (2, 1 = long–short 2:1). */
  weights: readonly number[]
}

/** The slider's range: 0 plays straight, 1 the tune type's feel, 2 twice as marked. */
export const FEEL_AMOUNT = { min: 0, max: 2, default: 1 } as const

const STRAIGHT: Feel = { name: 'straight', unit: 1 / 8, weights: [1, 1] }
/** A jig's lilt: the first quaver of three leans long, the second gives way. */
const JIG: Feel = { name: 'jig', unit: 1 / 8, weights: [1.15, 0.85, 1] }

/** Feels by `R:` (lower case, first word(s) as musicians write them). */
const BY_RHYTHM: ReadonlyArray<[RegExp, Feel]> = [
  [/hornpipe/, { name: 'hornpipe', unit: 1 / 8, weights: [2, 1] }],
  [/reel/, { name: 'reel', unit: 1 / 8, weights: [1.2, 1] }],
  [/polka/, { name: 'polka', unit: 1 / 8, weights: [1.15, 1] }],
  [/slip ?jig/, { ...JIG, name: 'slip jig' }],
  [/slide/, { ...JIG, name: 'slide' }],
  [/jig/, JIG],
  [/strathspey/, { ...STRAIGHT, name: 'strathspey' }],
  [/waltz|march|air|mazurka|schottische|barndance/, STRAIGHT],
]

function isCompound(meter: Meter): boolean {
  return meter.num >= 6 && meter.num % 3 === 0 && meter.den === 8
}

/** The feel for a tune's `R:` field, else from its metre (compound metres lilt, others straight). */
export function feelFor(rhythm: string | undefined, meter: Meter): Feel {
  const r = (rhythm ?? '').toLowerCase()
  const hit = BY_RHYTHM.find(([pattern]) => pattern.test(r))
  if (hit) return hit[1]
  return isCompound(meter) ? JIG : STRAIGHT
}

export function clampFeel(amount: number): number {
  if (!Number.isFinite(amount)) return FEEL_AMOUNT.default
  return Math.min(FEEL_AMOUNT.max, Math.max(FEEL_AMOUNT.min, amount))
}

/** The key in a piece's params under which its feel amount is kept (saved with the piece). */
export const FEEL_PARAM = 'playbackFeel'

/** The feel amount stored in a piece's params, or null when none (the tune type's own). */
export function feelParam(params: PieceParams | undefined): number | null {
  const value = params?.[FEEL_PARAM]
  return typeof value === 'number' && Number.isFinite(value) ? clampFeel(value) : null
}

/** The params with the feel amount set (null removes it); other params are kept as they are. */
export function withFeel(params: PieceParams | undefined, amount: number | null): PieceParams {
  const { [FEEL_PARAM]: _old, ...rest } = params ?? {}
  return amount === null ? rest : { ...rest, [FEEL_PARAM]: amount }
}

/** `weights` scaled by the slider: each leans away from even by `amount` times the tune type's lean. */
export function scaledWeights(feel: Feel, amount: number): number[] {
  return feel.weights.map((w) => Math.max(0.05, 1 + (w - 1) * amount))
}

/** A label for the feel's played ratio, e.g. "2:1" or "1.2:0.8:1". */
export function ratioLabel(feel: Feel, amount: number): string {
  return scaledWeights(feel, amount)
    .map((w) => `${Math.round(w * 100) / 100}`)
    .join(':')
}

export type TimeWarp = (time: number) => number

/**
 * Written time → played time. Groups start at each bar's start (at a pickup bar's end, counting
 * back), and a group that does not fit whole in its bar is left straight.
 */
export function feelWarp(feel: Feel, amount: number, bars: readonly PlayedBar[], barLength: number): TimeWarp {
  const weights = scaledWeights(feel, amount)
  const total = weights.reduce((a, b) => a + b, 0)
  const n = weights.length
  const group = feel.unit * n
  // Played offset of each unit boundary inside a group: 0 … group.
  const edges = [0]
  for (const w of weights) edges.push(edges[edges.length - 1] + (w / total) * group)
  if (amount === 0 || weights.every((w) => w === weights[0]) || bars.length === 0) return (t) => t
  return (time) => {
    const bar = barContaining(bars, time)
    if (!bar) return time
    const anchor = bar.end - bar.start < barLength - 1e-6 && bar.number === 0 ? bar.end - barLength : bar.start
    const k = Math.floor((time - anchor + 1e-9) / group)
    const groupStart = anchor + k * group
    if (groupStart < bar.start - 1e-9 || groupStart + group > bar.end + 1e-9) return time
    const x = (time - groupStart) / feel.unit
    const i = Math.min(n - 1, Math.floor(x + 1e-9))
    return groupStart + edges[i] + (x - i) * (edges[i + 1] - edges[i])
  }
}

function barContaining(bars: readonly PlayedBar[], time: number): PlayedBar | null {
  let lo = 0
  let hi = bars.length - 1
  if (time < bars[0].start - 1e-9 || time > bars[hi].end + 1e-9) return null
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (bars[mid].start <= time + 1e-9) lo = mid
    else hi = mid - 1
  }
  return bars[lo]
}
