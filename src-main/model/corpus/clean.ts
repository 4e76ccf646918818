/**
 * The cleaning applied to every tune before training. The abc module owns the rules
 * (abc/cleanForTraining); until it lands this does the one thing the Nottingham corpus needs:
 * drop the non-standard `Y:` (playing order) lines, which abcjs reads as music (see
 * /work/shared/docs/measurements.md), so the model does not learn to write them.
 */
const Y_FIELD = /^Y:/

export function cleanTuneForTraining(tuneText: string): string {
  return tuneText
    .split('\n')
    .filter((line) => !Y_FIELD.test(line))
    .join('\n')
}
