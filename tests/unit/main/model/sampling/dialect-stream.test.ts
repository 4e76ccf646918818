/** Streamed chunks in the prompt's dialect (sampling/dialect-stream.ts), cut anywhere. */
import { describe, expect, it } from 'vitest'
import { toModelDialect, toPromptDialect } from '../../../../../src-shared/abc/dialect'
import { dialectChunks } from '../../../../../src-main/model/sampling/dialect-stream'

describe('dialectChunks', () => {
  const view = toModelDialect('X:1\nM:4/4\nL:1/8\nK:G\nA>B c<d|')
  const model = 'e3/2f/2 g/2a3/2 [ce]3/2[df]/2 [K:D] [1 b7/4a/4|\nP:B\nA3/2B/2c|]'
  const whole = toPromptDialect(view.text, model, view.dialect)

  it('sends, chunk by chunk, exactly the text of the finished variation, whatever the cuts', () => {
    expect(whole).toBe('e>f g<a [ce]>[df] [K:D] [1 b>>a|\nP:B\nA>Bc|]')
    for (let size = 1; size <= 7; size++) {
      const sent: string[] = []
      const relay = dialectChunks(view.text, view.dialect, (_v, text) => void sent.push(text))
      for (let i = 0; i < model.length; i += size) relay.push(0, model.slice(i, i + size))
      relay.finish(0, whole)
      expect(sent.join('')).toBe(whole)
      // Nothing sent is ever taken back: every prefix sent is a prefix of the finished text.
      for (let k = 1; k <= sent.length; k++) expect(whole.startsWith(sent.slice(0, k).join(''))).toBe(true)
    }
  })
})
