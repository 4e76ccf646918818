/**
 * The editor's text as abcjs should draw it. Nottingham tunes carry a non-standard Y: (playing
 * order) field after K: that abcjs would engrave as notes; `%:` comments it out with the same
 * number of characters, so every offset abcjs reports is still an offset into the editor's text.
 */
export function engravable(abc: string): string {
  return abc.replace(/^Y:/gm, '%:')
}
