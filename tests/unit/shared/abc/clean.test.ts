import { describe, expect, it } from 'vitest'
import { cleanForTraining } from '../../../../src-shared/abc/clean'
import { corpusTunes } from './helpers'

describe('cleanForTraining', () => {
  it('drops Y: lines wherever they are and keeps every other byte', () => {
    const text = 'X: 1\nT:A\nY:AAB\nM:6/8\nK:G\nY:AB\nabc def|\n"Y:" not a field|\r\nY:ABC\r\nz6|'
    expect(cleanForTraining(text)).toBe('X: 1\nT:A\nM:6/8\nK:G\nabc def|\n"Y:" not a field|\r\nz6|')
  })

  it('returns a tune without Y: unchanged', () => {
    const text = 'X:1\nT:t\nM:4/4\nK:D\nabcd efga|'
    expect(cleanForTraining(text)).toBe(text)
  })

  it('removes exactly the Y: lines of the Nottingham tunes', () => {
    let tunesWithY = 0
    for (const raw of corpusTunes()) {
      const cleaned = cleanForTraining(raw.text)
      const yLines = raw.text.split('\n').filter((l) => l.startsWith('Y:'))
      if (yLines.length > 0) tunesWithY++
      expect(cleaned.split('\n')).toEqual(raw.text.split('\n').filter((l) => !l.startsWith('Y:')))
    }
    expect(tunesWithY).toBe(339)
  })
})
