/**
 * Playback timing over the bundled Nottingham corpus: how long building a tune's timeline takes
 * (abcjs setUpAudio + its expanded sequence + the tie fixes), which happens when a tune is opened
 * and each time the composer redraws. Also how many ties between different pitches the corpus has
 * (abcjs mishandles those; see src-renderer/src/playback/timing/ties.ts), the feels the tune types
 * get and how many ornament strokes (cuts, rolls' cuts and taps, trills) are played.
 * Without --quick, also the figures that need Web Audio (playback-audio.ts).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import abcjs from 'abcjs'
import { splitTunes } from '../src-shared/abc/split'
import { buildTimeline } from '../src-renderer/src/playback/timing/timeline'
import { untieDifferentPitches } from '../src-renderer/src/playback/timing/ties'
import type { BenchSection } from './section'
import { audioFigures } from './playback-audio'

const CORPUS = fileURLToPath(new URL('../resources/corpus/nottingham', import.meta.url))

export function corpusTexts(): string[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.abc'))
    .sort()
    .flatMap((file) => splitTunes(readFileSync(`${CORPUS}/${file}`, 'utf8')).tunes.map((t) => t.text.replace(/^Y:/gm, '%Y:')))
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

const ms = (x: number): number => Math.round(x * 1000) / 1000

export const playbackSection: BenchSection = {
  name: 'playback',
  async run(ctx) {
    const texts = corpusTexts()
    const sample = ctx.quick ? texts.slice(0, 150) : texts
    // Warm-up: the first parses compile abcjs's code paths.
    for (const text of sample.slice(0, 20)) buildTimeline(abcjs.parseOnly(text)[0])
    const times: number[] = []
    let notes = 0
    let bars = 0
    let differentPitchTies = 0
    let ornamentStrokes = 0
    const feels: Record<string, number> = {}
    for (const text of sample) {
      const tune = abcjs.parseOnly(text)[0]
      differentPitchTies += untieDifferentPitches(abcjs.parseOnly(text)[0])
      const started = performance.now()
      const timeline = buildTimeline(tune)
      times.push(performance.now() - started)
      notes += timeline.melody.length
      bars += timeline.bars.length
      feels[timeline.feel.name] = (feels[timeline.feel.name] ?? 0) + 1
      ornamentStrokes += timeline.melody.filter((n) => n.ornament).length
    }
    times.sort((a, b) => a - b)
    ctx.log(`playback: ${sample.length} timelines`)
    return {
      tunes: sample.length,
      timelineMs: { median: ms(percentile(times, 0.5)), p95: ms(percentile(times, 0.95)), max: ms(times.at(-1) ?? 0) },
      notesPerTune: Math.round(notes / sample.length),
      barsPerTune: Math.round(bars / sample.length),
      differentPitchTies,
      feels,
      ornamentStrokes,
      audio: ctx.quick ? 'skipped with --quick' : await audioFigures(ctx),
    }
  },
}
