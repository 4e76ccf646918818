/**
 * The CLI prints what the user asked for and nothing else: no third-party banner (tfjs's "install
 * our node backend" came before every answer that loaded a checkpoint), and training progress that
 * reads as English ("step 38", never "step step 38").
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { formatProgress } from '../../../../src-main/cli/commands/train'
import type { TrainingProgress } from '../../../../src-shared/contract/training'
import { runNode, type ProcessResult } from '../model/run-process'

const root = path.resolve(import.meta.dirname, '../../../..')
const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-cli-output-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The CLI as a user runs it: its own process, so nothing of the test runner's console setup applies. */
function runCli(args: string[]): Promise<ProcessResult> {
  return runNode(['--import', 'tsx', path.join(root, 'src-main/cli/main.ts'), ...args], root)
}

describe('CLI output', () => {
  it('generate prints its report and the tunes, with no tfjs banner', async () => {
    const { code, stdout, stderr } = await runCli(['generate', '--header', 'M:6/8\\nK:G', '--n', '1', '--max-length', '120', '--seed', '3', '--library', path.join(dir, 'library.sqlite')])
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(/^X: ?1/m)
    expect(stderr).toMatch(/^X: 1: \d+ chars/m)
    expect(stdout + stderr).not.toMatch(/TensorFlow\.js|tfjs-node|={10}/)
  }, 120_000)

  it('training progress lines read "step 38", and other kinds name themselves', () => {
    const base: TrainingProgress = {
      runId: 1, modelId: 1, modelName: 'm', backend: 'native', state: 'running', kind: 'step', step: 38, epoch: 0.5, epochs: 3,
      trainLoss: 1.234, valBits: null, bestValBits: null, charsPerSec: 1000, etaSeconds: null,
    }
    const step = formatProgress(base)
    expect(step).toMatch(/^\[\d\d:\d\d:\d\d\] step 38 epoch 0\.50\/3 loss 1\.234 1000 chars\/s \(native, running\)$/)
    expect(formatProgress({ ...base, kind: 'checkpoint', step: 40, checkpointId: 7 })).toMatch(/\] checkpoint: step 40 epoch .* checkpoint 7 /)
    expect(step).not.toMatch(/step step/)
  })
})
