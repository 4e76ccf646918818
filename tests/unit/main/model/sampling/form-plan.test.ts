/**
 * The form plan (src-main/model/sampling/form-plan.ts): how many bars a part gets (the prompt's
 * own complete parts first, then the tune type of the R: field, then the meter), which part ends
 * the tune for each goal, and the tonic it ends on.
 */
import { describe, expect, it } from 'vitest'
import { RHYTHM_PRESETS } from '../../../../../src-shared/tune-types'
import { defaultPartBars, MIN_PARTS, planForm } from '../../../../../src-main/model/sampling/form-plan'
import { formGoal } from '../../../../../src-main/model/sampling/masks'

const head = (fields: { meter: string; key: string; rhythm?: string; unit?: string }): string =>
  `X:1\nT:Plan\nM:${fields.meter}\n${fields.unit ? `L:${fields.unit}\n` : ''}${fields.rhythm ? `R:${fields.rhythm}\n` : ''}K:${fields.key}\n`

const WALTZ = head({ meter: '3/4', unit: '1/4', rhythm: 'waltz', key: 'G' })
const REEL = head({ meter: '4/4', unit: '1/4', rhythm: 'reel', key: 'D' })
/** 8 bars of 3/4: an A part. */
const A8_WALTZ = 'GAB|'.repeat(7) + 'G3:|\n'
/** 8 bars of 4/4 in quarters. */
const part = (note: string, closing: string): string => `${note}${note}${note}${note}|`.repeat(7) + `${note}4${closing}\n`

describe('part length', () => {
  it('from the tune type of the R: field: 16 bars for a waltz or an air, 8 for a reel, jig, hornpipe, polka', () => {
    expect(planForm(WALTZ, 'tune').partBars).toBe(16)
    expect(planForm(REEL, 'tune').partBars).toBe(8)
    expect(planForm(head({ meter: '6/8', rhythm: 'jig', key: 'Em' }), 'tune').partBars).toBe(8)
    expect(planForm(head({ meter: '4/4', rhythm: 'Hornpipe', key: 'G' }), 'tune').partBars).toBe(8)
    expect(planForm(head({ meter: '4/4', unit: '1/4', rhythm: 'air', key: 'D' }), 'part').partBars).toBe(16)
    // The R: field outranks the meter: a polka in 2/4, a waltz-length air in 4/4.
    expect(planForm(head({ meter: '2/4', rhythm: 'polka', key: 'A' }), 'tune').partBars).toBe(8)
  })

  it('every tune type the composer offers plans the part length it declares', () => {
    for (const preset of RHYTHM_PRESETS) {
      const prompt = head({ meter: preset.meter, unit: preset.unitLength, rhythm: preset.rhythm, key: 'G' })
      expect(planForm(prompt, 'tune').partBars, preset.id).toBe(preset.partBars)
      expect(defaultPartBars(preset.label, preset.meter), preset.label).toBe(preset.partBars)
    }
  })

  it('without a known R: field, from the meter: 3/4 → 16 bars, others → 8', () => {
    expect(planForm(head({ meter: '3/4', unit: '1/4', key: 'G' }), 'tune').partBars).toBe(16)
    expect(planForm(head({ meter: '6/8', key: 'G' }), 'tune').partBars).toBe(8)
    expect(planForm(head({ meter: '4/4', unit: '1/4', key: 'G' }), 'tune').partBars).toBe(8)
    expect(planForm(head({ meter: '3/4', unit: '1/4', rhythm: 'schottische', key: 'G' }), 'tune').partBars).toBe(16)
  })

  it("a part the prompt completed sets the next one's length, whatever the tune type says", () => {
    // An 8-bar A part in a waltz, and the B part begun: the B part gets 8 bars, not 16.
    expect(planForm(`${WALTZ}${A8_WALTZ}d3|`, 'tune').partBars).toBe(8)
    // A 16-bar first part of a reel makes its second part 16 bars long.
    const long = 'DEFG|'.repeat(15) + 'D4||\n'
    expect(planForm(`${REEL}${long}A2B2|`, 'tune').partBars).toBe(16)
  })

  it('a part the prompt completed counts also when the prompt ends right after its closing bar line', () => {
    // The musician wrote an 8-bar A part of a waltz and asks for the B part: it should be 8 bars too.
    expect(planForm(`${WALTZ}${A8_WALTZ}`, 'part').partBars).toBe(8)
    expect(planForm(`${WALTZ}${A8_WALTZ}`, 'tune').partBars).toBe(8)
    expect(planForm(`${REEL}${'DEFG|'.repeat(15)}D4||\n`, 'tune').partBars).toBe(16)
  })

  it('a part the prompt completed counts also when the prompt ends on its closing bar line or in the next part\'s pickup', () => {
    // The closing `||` is the prompt's last character: the mask has not yet seen the token end.
    expect(planForm(`${REEL}${'DEFG|'.repeat(15)}D4||`, 'tune').partBars).toBe(16)
    // A 16-bar reel part and half a bar of the next part: the analysis makes no section of the
    // half bar, so dropping the last section as unfinished drops the complete 16-bar part.
    expect(planForm(`${REEL}${'DEFG|'.repeat(15)}D4||\nA2`, 'tune').partBars).toBe(16)
  })

  it('a completed part of an odd length teaches nothing: the tune type decides', () => {
    const six = 'GAB|'.repeat(5) + 'G3:|\n'
    expect(planForm(`${WALTZ}${six}d3|`, 'tune').partBars).toBe(16)
  })

  it('the length asked for wins over the prompt and the tune type', () => {
    expect(planForm(WALTZ, 'tune', 8).partBars).toBe(8)
    expect(planForm(`${WALTZ}${A8_WALTZ}d3|`, 'tune', 16).partBars).toBe(16)
  })
})

describe('which part ends the tune', () => {
  const A = part('D', '||')
  const B = part('A', '||')

  it("'tune': a tune of at least two parts: a header or a prompt in the A part plans A and B", () => {
    expect(MIN_PARTS).toBe(2)
    expect(planForm(REEL, 'tune').lastPart).toBe(1)
    expect(planForm(`${REEL}DEFG|AB`, 'tune').lastPart).toBe(1)
    // The A part closed: the B part is the last.
    expect(planForm(`${REEL}${A}`, 'tune').lastPart).toBe(1)
    expect(planForm(`${REEL}${A}AB`, 'tune').lastPart).toBe(1)
  })

  it("'tune': a prompt already in a third part finishes that part; after two closed parts one more is written", () => {
    expect(planForm(`${REEL}${A}${B}FGAB|`, 'tune').lastPart).toBe(2)
    expect(planForm(`${REEL}${A}${B}`, 'tune').lastPart).toBe(2)
  })

  it("'part': finishes the part the prompt is in, or writes exactly the next one", () => {
    expect(planForm(REEL, 'part').lastPart).toBe(0)
    expect(planForm(`${REEL}DEFG|AB`, 'part').lastPart).toBe(0)
    expect(planForm(`${REEL}${A}`, 'part').lastPart).toBe(1)
    expect(planForm(`${REEL}${A}AB`, 'part').lastPart).toBe(1)
    expect(planForm(`${REEL}${A}${B}FGAB|`, 'part').lastPart).toBe(2)
  })

  it("'open' (line and bar stops) never ends the tune", () => {
    expect(planForm(REEL, 'open').lastPart).toBeGreaterThan(100)
    expect(planForm(`${REEL}${A}${B}`, 'open').lastPart).toBeGreaterThan(100)
  })

  it('first and second endings are one part: a prompt in the second ending is still in the A part', () => {
    const endings = `${'DEFG|'.repeat(6)}[1DEFG|A4:|[2DEFG|`
    expect(planForm(`${REEL}|:${endings}`, 'part').lastPart).toBe(0)
    expect(planForm(`${REEL}|:${endings}D4||\n`, 'part').lastPart).toBe(1)
  })

  it('stop modes map to goals: tune → tune, part → part, line and bars → open', () => {
    expect(formGoal('tune')).toBe('tune')
    expect(formGoal('part')).toBe('part')
    expect(formGoal('line')).toBe('open')
    expect(formGoal({ bars: 4 })).toBe('open')
  })
})

describe('the tonic', () => {
  it.each([
    ['Dmix', 'D'],
    ['Ador', 'A'],
    ['Em', 'E'],
    ['G', 'G'],
    ['none', null],
  ] as const)('K:%s → %s', (key, tonic) => {
    expect(planForm(head({ meter: '6/8', rhythm: 'jig', key }), 'tune').tonic).toBe(tonic)
  })

  it('the key in force at the end of the prompt: a K: line or an inline [K:…] in the body', () => {
    expect(planForm(`${REEL}${part('D', '||')}K:Em\nEFGA|`, 'tune').tonic).toBe('E')
    expect(planForm(`${REEL}DEFG|[K:Ador] ABcd|`, 'tune').tonic).toBe('A')
  })
})
