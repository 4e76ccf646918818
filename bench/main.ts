/**
 * `npm run bench [-- --quick] [-- --only a,b]`: runs each section and prints one JSON object.
 * Sections live in their own files (one area each) and are listed here.
 */
import os from 'node:os'
import type { BenchSection, JsonValue } from './section'
import { librarySection } from './library'
import { samplingSection } from './sampling'
import { engineSection } from './engine'
import { webSection } from './web'
import { abcSection } from './abc'
import { verdictsSection } from './verdicts'
import { modelSection } from './model'
import { dialectSection } from './dialect'
import { growSection } from './grow'
import { loadSection } from './load'
import { playbackSection } from './playback'
import { formSection } from './form'
import { cocomposeSection } from './cocompose'
import { hostileSection } from './hostile'
import { musicxmlSection } from './musicxml'
import { timeToQualitySection } from './time-to-quality'

const sections: BenchSection[] = [librarySection, engineSection, webSection, samplingSection, abcSection, verdictsSection, modelSection, dialectSection, growSection, playbackSection, loadSection, formSection, hostileSection, cocomposeSection, musicxmlSection, timeToQualitySection]

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const onlyArg = args.find((a) => a.startsWith('--only='))
  const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null
  const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`)
  const result: Record<string, JsonValue> = {
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    quick,
  }
  const started = Date.now()
  for (const section of sections) {
    if (only && !only.has(section.name)) continue
    log(`${section.name}...`)
    try {
      result[section.name] = await section.run({ quick, log })
    } catch (err) {
      result[section.name] = { error: err instanceof Error ? err.message : String(err) }
    }
  }
  result.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024)
  result.seconds = Math.round((Date.now() - started) / 100) / 10
  process.stdout.write(JSON.stringify(result, null, 2) + '\n')
}

void main()
