/**
 * Tune types a folk musician picks from, each with the header the Nottingham corpus writes for
 * it: the meter, the unit note length and the R: field the model has seen with it.
 */
export interface RhythmPreset {
  id: string
  label: string
  meter: string
  unitLength: string
  /** R: text as in the corpus. */
  rhythm: string
}

export const RHYTHM_PRESETS: readonly RhythmPreset[] = [
  { id: 'reel', label: 'Reel', meter: '4/4', unitLength: '1/8', rhythm: 'reel' },
  { id: 'jig', label: 'Jig', meter: '6/8', unitLength: '1/8', rhythm: 'jig' },
  { id: 'slip-jig', label: 'Slip jig', meter: '9/8', unitLength: '1/8', rhythm: 'slip jig' },
  { id: 'hornpipe', label: 'Hornpipe', meter: '4/4', unitLength: '1/8', rhythm: 'hornpipe' },
  { id: 'polka', label: 'Polka', meter: '2/4', unitLength: '1/8', rhythm: 'polka' },
  { id: 'waltz', label: 'Waltz', meter: '3/4', unitLength: '1/8', rhythm: 'waltz' },
  { id: 'march', label: 'March', meter: '2/4', unitLength: '1/8', rhythm: 'march' },
  { id: 'strathspey', label: 'Strathspey', meter: '4/4', unitLength: '1/8', rhythm: 'strathspey' },
  { id: 'song', label: 'Song air', meter: '3/4', unitLength: '1/4', rhythm: 'air' },
]

export const METERS: readonly string[] = ['2/4', '3/4', '4/4', '6/8', '9/8', '12/8', 'C', 'C|']
export const KEYS: readonly string[] = ['G', 'D', 'A', 'E', 'C', 'F', 'Bb', 'Em', 'Am', 'Bm', 'Dm', 'Gm', 'D mix', 'A mix', 'G mix', 'E dor', 'A dor', 'D dor']

export function presetById(id: string): RhythmPreset | undefined {
  return RHYTHM_PRESETS.find((p) => p.id === id)
}
