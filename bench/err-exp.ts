import path from 'node:path'
import { readHeaders } from '../src-shared/abc/headers'
import { readShippedModel, shippedWeights } from '../src-main/model/default-model'
import { readCorpusFolder } from '../src-main/model/novelty/corpus-index'
import { chooseStepper } from '../src-main/model/sampling/engine-choice'
import { samplingModel } from '../src-main/model/sampling/sampling-model'
import { suggestChords } from '../src-main/model/cocompose/chords'
import { readShippedHarmoniser } from '../src-main/model/cocompose/harmoniser-file'
import { keyHarmony, readChord, sameChord, diatonicTriad } from '../src-main/model/cocompose/harmony'
import { chordsAtBarStarts, chordsInsideBars } from '../src-main/model/cocompose/tune-chords'
import { chordSplit } from './cocompose'
const ROOT = '/work/main'
const shipped = (await readShippedModel(path.join(ROOT, 'resources')))!
const H = await readShippedHarmoniser(path.join(ROOT, 'resources'))
const heldOut = (await readCorpusFolder(path.join(ROOT, 'resources', 'corpus', 'nottingham'))).map((t) => t.text).filter((_, i) => i % 10 === 9)
const { dev } = chordSplit(heldOut)
const fast = chooseStepper()
const model = samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine)
const cats = new Map<string, [number, number]>()
const add = (k: string, ok: boolean) => { const v = cats.get(k) ?? [0, 0]; v[0]++; if (ok) v[1]++; cats.set(k, v) }
const conf = new Map<string, number>()
const roman = (c: string, h: any) => { const r = readChord(c)!; const t = diatonicTriad(h, 1).root; return `${(r.root - t + 12) % 12}${r.family.slice(0,3)}` }
for (const tune of dev) {
  const h = keyHarmony(readHeaders(tune).key ?? '')!
  const truth = chordsAtBarStarts(tune); const inside = chordsInsideBars(tune)
  const run = await suggestChords(model, tune.replace(/"[^"]*"/g, ''), undefined, { beam: 2 }, H)
  const last = run.bars.length
  run.bars.forEach((b, k) => {
    const o = readChord(truth[b.bar - 1] ?? ''); if (!o) return
    const ok = sameChord(readChord(b.chord), o)
    const held = !/^"/.test(tune) && truth[b.bar - 2] === truth[b.bar - 1]
    add('all', ok)
    add(k === 0 ? 'first' : k === last - 1 ? 'last' : 'middle', ok)
    add(held ? 'truth holds prev' : 'truth changes', ok)
    add((inside[b.bar - 1] ?? []).length > 0 ? 'orig has mid-bar change' : 'orig no mid-bar change', ok)
    add(b.change ? 'we change mid-bar' : 'we hold mid-bar', ok)
    add(`mode ${h.mode}`, ok)
    if (!ok) { const key = `${roman(truth[b.bar - 1]!, h)} -> ${roman(b.chord, h)}`; conf.set(key, (conf.get(key) ?? 0) + 1) }
  })
}
for (const [k, [n, r]] of cats) console.log(k.padEnd(28), n, (100 * r / n).toFixed(1))
console.log([...conf].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `${k}: ${v}`).join('\n'))

// examples of V -> I
let shown = 0
for (const tune of dev) {
  const h = keyHarmony(readHeaders(tune).key ?? '')!
  if (h.mode !== 'major') continue
  const truth = chordsAtBarStarts(tune)
  const run = await suggestChords(samplingModel(await shippedWeights(shipped), shipped.vocab, fast.factory, fast.engine), tune.replace(/"[^"]*"/g, ''), undefined, { beam: 2 }, H)
  const stripped = tune.replace(/"[^"]*"/g, '')
  for (const b of run.bars) {
    const o = truth[b.bar - 1]; if (!o) continue
    const r = roman(o, h), w = roman(b.chord, h)
    if ((r.startsWith('7') && w.startsWith('0')) && shown < 14) {
      shown++
      const bars = tune.split('\n').filter((l) => !/^[A-Z]:/.test(l)).join('\n')
      console.log(`K:${h.tonicLetter} bar ${b.bar}: truth ${o} ours ${b.chord}${b.change ? ' then ' + b.change.chord : ''} | ${stripped.slice(b.start, b.start + 30).replace(/\n/g, ' ')}`)
    }
  }
}
