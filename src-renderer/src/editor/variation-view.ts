/**
 * What a variation card shows: a short score of the new music in context (the tune's header and
 * the line it continues, not the whole tune again), and a short verdict of the checks on the whole
 * tune it makes (prompt and continuation: what the musician has after using it).
 */
import type { Diagnostic, GeneratedVariation } from '../../../src-shared/contract'

/** Header lines (through K:) of a tune. */
function headerEnd(tune: string): number {
  const k = /^K:.*$/m.exec(tune)
  return k ? k.index + k[0].length + 1 : 0
}

/** The header, then the body from the start of the line where the generated text begins. */
export function variationPreview(v: Pick<GeneratedVariation, 'fullTune' | 'text'>): string {
  const full = v.fullTune
  const genStart = Math.max(0, full.length - v.text.length)
  const bodyStart = Math.min(headerEnd(full), full.length)
  if (genStart < bodyStart) return full
  const lineStart = full.lastIndexOf('\n', genStart - 1) + 1
  return full.slice(0, bodyStart) + full.slice(Math.max(lineStart, bodyStart))
}

/** 1-based line of the full tune where the generated text starts. */
export function generatedFromLine(v: Pick<GeneratedVariation, 'fullTune' | 'text'>): number {
  const genStart = Math.max(0, v.fullTune.length - v.text.length)
  let line = 1
  for (let i = v.fullTune.indexOf('\n'); i !== -1 && i < genStart; i = v.fullTune.indexOf('\n', i + 1)) line++
  return line
}

export interface VariationVerdict {
  kind: 'empty' | 'clean' | 'warnings' | 'wrong-bars'
  label: string
  diagnostics: Diagnostic[]
}

export function variationVerdict(v: Pick<GeneratedVariation, 'fullTune' | 'text' | 'diagnostics'>): VariationVerdict {
  // Nothing written is nothing checked: "clean" would oversell it.
  if (v.text.trim() === '') return { kind: 'empty', label: 'empty', diagnostics: [] }
  // The verdict is on the tune the musician would have after using the variation: a repeat the
  // continuation leaves open, or a bar before :| that no longer pairs with the pickup, is a fault
  // of the whole tune even when it shows in the prompt's lines.
  const all = v.diagnostics
  const from = generatedFromLine(v)
  const inPrompt = all.filter((d) => d.line < from).length
  const where = inPrompt > 0 ? ` (${inPrompt} in your part)` : ''
  const wrongBars = all.filter((d) => d.source === 'bars').length
  const others = all.length - wrongBars
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
  if (wrongBars > 0) {
    const more = others > 0 ? `, ${plural(others, 'warning')}` : ''
    return { kind: 'wrong-bars', label: `${plural(wrongBars, 'wrong bar')}${more}${where}`, diagnostics: all }
  }
  if (others > 0) return { kind: 'warnings', label: `${plural(others, 'warning')}${where}`, diagnostics: all }
  return { kind: 'clean', label: 'clean', diagnostics: all }
}
