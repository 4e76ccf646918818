/**
 * The novelty report of a generated tune: how much of it the model copied from its training
 * corpus, as the longest run of consecutive bars shared with one corpus tune.
 */
import { tuneBars } from './bar-notes'
import type { BarIndex } from './bar-index'
import type { NoveltyReport } from '../../../src-shared/contract/model'

export type { NoveltyReport }

/**
 * `fullTune` is the prompt and the continuation together (bars that straddle the join are then
 * whole); `promptTune` is the prompt alone, whose complete bars are not judged.
 */
export function noveltyReport(index: BarIndex, fullTune: string, promptTune = ''): NoveltyReport {
  const bars = tuneBars(fullTune)
  const fromBar = promptTune ? firstGeneratedBar(promptTune) : 0
  const match = index.longestRun(bars, fromBar)
  const checked = Math.max(0, bars.length - fromBar)
  if (!match) {
    return { longestCopiedBars: 0, tune: null, summary: 'no bar found in the corpus', barsChecked: checked, corpusTunes: index.tuneCount }
  }
  const n = match.bars
  return {
    longestCopiedBars: n,
    tune: match.tune,
    summary: `echoes ${n} bar${n === 1 ? '' : 's'} of ${match.tune.title} (${match.tune.id})`,
    barsChecked: checked,
    corpusTunes: index.tuneCount,
  }
}

/**
 * Index of the first bar the model wrote part of: the prompt's last bar when the prompt stops
 * inside it (the continuation completes it), the next one when the prompt ends at a bar line.
 */
function firstGeneratedBar(promptTune: string): number {
  const promptBars = tuneBars(promptTune).length
  const music = promptTune.replace(/(?:\n(?:[A-Za-z]:|%)[^\n]*)+\s*$/, '')
  return /[|:\]]\s*$/.test(music) ? promptBars : Math.max(0, promptBars - 1)
}
