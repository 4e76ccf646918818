/** Status-line facts and variation cards' previews and verdicts, on real corpus tunes and real checks. */
import { describe, expect, it } from 'vitest'
import { checkTune } from '../../../../src-shared/abc/check'
import { readHeaders } from '../../../../src-shared/abc/headers'
import { headerFacts } from '../../../../src-renderer/src/editor/header-facts'
import { KEYS, METERS, RHYTHM_PRESETS } from '../../../../src-shared/tune-types'
import { generatedFromLine, variationPreview, variationVerdict } from '../../../../src-renderer/src/editor/variation-view'
import { GenerateInput } from '../../../../src-shared/contract/model'
import { corpusTunes } from '../../main/model/sampling/helpers'

const PROMPT = 'X:1\nT:Test\nM:4/4\nL:1/8\nK:G\n|:GABc dedB|dedB dedB|\nc2ec B2dB|'

function variation(text: string) {
  const fullTune = PROMPT + text
  return { fullTune, text, diagnostics: checkTune(fullTune, { generatedFrom: PROMPT.length }).diagnostics }
}

describe('header facts', () => {
  it('agrees with the library header reader on the corpus and counts closed bars', () => {
    for (const tune of corpusTunes('hpps.abc').slice(0, 40)) {
      const h = readHeaders(tune)
      const facts = headerFacts(tune)
      expect(facts.title).toBe(h.title)
      expect(facts.bars).toBeGreaterThan(4)
    }
    expect(headerFacts(PROMPT)).toEqual({ title: 'Test', meter: '4/4', key: 'G', bars: 3 })
    expect(headerFacts('X:1\nK:D\n|:"A|B"A|]').bars).toBe(1)
  })
})

describe('variation cards', () => {
  it('previews the header and the line the new text continues, not the whole tune', () => {
    const v = variation('c2ec B2dB|A4 G4:|\n')
    expect(generatedFromLine(v)).toBe(7)
    expect(variationPreview(v)).toBe('X:1\nT:Test\nM:4/4\nL:1/8\nK:G\nc2ec B2dB|c2ec B2dB|A4 G4:|\n')
  })

  it('judges the whole tune the variation makes: clean, or the wrong bars in it', () => {
    expect(variationVerdict(variation('c2ec B2dB|A4 G4:|\n')).kind).toBe('clean')
    expect(variationVerdict(variation('\n')).kind).toBe('empty')
    const wrong = variationVerdict(variation('c2ec B2dB|A4 G4|\nGABc d2|GABc dedB|A2F2 G4:|\n'))
    expect(wrong.kind).toBe('wrong-bars')
    expect(wrong.label).toMatch(/^1 wrong bar/)
  })

  it('is not clean when the continuation leaves the prompt\'s |: open, or writes an M: line', () => {
    const open = variationVerdict(variation('c2ec B2dB|A4 G4|\n'))
    expect(open.kind).toBe('warnings')
    expect(open.label).toBe('1 warning (1 in your part)')
    expect(open.diagnostics.map((d) => d.source)).toEqual(['repeats'])
    const meter = variationVerdict(variation('c2ec B2dB|A4 G4:|\nM:3/4\nGAB c2d|GAB c3|\n'))
    expect(meter.kind).toBe('warnings')
    expect(meter.diagnostics.map((d) => [d.source, d.line])).toEqual([['fields', 8]])
  })

  it('offers only tune types, keys and meters whose header the model API accepts', () => {
    for (const p of RHYTHM_PRESETS) {
      const parsed = GenerateInput.safeParse({ meter: p.meter, key: 'G', unitLength: p.unitLength, rhythm: p.rhythm })
      expect(parsed.success, p.id).toBe(true)
    }
    for (const key of KEYS) expect(GenerateInput.safeParse({ meter: '4/4', key }).success, key).toBe(true)
    for (const meter of METERS) expect(GenerateInput.safeParse({ meter, key: 'G' }).success, meter).toBe(true)
  })
})
