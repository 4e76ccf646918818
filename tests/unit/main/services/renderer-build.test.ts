/** `npm run web` rebuilds the renderer only when a source is newer than the built index.html. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rendererIsStale } from '../../../../src-main/services/renderer-build'

let root: string
const out = (): string => path.join(root, 'out', 'renderer')

function touch(file: string, secondsAgo: number): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, 'x')
  const t = Date.now() / 1000 - secondsAgo
  utimesSync(file, t, t)
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-build-'))
  touch(path.join(root, 'src-renderer', 'src', 'App.vue'), 100)
  touch(path.join(root, 'src-shared', 'contract', 'index.ts'), 100)
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('rendererIsStale', () => {
  it('is stale when nothing was built', async () => {
    expect(await rendererIsStale(root, out())).toBe(true)
  })

  it('is fresh when the build is newer than every source', async () => {
    touch(path.join(out(), 'index.html'), 10)
    expect(await rendererIsStale(root, out())).toBe(false)
  })

  it('is stale when a nested renderer or contract source changed after the build', async () => {
    touch(path.join(out(), 'index.html'), 10)
    touch(path.join(root, 'src-shared', 'contract', 'index.ts'), 1)
    expect(await rendererIsStale(root, out())).toBe(true)
  })
})
