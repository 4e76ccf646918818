/** Small builders for hand-made tunes and access to the bundled Nottingham corpus. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { splitTunes, type RawTune } from '../../../../src-shared/abc/split'

export interface Headers {
  M?: string
  L?: string
  K?: string
}

/** A tune with the given meter/unit/key and body (L: left out when not given). */
export function tune(body: string, h: Headers = {}): string {
  const lines = ['X:1', 'T:Test', `M:${h.M ?? '4/4'}`]
  if (h.L !== undefined) lines.push(`L:${h.L}`)
  lines.push(`K:${h.K ?? 'G'}`, body)
  return lines.join('\n')
}

export const CORPUS_DIR = fileURLToPath(new URL('../../../../resources/corpus/nottingham', import.meta.url))

export interface CorpusTune extends RawTune {
  file: string
}

let cache: CorpusTune[] | null = null

export function corpusTunes(): CorpusTune[] {
  cache ??= readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.abc'))
    .sort()
    .flatMap((file) => splitTunes(readFileSync(join(CORPUS_DIR, file), 'utf8')).tunes.map((t) => ({ ...t, file })))
  return cache
}

export function corpusTune(file: string, x: number): CorpusTune {
  const t = corpusTunes().find((c) => c.file === file && c.xNumber === x)
  if (!t) throw new Error(`no X:${x} in ${file}`)
  return t
}
