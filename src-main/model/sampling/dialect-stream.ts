/**
 * Streamed chunks in the prompt's dialect. The sampler streams the model's own spelling
 * (`A3/2B/2`); the finished variation is written in the prompt's dialect (`A>B`, see
 * abc/dialect.ts). So that what the musician watches being written is what they get, each
 * variation's text is rewritten as it grows, and only the part no later character can change is
 * sent: everything up to the last space, bar line or line end outside an open chord. A rewrite
 * joins two notes only when nothing stands between them, so no later character reaches back past
 * such a break.
 */
import { toPromptDialect, type PromptDialect } from '../../../src-shared/abc/dialect'

const BREAK = /[\s|]/
/** What may follow the `[` of a chord (not of `[|`, `[1` or `[K:`); empty: not written yet. */
const CHORD_START = /^(?:[A-Ga-g^_=]|)$/

export interface DialectChunks {
  /** The model's next chunk of a variation. */
  push(variation: number, modelChunk: string): void
  /** The variation is done: send the rest of its text in the prompt's dialect. */
  finish(variation: number, text: string): void
}

export function dialectChunks(modelPrompt: string, dialect: PromptDialect, emit: (variation: number, text: string) => void): DialectChunks {
  const model = new Map<number, string>()
  const sent = new Map<number, number>()
  const send = (variation: number, written: string): void => {
    const done = sent.get(variation) ?? 0
    if (written.length > done) {
      emit(variation, written.slice(done))
      sent.set(variation, written.length)
    }
  }
  return {
    push(variation, modelChunk) {
      const text = (model.get(variation) ?? '') + modelChunk
      model.set(variation, text)
      let stable = text.length
      while (stable > 0 && !BREAK.test(text[stable - 1])) stable--
      // A chord may hold spaces (`[C E]`): not a break until it is closed.
      const open = text.lastIndexOf('[', stable)
      if (open >= 0 && CHORD_START.test(text.slice(open + 1, open + 2)) && text.indexOf(']', open) < 0) stable = open
      if (stable > 0) send(variation, toPromptDialect(modelPrompt, text.slice(0, stable), dialect))
    },
    finish(variation, text) {
      send(variation, text)
    },
  }
}
