/**
 * Tune types a folk musician picks from, each with the header the Nottingham corpus writes for
 * it and the length of its parts. One list for the composer's "New tune" form and the sampler's
 * form plan (src-main/model/sampling/form-plan.ts).
 *
 * Unit lengths are the corpus's, because the model writes note lengths in the habit it learnt:
 * reels, polkas, marches and waltzes in x/4 meters come with `L:1/4` there (569 of 585 such tunes),
 * hornpipes with `L:1/8`, jigs and slip jigs with the default 1/8. Under an unfamiliar `L:1/8`
 * reel or waltz header the default model wrote broken bars that no mask could save.
 */
export interface RhythmPreset {
  id: string
  label: string
  meter: string
  unitLength: string
  /** R: text as in the corpus. */
  rhythm: string
  /** Bars in each part: 8 for dance tunes, 16 for waltzes and airs. */
  partBars: number
}

export const RHYTHM_PRESETS: readonly RhythmPreset[] = [
  { id: 'reel', label: 'Reel', meter: '4/4', unitLength: '1/4', rhythm: 'reel', partBars: 8 },
  { id: 'jig', label: 'Jig', meter: '6/8', unitLength: '1/8', rhythm: 'jig', partBars: 8 },
  { id: 'slip-jig', label: 'Slip jig', meter: '9/8', unitLength: '1/8', rhythm: 'slip jig', partBars: 8 },
  { id: 'hornpipe', label: 'Hornpipe', meter: '4/4', unitLength: '1/8', rhythm: 'hornpipe', partBars: 8 },
  { id: 'polka', label: 'Polka', meter: '2/4', unitLength: '1/4', rhythm: 'polka', partBars: 8 },
  { id: 'waltz', label: 'Waltz', meter: '3/4', unitLength: '1/4', rhythm: 'waltz', partBars: 16 },
  { id: 'march', label: 'March', meter: '2/4', unitLength: '1/4', rhythm: 'march', partBars: 8 },
  { id: 'strathspey', label: 'Strathspey', meter: '4/4', unitLength: '1/4', rhythm: 'strathspey', partBars: 8 },
  { id: 'song', label: 'Song air', meter: '3/4', unitLength: '1/4', rhythm: 'air', partBars: 16 },
]

export const METERS: readonly string[] = ['2/4', '3/4', '4/4', '6/8', '9/8', '12/8', 'C', 'C|']
export const KEYS: readonly string[] = ['G', 'D', 'A', 'E', 'C', 'F', 'Bb', 'Em', 'Am', 'Bm', 'Dm', 'Gm', 'D mix', 'A mix', 'G mix', 'E dor', 'A dor', 'D dor']

export function presetById(id: string): RhythmPreset | undefined {
  return RHYTHM_PRESETS.find((p) => p.id === id)
}

/** The preset an R: field names ("Hornpipe", "slip jig"), if any. */
export function presetForRhythm(rhythm: string): RhythmPreset | undefined {
  const r = rhythm.trim().toLowerCase()
  return RHYTHM_PRESETS.find((p) => p.rhythm === r || p.label.toLowerCase() === r)
}
