/**
 * The text a model should learn from. The Nottingham files carry a non-standard `Y:` field
 * (the playing order, e.g. `Y:AAB`, added by Jukedeck's cleaning); in 339 tunes it sits after
 * `K:`, where abcjs (and any ABC reader) takes it for music and warns about it.
 *
 * Choice: drop every `Y:` line, keep every other byte as it is. Converting it was the
 * alternative (ABC's own playing-order field is `P:` in the header), but moving a line into the
 * header changes the layout the model learns, and a `P:` after `K:` means "a part starts here",
 * not a playing order. The order is metadata a musician reads, not music to continue, so the
 * originals keep it (the library stores the raw text) and the training text does without it.
 */

const Y_LINE = /^Y:/

export function cleanForTraining(tuneText: string): string {
  if (!/(^|\n)Y:/.test(tuneText)) return tuneText
  return tuneText
    .split('\n')
    .filter((line) => !Y_LINE.test(line))
    .join('\n')
}
