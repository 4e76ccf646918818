/**
 * 'grow' section: fine-tuning the default model on a collection with characters its vocabulary
 * lacks (docs/model.md, Vocabulary). The collection: the Nottingham reels A–G and waltzes that
 * use a dotted pair, rewritten into the `>`/grace-note dialect (abc/dialect.ts toBrokenDialect),
 * with French and Swedish titles and a `w:` line of French syllables under every music line, as
 * a song collection writes them; every 10th tune held out. Reported: what the run grew, its
 * validation curve and time, and for the held-out tunes cut at 40 % and continued for 4 bars
 * (4 variations each) by the default and the fine-tuned model: how many prompts the model could
 * read as written (no character mapped to fit its vocabulary), and how many continuations hold
 * `>` and accented letters.
 * Not run with --quick (it trains the 1.9 M-parameter model for about 40 s).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { splitTunes } from '../src-shared/abc'
import { toBrokenDialect } from '../src-shared/abc/dialect'
import { importFiles, openLibrary } from '../src-main/library'
import { EventBus } from '../src-main/services/event-bus'
import { createModelService } from '../src-main/services/model-service'
import { createTrainingService } from '../src-main/services/training-service'
import { ContinueInput, type GenerationResult } from '../src-shared/contract/model'
import { TrainingStartInput, type TrainingProgress } from '../src-shared/contract/training'
import type { BenchSection, JsonValue } from './section'

const resourcesDir = path.resolve(import.meta.dirname, '../resources')
const FILES = ['reelsa-c.abc', 'reelsd-g.abc', 'waltzes.abc']
const TITLES = ['Valse à Joséphine', 'Gånglåt från Mockfjärd', 'Polska efter Pelle Schenell', 'Bourrée de Sévérac']
const SYLLABLES = ['là', 'dé', 'ri', 'dé', 'ra', 'lon', 'la', 'rè', 'ne']
const EPOCHS = 3
const VARIATIONS = 4
/** Accented Latin-1 lowercase letters (à…ÿ), the ones the syllables and titles use. */
const ACCENTED = /[à-ÿ]/

/** A `w:` line of syllables under every music line, and a title with accents. */
function asSong(tune: string, i: number): string {
  const head = tune.slice(0, tune.indexOf('\n', tune.indexOf('\nK:') + 1) + 1)
  const lines = tune.slice(head.length).split('\n')
  const words = (j: number): string => Array.from({ length: 8 }, (_, k) => SYLLABLES[(j * 3 + k) % SYLLABLES.length]).join(' ')
  const body = lines.map((l, j) => (l.trim() && !/^[A-Za-z]:/.test(l) ? `${l}\nw:${words(j)}` : l)).join('\n')
  return (head + body).replace(/^T:(.*)$/m, (_, title: string) => `T:${title} (${TITLES[i % TITLES.length]})`)
}

function collection(): { train: string[]; held: string[] } {
  const read = (f: string): string[] => splitTunes(readFileSync(path.join(resourcesDir, 'corpus', 'nottingham', f), 'latin1')).tunes.map((t) => t.text)
  const songs = FILES.flatMap(read)
    .map((t) => toBrokenDialect(t))
    .filter((t) => t.includes('>'))
    .map(asSong)
  return { train: songs.filter((_, i) => i % 10 !== 9), held: songs.filter((_, i) => i % 10 === 9) }
}

export const growSection: BenchSection = {
  name: 'grow',
  async run({ quick, log }): Promise<JsonValue> {
    if (quick) return { skipped: 'trains the default model for about 40 s; run without --quick' }
    const { train, held } = collection()
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-bench-grow-'))
    const library = openLibrary(path.join(dir, 'library.sqlite'))
    const events = new EventBus()
    const curve: JsonValue[] = []
    let note = ''
    events.listen((name, payload) => {
      const p = payload as TrainingProgress
      if (name !== 'training.progress') return
      if (p.kind === 'epoch') curve.push({ epoch: p.epoch, valBits: p.valBits === null ? null : Math.round(p.valBits * 1000) / 1000 })
      if (p.step === 0 && p.message) note = p.message
    })
    const training = createTrainingService({ library, events, resourcesDir })
    const models = createModelService({ library, events: new EventBus(), resourcesDir })
    try {
      const corpusId = importFiles(library, { corpusName: 'Songs', files: [{ name: 'songs.abc', bytes: new TextEncoder().encode(train.join('\n\n')) }] }).corpusId as number
      log(`grow: fine-tuning the default model on ${train.length} tunes for ${EPOCHS} epochs`)
      const started = Date.now()
      const run = await training.start(TrainingStartInput.parse({ corpusId, modelName: 'songs', fromCheckpointId: 'default', epochs: EPOCHS, patience: 10 }))
      await training.whenIdle()
      const seconds = Math.round((Date.now() - started) / 100) / 10
      const grownVocab = library.models.get(run.modelId)?.vocab ?? []
      const continuations = async (modelId: number | undefined): Promise<JsonValue> => {
        let asWritten = 0
        let withBroken = 0
        let withAccents = 0
        for (const [i, tune] of held.entries()) {
          const cut = tune.indexOf('\nK:') + Math.floor((tune.length - tune.indexOf('\nK:')) * 0.4)
          const input = ContinueInput.parse({ prompt: tune.slice(0, cut), n: VARIATIONS, seed: 100 + i, maxLength: 200, modelId, stop: { bars: 4 } })
          const result = (await models.continue(input)) as GenerationResult
          if (result.unknownChars.clean) asWritten++
          withBroken += result.variations.filter((v) => v.text.includes('>')).length
          withAccents += result.variations.filter((v) => ACCENTED.test(v.text)).length
        }
        return { prompts: held.length, promptsReadAsWritten: asWritten, continuations: held.length * VARIATIONS, withBrokenRhythm: withBroken, withAccents }
      }
      return {
        trainTunes: train.length,
        epochs: EPOCHS,
        seconds,
        vocabulary: { before: library.models.getDefault()?.vocab.length ?? null, after: grownVocab.length },
        note,
        curve,
        defaultModel: await continuations(undefined),
        fineTuned: await continuations(run.modelId),
      }
    } finally {
      models.dispose()
      await training.shutdown()
      library.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
