/**
 * The editor's text as abcjs should draw it, always the same length as the editor's text, so
 * every offset abcjs reports is still an offset into it. Only the drawing changes, never the text:
 *
 * - Nottingham tunes carry a non-standard Y: (playing order) field after K: that abcjs would
 *   engrave as notes; `%:` comments it out.
 * - A decoration on `X` (an invisible multi-measure rest: `MX`, `~X`, `!trill! X`, `."C"X`), or
 *   grace notes before X, Z or x, make abcjs lay out a staff at y = NaN: a console error for each
 *   SVG attribute, a dozen per redraw. They belong to nothing abcjs can draw; they are drawn as
 *   spaces. What this pattern cannot see (abcjs reads an unclosed `"`, `!` or `+` as 1 to 6
 *   characters, by rules of its own) drawable.ts finds in abcjs's own parse, and the score says
 *   so in words instead of drawing.
 */

/** A field line (the standard's letters; abcjs reads `c:` as music) or a comment: nothing to blank. */
const NOT_MUSIC = /^\s*(?:[A-Zmrsw+]:|%)/
/**
 * A quoted string (kept whole, so nothing inside one is touched), or one decoration (`!name!`,
 * `+name+`, a one-letter one) whose next note, rest or bar line is X, or grace notes `{…}` before
 * X, Z or x (the same NaN): abcjs passes over what lies between (spaces, chord symbols, other
 * decorations, stray digits or signs) to find what they belong to.
 */
/** How far past a decoration to look for its X, in symbols: a bound, so a line of 10,000 decorations is not read 10,000 times. */
const LOOK_AHEAD = 64
const SKIPPED = String.raw`(?:"[^"\n]*"|![^!\n]*!|\+[^+\n]*\+|\{[^}\n]*\}|[!+"](?![^!+"\n]*[!+"])|[^A-Ga-gxyzZ|"!+\n]){0,${LOOK_AHEAD}}`
const DECORATED_X = new RegExp(String.raw`"[^"\n]*"|(?:![^!\n]*!|\+[^+\n]*\+|[.~HLMOPSTuv])(?=${SKIPPED}X)|\{[^}\n]*\}(?=${SKIPPED}[XZx])`, 'g')

export function engravable(abc: string): string {
  return abc
    .replace(/^Y:/gm, '%:')
    .split('\n')
    // A match that opens with a quote is a quoted string on its own: left as it is.
    .map((line) => (NOT_MUSIC.test(line) ? line : line.replace(DECORATED_X, (match) => (match.startsWith('"') ? match : ' '.repeat(match.length)))))
    .join('\n')
}
