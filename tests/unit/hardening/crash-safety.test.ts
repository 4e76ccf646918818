/**
 * Crash safety with real processes: a child boots the real services, saves pieces and trains a
 * tiny model writing a checkpoint every step; the parent SIGKILLs it at a seeded random moment
 * (the worker thread dies mid-step with it, and with a checkpoint every step a write is usually in
 * flight). After each kill the library must pass PRAGMA integrity_check, hold every piece the
 * child reported saved, and its newest checkpoint must load and resume (the next round resumes
 * from it and writes a later step). An import killed in the middle of its write transaction must
 * leave nothing of the corpus behind.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importFiles, openLibrary } from '../../../src-main/library'
import { artifactsToWeights, type LayersModelJson } from '../../../src-main/engine/layers-format'
import { bootServices } from '../../../src-main/services/boot'
import type { TrainingRunSummary } from '../../../src-shared/contract/training'
import { rowCounts, seededRandom } from './helpers'

const root = path.resolve(import.meta.dirname, '../../..')
const CHILDREN = path.join(import.meta.dirname, 'children')
const SEED = 20251125
/** Big enough that the write transaction spills well past SQLite's page cache into the WAL. */
const TUNES = 12_000
const dirs: string[] = []
const children = new Set<ChildProcess>()
afterAll(() => {
  for (const c of children) c.kill('SIGKILL')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-crash-'))
  dirs.push(dir)
  return dir
}

interface Child {
  proc: ChildProcess
  lines: string[]
  /** Resolves when a stdout line matches; rejects if the child exits first. */
  waitFor(match: (line: string, all: string[]) => boolean, timeoutMs?: number): Promise<void>
  kill(): Promise<void>
}

function startChild(script: string, args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(CHILDREN, script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(proc)
  const lines: string[] = []
  let stderr = ''
  const waiters = new Set<() => void>()
  let buffer = ''
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    const parts = buffer.split('\n')
    buffer = parts.pop() ?? ''
    lines.push(...parts)
    for (const w of waiters) w()
  })
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  const exited = new Promise<void>((resolve) => proc.once('exit', () => (children.delete(proc), resolve())))
  return {
    proc,
    lines,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (lines.some((l) => match(l, lines))) {
            waiters.delete(check)
            clearTimeout(timer)
            resolve()
          }
        }
        const timer = setTimeout(() => reject(new Error(`child ${script} timed out; stderr: ${stderr.slice(-2000)}`)), timeoutMs)
        waiters.add(check)
        void exited.then(() => {
          if (!waiters.has(check)) return
          waiters.delete(check)
          clearTimeout(timer)
          reject(new Error(`child ${script} exited (${proc.exitCode}); stderr: ${stderr.slice(-2000)}`))
        })
        check()
      })
    },
    async kill() {
      proc.kill('SIGKILL')
      await exited
    },
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const numbers = (lines: string[], tag: string): number[][] =>
  lines.filter((l) => l.startsWith(`${tag} `)).map((l) => l.split(' ').slice(1).map(Number))

describe('crash safety', () => {
  it('SIGKILL during training and checkpoint writes: library intact, pieces kept, training resumes from the last complete checkpoint', async () => {
    const dir = tempDir()
    const resources = path.join(dir, 'resources')
    mkdirSync(path.join(resources, 'corpus', 'nottingham'), { recursive: true })
    copyFileSync(path.join(root, 'resources/corpus/nottingham/xmas.abc'), path.join(resources, 'corpus/nottingham/xmas.abc'))
    const libraryPath = path.join(dir, 'library.sqlite')
    const random = seededRandom(SEED)
    const savedPieces = new Set<number>()
    let resumeFrom: { id: number; step: number } | null = null
    const ROUNDS = 3

    for (let round = 0; round < ROUNDS; round++) {
      const child = startChild('train-child.ts', resumeFrom ? [libraryPath, resources, 'resume', String(resumeFrom.id)] : [libraryPath, resources, 'start'])
      // Let it write a seeded random number of checkpoints, then kill it a random moment later.
      const target = 1 + Math.floor(random() * 12)
      await child.waitFor((_l, all) => numbers(all, 'ckpt').length >= target)
      await sleep(random() * 40)
      await child.kill()

      const written = numbers(child.lines, 'ckpt')
      for (const [id] of numbers(child.lines, 'piece')) savedPieces.add(id)
      if (resumeFrom) {
        // The resumed run went on from the checkpoint it was given: its first checkpoint is a later step.
        expect(written[0][1], `round ${round}`).toBeGreaterThan(resumeFrom.step)
      }

      const library = openLibrary(libraryPath)
      try {
        expect(library.integrityCheck(), `round ${round}`).toEqual(['ok'])
        expect((library.db.pragma('integrity_check') as { integrity_check: string }[])[0].integrity_check).toBe('ok')
        for (const id of savedPieces) expect(library.pieces.get(id).id, `piece ${id} after round ${round}`).toBe(id)
        const model = library.models.getByName('crash test')
        expect(model).not.toBeNull()
        const latest = library.models.latestCheckpoint(model!.id)
        expect(latest).not.toBeNull()
        // At least as new as the last checkpoint the child reported committed (one more may have
        // committed before its report was printed).
        const [lastReportedId, lastReportedStep] = written[written.length - 1]
        expect(latest!.id).toBeGreaterThanOrEqual(lastReportedId)
        expect(latest!.step).toBeGreaterThanOrEqual(lastReportedStep)
        expect(latest!.optimizer).not.toBeNull()
        const weights = await artifactsToWeights({ modelJson: JSON.parse(latest!.modelJson) as LayersModelJson, weightData: latest!.weights })
        expect(weights.layers[0].units).toBe(16)
        expect(weights.dense.kernel.every(Number.isFinite)).toBe(true)
        resumeFrom = { id: latest!.id, step: latest!.step }
      } finally {
        library.close()
      }
    }
    expect(savedPieces.size).toBeGreaterThan(ROUNDS)

    // The app started again after the crashes: no run may still claim to be running.
    const booted = await bootServices({ libraryPath, resourcesDir: resources, shell: 'web' })
    try {
      const runs = (await booted.router.dispatch('training.listRuns', {})) as TrainingRunSummary[]
      expect(runs).toHaveLength(ROUNDS)
      for (const run of runs) expect(run.status, `run ${run.id}`).toBe('interrupted')
      expect(((await booted.router.dispatch('training.status', {})) as { state: string }).state).toBe('idle')
    } finally {
      await booted.shutdown()
    }
  }, 180_000)

  it('an import killed inside its write transaction leaves no half-imported corpus', async () => {
    const dir = tempDir()
    const libraryPath = path.join(dir, 'library.sqlite')
    const setup = openLibrary(libraryPath)
    importFiles(setup, { corpusName: 'Before', files: [{ name: 'a.abc', bytes: Buffer.from('X:1\nT:Kept Tune\nM:4/4\nK:D\n|:DFAF GBAF:|\n') }] })
    setup.pieces.save({ title: 'Kept piece', abc: 'X:1\nK:D\nDFA|' })
    const before = rowCounts(setup)
    setup.close()

    const random = seededRandom(SEED + 1)
    const wal = `${libraryPath}-wal`
    const ROUNDS = 2
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = existsSync(wal) ? statSync(wal).size : 0
      // Kill once the uncommitted transaction has spilled this much into the WAL: mid-write for sure.
      const spill = (0.25 + random()) * 1024 * 1024
      const child = startChild('import-child.ts', [libraryPath, String(TUNES)])
      await child.waitFor((l) => l === 'importing')
      let killedMidWrite = false
      while (child.proc.exitCode === null) {
        if ((existsSync(wal) ? statSync(wal).size : 0) > baseline + spill && !child.lines.some((l) => l.startsWith('done'))) {
          await child.kill()
          killedMidWrite = true
          break
        }
        await sleep(2)
      }
      expect(killedMidWrite, `round ${round}: the import finished before the kill`).toBe(true)

      const library = openLibrary(libraryPath)
      try {
        expect(library.integrityCheck()).toEqual(['ok'])
        expect(rowCounts(library)).toEqual(before)
        expect(library.corpora.getByName('Big')).toBeNull()
      } finally {
        library.close()
      }
    }

    // The same import, not killed, does land whole: the kills above interrupted real work.
    const child = startChild('import-child.ts', [libraryPath, String(TUNES)])
    await child.waitFor((l) => l.startsWith('done'), 120_000)
    expect(child.lines).toContain(`done ${TUNES}`)
    const library = openLibrary(libraryPath)
    try {
      expect(library.integrityCheck()).toEqual(['ok'])
      expect(rowCounts(library)).toEqual({ ...before, corpora: before.corpora + 1, tunes: before.tunes + TUNES, fts: before.fts + TUNES })
    } finally {
      library.close()
    }
  }, 180_000)
})
