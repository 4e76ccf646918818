/** Real Nottingham tunes parsed by real abcjs (parseOnly runs in Node), as the score draws them. */
import abcjs, { type TuneObject } from 'abcjs'
import { corpusTunes } from '../../shared/abc/helpers'

export interface ParsedTune {
  text: string
  tune: TuneObject
}

/** Parses like TuneSheet draws: the Nottingham `Y:` field is commented out first. */
export function parse(text: string): ParsedTune {
  const drawn = text.replace(/^Y:/gm, '%Y:')
  return { text: drawn, tune: abcjs.parseOnly(drawn)[0] }
}

export function nottingham(title: string): ParsedTune {
  const found = corpusTunes().find((t) => t.text.includes(`\nT:${title}\n`))
  if (!found) throw new Error(`no tune titled ${title}`)
  return parse(found.text)
}

/** Character position of `needle` in the tune text, failing loudly when it is not there. */
export function at(text: string, needle: string): number {
  const i = text.indexOf(needle)
  if (i < 0) throw new Error(`"${needle}" not in tune`)
  return i
}
