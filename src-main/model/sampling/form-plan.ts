/**
 * The form a generation aims for: how many bars a part has, which part ends the tune, and the
 * tonic it ends on. From the tune so far: a part the prompt already completed sets the length of
 * the next (an 8-bar A part → an 8-bar B part); otherwise the tune type decides (R: field, else
 * the meter): 16 bars for waltzes and airs, 8 for reels, jigs, hornpipes, polkas, slip jigs.
 */
import { presetForRhythm } from '../../../src-shared/tune-types'
import { readHeaders } from '../../../src-shared/abc/headers'
import { analyseForm, keyTonic, lastKey, isPlannedLength } from '../form/analyse'
import { formMask, type FormPlan } from './form-mask'

/** 'tune': complete the tune; 'part': finish this part, or write the next one; 'open': never end the tune. */
export type FormGoal = 'tune' | 'part' | 'open'

/** A tune of fewer parts than this is not complete: reels, jigs, waltzes have an A and a B part. */
export const MIN_PARTS = 2
/** Without an R: field a tune type we know, 3/4 tunes are mostly waltzes (16-bar parts). */
const LONG_PART_METERS = new Set(['3/4'])
const DANCE_PART_BARS = 8
const LONG_PART_BARS = 16
/** A goal that never ends the tune puts its last part beyond any tune's. */
const NEVER = 1_000

export function defaultPartBars(rhythm: string | null, meter: string | null): number {
  const preset = rhythm ? presetForRhythm(rhythm) : undefined
  if (preset) return preset.partBars
  return meter && LONG_PART_METERS.has(meter.trim()) ? LONG_PART_BARS : DANCE_PART_BARS
}

export function planForm(prompt: string, goal: FormGoal, partBars?: number): FormPlan {
  const headers = readHeaders(prompt)
  const form = analyseForm(prompt)
  // Where the prompt ends does not depend on the part length (its parts close at the bar lines it
  // wrote), so one reading serves both. A prompt that ends where a part starts (right after its
  // closing bar line) has completed its last section too.
  const position = promptPosition(prompt, { partBars: DANCE_PART_BARS, lastPart: NEVER, tonic: null })
  // Also when the prompt has begun the next part with its pickup, which the analysis makes no
  // section of yet: the parts the mask saw closed are complete.
  const complete = position.atPartStart ? form.sections : form.sections.slice(0, Math.max(form.sections.length - 1, position.part))
  const learnt = complete.find((s) => isPlannedLength(s.bars))?.bars
  const bars = partBars ?? learnt ?? defaultPartBars(headers.rhythm, headers.meter)
  const lastPart = goal === 'open' ? NEVER
    : goal === 'part' ? position.part
      : position.atPartStart && position.part >= MIN_PARTS ? position.part : Math.max(MIN_PARTS - 1, position.part)
  return { partBars: bars, lastPart, tonic: keyTonic(lastKey(prompt) ?? headers.key).letter }
}

/**
 * Which part the prompt ends in, and whether it ends where a part starts. A prompt that ends on a
 * bar line is read as if its line ended there, so a closing `||` it ends with has closed the part.
 */
function promptPosition(prompt: string, plan: FormPlan): { part: number; atPartStart: boolean } {
  const endsOnBarLine = /[|\]:]\s*$/.test(prompt) && !prompt.endsWith('\n')
  return formMask(plan)(endsOnBarLine ? prompt + '\n' : prompt).position()
}
