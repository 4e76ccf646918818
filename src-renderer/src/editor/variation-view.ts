/**
 * What a variation card shows: a short score of the new music in context (the tune's header and
 * the line it continues, not the whole tune again), and a one-word verdict of the checks on the
 * generated part only (the prompt's own problems are already underlined in the editor).
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
  const from = generatedFromLine(v)
  const own = v.diagnostics.filter((d) => d.line >= from)
  const wrongBars = own.filter((d) => d.source === 'bars').length
  const warnings = own.length - wrongBars
  if (wrongBars > 0) {
    const more = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''
    return { kind: 'wrong-bars', label: `${wrongBars} wrong bar${wrongBars === 1 ? '' : 's'}${more}`, diagnostics: own }
  }
  if (warnings > 0) return { kind: 'warnings', label: `${warnings} warning${warnings === 1 ? '' : 's'}`, diagnostics: own }
  return { kind: 'clean', label: 'clean', diagnostics: own }
}
