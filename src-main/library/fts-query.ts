/**
 * Turns what a person types into an FTS5 query. Raw input is never passed to MATCH: FTS5 syntax
 * (quotes, `-`, `:`, `NEAR`, `*`) in a title someone types would be a syntax error or change the
 * meaning. Each word becomes a quoted prefix term and all must match, so "sal ree" finds
 * "Sally's Reel" as the user is typing.
 */

/** Letters and digits, as FTS5's unicode61 tokenizer splits words (diacritics are folded by it). */
const WORD = /[\p{L}\p{N}]+/gu

/** Returns the FTS5 query, or null when the text has no word FTS5 could match. */
export function toFtsQuery(text: string): string | null {
  const words = text.match(WORD)
  if (!words) return null
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ')
}

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` escaped (ESCAPE '\'). */
export function toLikePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
