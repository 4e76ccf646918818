/**
 * Cuts a token stream into [batch × seqLen] windows for stateful training, as in the seed
 * tutorial: the stream is divided into `batch` contiguous rows of equal length, and window w
 * takes characters [w·seqLen, (w+1)·seqLen) of every row. Row b of window w+1 therefore
 * continues exactly where row b of window w stopped, so the LSTM state carried between steps
 * is the state of the text that really came before. Targets are the inputs shifted by one.
 * The few characters that do not fill a whole window at the end of each row are not used.
 */

export interface WindowLayout {
  batch: number
  seqLen: number
  /** Characters per row (the stream length divided by batch, rounded down). */
  rowLength: number
  /** Whole windows per pass over the stream. */
  windows: number
}

export interface Window {
  inputs: Int32Array
  targets: Int32Array
}

export function windowLayout(streamLength: number, batch: number, seqLen: number): WindowLayout {
  const rowLength = Math.floor(streamLength / batch)
  // Each window needs seqLen inputs plus one more character for the last target.
  const windows = rowLength > seqLen ? Math.floor((rowLength - 1) / seqLen) : 0
  return { batch, seqLen, rowLength, windows }
}

export function windowAt(stream: Int32Array, layout: WindowLayout, w: number): Window {
  const { batch, seqLen, rowLength, windows } = layout
  if (!Number.isInteger(w) || w < 0 || w >= windows) throw new RangeError(`window ${w} is outside 0..${windows - 1}`)
  const inputs = new Int32Array(batch * seqLen)
  const targets = new Int32Array(batch * seqLen)
  for (let b = 0; b < batch; b++) {
    const start = b * rowLength + w * seqLen
    inputs.set(stream.subarray(start, start + seqLen), b * seqLen)
    targets.set(stream.subarray(start + 1, start + seqLen + 1), b * seqLen)
  }
  return { inputs, targets }
}

/** Clear message for a stream too short to give one window with these sizes. */
export function requireWindows(layout: WindowLayout, what: string): void {
  if (layout.windows === 0) {
    const need = layout.batch * (layout.seqLen + 1)
    throw new Error(
      `The ${what} text is too short for batch ${layout.batch} × sequence length ${layout.seqLen}: ` +
        `it needs at least ${need} characters (${layout.batch * layout.rowLength} available). ` +
        'Use a smaller batch or sequence length, or more tunes.',
    )
  }
}
