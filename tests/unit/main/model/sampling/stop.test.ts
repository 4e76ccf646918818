import { describe, expect, it } from 'vitest'
import { StopWatcher, type StopMode } from '../../../../../src-main/model/sampling/stop'
import { corpusTunes } from './helpers'

/** Feeds `generated` after `prompt`; returns what is kept and why it stopped (null = never). */
function run(mode: StopMode, prompt: string, generated: string): { kept: string; reason: string | null; bars: number } {
  const watcher = new StopWatcher(mode)
  watcher.readPrompt(prompt)
  let written = ''
  for (const ch of generated) {
    written += ch
    const d = watcher.push(ch)
    if (d) return { kept: written.slice(0, written.length - d.trim), reason: d.reason, bars: watcher.bars }
  }
  return { kept: written, reason: null, bars: watcher.bars }
}

const HEAD = 'X: 1\nT:Test\nM:6/8\nK:G\n'

describe('stop rules', () => {
  it('a blank line ends the tune and is left out', () => {
    expect(run('tune', HEAD, 'GAB c2d|e3 d3|\n\nX: 2\n')).toEqual({ kept: 'GAB c2d|e3 d3|\n', reason: 'end-of-tune', bars: 2 })
    // A line of spaces is blank too.
    expect(run('tune', HEAD, 'GAB|\n  \nX')).toMatchObject({ kept: 'GAB|\n', reason: 'end-of-tune' })
  })

  it('a new X: line ends the tune and is left out', () => {
    expect(run('tune', HEAD, 'GAB|\nX: 2\nT:Next')).toMatchObject({ kept: 'GAB|\n', reason: 'end-of-tune' })
  })

  it('the end of a real Nottingham tune, fed character by character, is found', () => {
    const tune = corpusTunes('jigs.abc')[1]
    const body = tune.slice(tune.indexOf('K:G\n') + 4)
    const r = run('tune', tune.slice(0, tune.indexOf('K:G\n') + 4), body + '\n\n\nX: 3\n')
    expect(r).toMatchObject({ kept: body + '\n', reason: 'end-of-tune' })
    expect(r.bars).toBe((body.match(/\|+:?|::/g) ?? []).length)
  })

  it("'line' stops at the end of the line the prompt was in, ignoring \\ continuations", () => {
    expect(run('line', HEAD + 'GAB c2', 'd|e3 d3|\nfff')).toEqual({ kept: 'd|e3 d3|\n', reason: 'end-of-line', bars: 2 })
    expect(run('line', HEAD, 'GAB c2d|\\\ne3 d3|\nfff')).toMatchObject({ kept: 'GAB c2d|\\\ne3 d3|\n', reason: 'end-of-line' })
    expect(run('line', HEAD, 'P:B\n% second part\nGAB c2d|\nfff')).toMatchObject({ kept: 'P:B\n% second part\nGAB c2d|\n', reason: 'end-of-line' })
  })

  it("'part' stops at a line ending in a closing bar line, not at a first ending's :|", () => {
    const gen = 'GAB c2d|e3 d3|[1 B3 G3:|\n[2 B3 G3||\nP:B\nd3 d3|'
    expect(run('part', HEAD, gen)).toMatchObject({ kept: 'GAB c2d|e3 d3|[1 B3 G3:|\n[2 B3 G3||\n', reason: 'end-of-part' })
    expect(run('part', HEAD, 'GAB c2d|e3 d3:|\nd3 d3|')).toMatchObject({ kept: 'GAB c2d|e3 d3:|\n', reason: 'end-of-part' })
    // A double bar inside a line does not end the part.
    expect(run('part', HEAD, 'GAB||c2d|\ne3|]\n')).toMatchObject({ kept: 'GAB||c2d|\ne3|]\n', reason: 'end-of-part' })
  })

  it("'part' stops before a new P: line, but not at the P: line that opens the part", () => {
    expect(run('part', HEAD, 'P:A\nGAB c2d|e3 d3|\nP:B\nfff')).toMatchObject({ kept: 'P:A\nGAB c2d|e3 d3|\n', reason: 'end-of-part' })
  })

  it('{bars: N} counts bar-line tokens, completes the token, keeps a line end', () => {
    expect(run({ bars: 2 }, HEAD, 'GAB c2d|e3 d3:|ggg')).toMatchObject({ kept: 'GAB c2d|e3 d3:|', reason: 'bars', bars: 2 })
    expect(run({ bars: 2 }, HEAD, 'GAB||e3 d3|]\nggg')).toMatchObject({ kept: 'GAB||e3 d3|]\n', reason: 'bars', bars: 2 })
    expect(run({ bars: 1 }, HEAD, 'GAB::e3')).toMatchObject({ kept: 'GAB::', reason: 'bars' })
    // Bar lines inside chord symbols, comments and field lines are not bars.
    expect(run({ bars: 1 }, HEAD, '"G|"GAB %|\nP:|\nc|d')).toMatchObject({ kept: '"G|"GAB %|\nP:|\nc|', reason: 'bars' })
  })

  it('never stops inside the prompt, and counts only generated bars', () => {
    expect(run({ bars: 1 }, HEAD + 'GAB|GAB|\n', 'ddd|e')).toMatchObject({ kept: 'ddd|', bars: 1 })
  })
})
