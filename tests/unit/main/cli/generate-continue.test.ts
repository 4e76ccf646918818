/** `generate` and `continue` through runCli, as a shell runs them, over a temp library with a real checkpoint. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../../src-main/cli/main'
import { splitTunes } from '../../../../src-shared/abc/split'
import { corpusTunes, sink, storeSeededModel, type CliIo as Io } from '../model/sampling/helpers'

describe('CLI generate / continue', () => {
  let dir: string
  let libraryPath: string
  let modelId: number

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-cli-'))
    libraryPath = path.join(dir, 'library.sqlite')
    modelId = await storeSeededModel(libraryPath, 'cli test model', 8)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out = sink<Io['stdout']>()
    const err = sink<Io['stderr']>()
    const code = await runCli([...args, '--library', libraryPath], { stdout: out.stream, stderr: err.stream })
    return { code, out: out.text(), err: err.text() }
  }

  it('generate writes n numbered tunes to stdout and a report per tune to stderr', async () => {
    const r = await cli('generate', '--header', 'M:6/8\\nK:G', '--n', '3', '--temperature', '0.8', '--seed', '1', '--max-length', '60', '--model', String(modelId))
    expect(r.code).toBe(0)
    const tunes = splitTunes(r.out).tunes
    expect(tunes.map((t) => t.xNumber)).toEqual([1, 2, 3])
    for (const t of tunes) expect(t.text).toMatch(/^X: \d\nT:Untitled\nM:6\/8\nK:G\n/)
    expect(r.err).toMatch(/X: 1: \d+ chars, stopped by (end-of-tune|max-length)/)
    expect(r.err).toMatch(/seed 1/)
  })

  it('--json prints the whole result', async () => {
    const r = await cli('generate', '--header', 'M:4/4;K:D;L:1/8', '--n', '1', '--seed', '2', '--max-length', '30', '--no-meter', '--json', '--model', String(modelId))
    expect(r.code).toBe(0)
    const result = JSON.parse(r.out) as { prompt: string; variations: { text: string }[] }
    expect(result.prompt).toBe('X: 1\nT:Untitled\nM:4/4\nL:1/8\nK:D\n')
    expect(result.variations).toHaveLength(1)
  })

  it('continue continues the last tune of a file', async () => {
    const file = path.join(dir, 'partial.abc')
    const partial = corpusTunes('reelsa-c.abc')[2].slice(0, 250)
    writeFileSync(file, partial)
    const r = await cli('continue', '--file', file, '--n', '2', '--bars', '2', '--seed', '4', '--max-length', '40', '--model', String(modelId))
    expect(r.code).toBe(0)
    const tunes = splitTunes(r.out).tunes
    expect(tunes).toHaveLength(2)
    for (const t of tunes) expect(t.text.slice(t.text.indexOf('\n'))).toContain(partial.slice(partial.indexOf('\n')))
  })

  it('continue prints the tune as written, byte for byte (X: number, >, grace notes, CRLF), then the continuation', async () => {
    const file = path.join(dir, 'broken.abc')
    const first = 'X: 1\r\nT:Other\r\nK:G\r\nGAB|\r\n\r\n'
    const partial = 'X: 42\r\nT:Hornpipe\r\nM:4/4\r\nL:1/8\r\nK:D\r\n|:A>B {g}c<d !trill!e2 f>e|d>c'
    writeFileSync(file, first + partial)
    const r = await cli('continue', '--file', file, '--n', '2', '--bars', '1', '--seed', '3', '--max-length', '40', '--model', String(modelId))
    expect(r.code).toBe(0)
    const tunes = r.out.split(/\r?\n\r?\n(?=X: 42)/)
    expect(tunes).toHaveLength(2)
    for (const t of tunes) expect(t.startsWith(partial)).toBe(true)
    expect(r.err).toMatch(/prompt as the model read it: 4 broken rhythms \(> <\) given to the model as dotted lengths; 1 grace-note group and 1 decoration hidden/)
  })

  it('bad usage and bad values: message on stderr, non-zero exit, nothing on stdout', async () => {
    for (const args of [
      ['generate'],
      ['generate', '--header', 'M:6/8'],
      ['generate', '--header', 'M:6/8\\nK:G', '--n', '1000000'],
      ['generate', '--header', 'M:6/8\\nK:G', '--temperature', 'hot'],
      ['generate', '--header', 'M:6/8\\nK:G', '--model', '424242'],
      ['continue', '--file', path.join(dir, 'missing.abc')],
      ['continue', '--file', 'x', '--line', '--part'],
    ]) {
      const r = await cli(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.out).toBe('')
      expect(r.err).toMatch(/^error: /)
    }
  })
})
