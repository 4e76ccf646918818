/**
 * Prompts made of real Nottingham tunes as a musician would start them: the tune's header and its
 * first bars, or the header and its whole first part (up to the first closing repeat).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot } from './web-mode'

/** A bar line: a run of | : [ ] holding a |, or :: (end one repeat, start the next). */
const BAR_LINE = /"[^"]*"|[:[\]]*\|[:|\]]*|::/g

export function nottinghamTune(file: string, title: string): string {
  const text = readFileSync(path.join(projectRoot, 'resources/corpus/nottingham', file), 'latin1')
  const tune = text.split(/\n(?=X:)/).find((t) => t.split('\n').some((line) => line.trim() === `T:${title}`))
  if (!tune) throw new Error(`no tune "${title}" in ${file}`)
  return tune.trim()
}

function split(tune: string): { header: string; music: string } {
  const lines = tune.split('\n')
  const k = lines.findIndex((line) => line.startsWith('K:'))
  // The Nottingham files' own comment lines are no part of what a musician would type.
  const header = lines.slice(0, k + 1).filter((line) => !line.startsWith('%'))
  return { header: `${header.join('\n')}\n`, music: lines.slice(k + 1).join('\n') }
}

/** Header and the music up to the end of the `nth` bar line (a pickup's bar line counts). */
function cutAfter(tune: string, isCut: (barLine: string, count: number) => boolean): string {
  const { header, music } = split(tune)
  let count = 0
  for (const m of music.matchAll(BAR_LINE)) {
    if (m[0].startsWith('"')) continue
    count++
    if (isCut(m[0], count)) return `${header}${music.slice(0, m.index + m[0].length)}\n`
  }
  throw new Error('the tune has fewer bar lines than the cut asks for')
}

export function firstBars(tune: string, bars: number): string {
  return cutAfter(tune, (_, count) => count === bars)
}

/** Through the first closing repeat `:|`: a complete A part. */
export function firstPart(tune: string): string {
  return cutAfter(tune, (barLine) => barLine.startsWith(':|'))
}
