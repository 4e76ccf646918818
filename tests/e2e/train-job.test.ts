/**
 * The Training view's "Train elsewhere with PyTorch" against real web mode: the run set up in the
 * form is exported as a job folder (the page shows the command to run), and a finished job is
 * imported as a model that appears in the list with its checkpoint marked best. The job is
 * "finished" here by writing what train.py writes (a checkpoint and the loss log), so this test
 * needs no PyTorch; tests/unit/main/model/train-job/pytorch-job.test.ts runs the real one.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, launchChromium, projectRoot, startWebMode, type WebMode } from './web-mode'

let web: WebMode
let browser: Browser
let page: Page
let dir: string
const pageErrors: string[] = []
const testId = (id: string) => page.getByTestId(id)

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-e2e-train-job-'))
  web = await startWebMode()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  const jigs = readFileSync(path.join(projectRoot, 'resources/corpus/nottingham/jigs.abc'), 'latin1')
  const tunes = jigs.split(/\n(?=X:)/).filter((t) => t.startsWith('X:')).slice(0, 30)
  await callApi(web, 'library.importFiles', { corpusName: 'Job jigs', files: [{ name: 'jigs.abc', dataBase64: Buffer.from(tunes.join('\n'), 'latin1').toString('base64') }] })
})

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('training jobs in the Training view', () => {
  it('exports the run set up in the form and imports the finished job as a model', async () => {
    await page.getByRole('button', { name: 'Training', exact: true }).click()
    await expect.poll(() => testId('training-corpus').locator('option', { hasText: 'Job jigs' }).count()).toBe(1)
    await testId('training-corpus').selectOption({ label: 'Job jigs (30 tunes)' })
    await testId('size-embedding').fill('8')
    await testId('remove-layer').click()
    await testId('remove-layer').click()
    await testId('size-units-0').fill('16')
    await testId('hyper-batch').fill('4')
    await testId('hyper-seqLen').fill('16')

    const job = path.join(dir, 'job')
    await testId('train-job-export-dir').fill(job)
    await testId('train-job-export').click()
    await expect.poll(() => testId('train-job-exported').textContent(), { timeout: 60_000 }).toContain('27 training tunes, 3 held out')
    expect(await testId('train-job-exported').textContent()).toMatch(/train\.py --nproc-per-node \d+/)
    const meta = JSON.parse(readFileSync(path.join(job, 'job.json'), 'utf8')) as { shape: { embeddingDim: number; lstmUnits: number[] }; config: { batch: number } }
    expect(meta.shape).toMatchObject({ embeddingDim: 8, lstmUnits: [16] })
    expect(meta.config.batch).toBe(4)

    // What train.py leaves behind: a checkpoint (here its starting weights) and the loss log.
    mkdirSync(path.join(job, 'checkpoints'))
    copyFileSync(path.join(job, 'initial.safetensors'), path.join(job, 'checkpoints', 'step-0000001.safetensors'))
    const log = [
      { kind: 'start', worldSize: 2, backend: 'gloo', device: 'cpu', torch: '2.4.0', stepsPerEpoch: 9, globalBatch: 8, seqLen: 16 },
      { kind: 'checkpoint', type: 'final', step: 1, epoch: 0.11, trainLoss: 3.5, valBits: 5.2, isBest: true, file: 'checkpoints/step-0000001.safetensors', charsPerSec: 900 },
      { kind: 'done', outcome: 'stopped', step: 1, bestValBits: 5.2, seconds: 1, stepsPerSec: 1, worldSize: 2, backend: 'gloo', device: 'cpu', torch: '2.4.0' },
    ]
    writeFileSync(path.join(job, 'loss-log.jsonl'), log.map((r) => JSON.stringify(r)).join('\n') + '\n')

    await testId('train-job-import-dir').fill(job)
    await testId('train-job-import-name').fill('Jigs from PyTorch')
    await testId('train-job-import').click()
    await expect.poll(() => testId('train-job-imported').textContent(), { timeout: 60_000 }).toContain('PyTorch 2.4.0 DDP, 2 × cpu (gloo)')
    await expect.poll(() => testId('model-row').filter({ hasText: 'Jigs from PyTorch' }).count()).toBe(1)
    await expect.poll(() => testId('checkpoint-best').count()).toBe(1)

    // A second import under the same name is refused in words.
    await testId('train-job-import').click()
    await expect.poll(() => testId('train-job-error').textContent()).toContain('already exists')
    expect(pageErrors).toEqual([])
  })
})
