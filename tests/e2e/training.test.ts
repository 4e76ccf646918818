/**
 * The Training view against real web mode and a real (tiny) training run in the main-side worker:
 * a small corpus is imported, a run is set up through the form, its loss curves and checkpoints
 * appear live, it pauses and resumes, its progress survives a page reload, and its model can be
 * chosen for the composer.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, launchChromium, projectRoot, screenshotDir, startWebMode, type WebMode } from './web-mode'

let web: WebMode
let browser: Browser
let page: Page
const pageErrors: string[] = []

/** Calls the API the way the page does (POST + token header), for setting up and checking. */
const call = <T>(channel: string, input: unknown): Promise<T> => callApi<T>(web, channel, input)

/** The first 30 jigs of the bundled corpus: enough for a validation split, small enough to train in seconds. */
function tinyCorpus(): string {
  const text = readFileSync(path.join(projectRoot, 'resources/corpus/nottingham/jigs.abc'), 'latin1')
  const tunes = text.split(/\n(?=X:)/).filter((t) => t.startsWith('X:'))
  return tunes.slice(0, 30).join('\n')
}

const testId = (id: string) => page.getByTestId(id)
const numberAttr = async (id: string, attr: string): Promise<number> => Number(await testId(id).getAttribute(attr))
const step = async (): Promise<number> => Number(await testId('training-step').textContent())

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true })
  web = await startWebMode()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (err) => pageErrors.push(err.message))
  await page.goto(web.url)
  const report = await call<{ imported: number }>('library.importFiles', {
    corpusName: 'Tiny jigs',
    files: [{ name: 'tiny.abc', dataBase64: Buffer.from(tinyCorpus(), 'latin1').toString('base64') }],
  })
  expect(report.imported).toBe(30)
})

afterAll(async () => {
  await call('training.stop', {}).catch(() => undefined)
  await browser?.close()
  await web?.stop()
})

describe('training view in web mode', () => {
  it('shows the contract limits and refuses values outside them before sending', async () => {
    await page.getByRole('button', { name: 'Training', exact: true }).click()
    await expect.poll(() => testId('training-corpus').locator('option', { hasText: 'Tiny jigs' }).count()).toBe(1)
    // The limits shown come from the zod schema in the contract.
    const seqLenRow = page.locator('label', { has: testId('hyper-seqLen') })
    expect(await seqLenRow.textContent()).toContain('from 8 to 512')
    expect(await testId('hyper-seqLen').getAttribute('min')).toBe('8')
    await testId('hyper-seqLen').fill('4')
    await testId('training-start').click()
    await expect.poll(() => testId('training-start-error').textContent()).toContain('seqLen')
    expect(await testId('training-state').textContent()).toBe('Idle')
  })

  it('trains a tiny model: the curves gain points and checkpoints appear', async () => {
    await testId('training-corpus').selectOption({ label: 'Tiny jigs (30 tunes)' })
    await testId('training-name').fill('Tiny e2e model')
    await testId('size-embedding').fill('8')
    await testId('remove-layer').click()
    await testId('remove-layer').click()
    await expect.poll(() => testId('remove-layer').isDisabled()).toBe(true)
    // 128 units, not fewer: a smaller model ran so fast on a quiet machine (dozens of epochs a
    // second) that early stopping (patience ≤ 100 epochs) ended a resumed run before the test's Stop.
    await testId('size-units-0').fill('128')
    // Long enough to pause and to outlive a view switch, and never to end by itself before the
    // test stops it (which also keeps the best checkpoint): on a quiet machine the native engine
    // ran 40 epochs of this tiny model within the test, so Stop found the run already over.
    await testId('hyper-epochs').fill('400')
    await testId('hyper-batch').fill('4')
    await testId('hyper-seqLen').fill('16')
    await page.getByRole('button', { name: 'More settings' }).click()
    await testId('hyper-checkpointEvery').fill('40')
    await testId('hyper-patience').fill('100')
    await testId('training-start').click()

    await expect.poll(() => testId('training-state').textContent(), { timeout: 60_000 }).toBe('Training')
    expect(await testId('training-backend').textContent()).not.toBe('—')
    await expect.poll(() => numberAttr('loss-chart', 'data-train-points'), { timeout: 60_000 }).toBeGreaterThan(0)
    await expect.poll(() => testId('checkpoint-row').count(), { timeout: 90_000 }).toBeGreaterThan(0)
    await expect.poll(() => numberAttr('loss-chart', 'data-val-points')).toBeGreaterThan(0)
    // One dot per validation point (read together: the run keeps adding points meanwhile).
    const [dots, points] = await page.evaluate(() => [
      document.querySelectorAll('[data-testid="val-point"]').length,
      Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-val-points')),
    ])
    expect(dots).toBe(points)
    // The checkpoints listed are the service's own.
    const models = await call<{ id: number; name: string }[]>('training.listModels', {})
    const model = models.find((m) => m.name === 'Tiny e2e model')
    expect(model).toBeDefined()
    // The run goes on writing (and pruning) checkpoints, so compare both sides as they stand together.
    const listed = async (): Promise<boolean> => {
      const stored = await call<{ step: number }[]>('training.listCheckpoints', { modelId: model!.id })
      const shown = await testId('checkpoint-row').locator('td:first-child').allTextContents()
      return shown.map(Number).join() === stored.map((c) => c.step).sort((a, b) => b - a).join()
    }
    await expect.poll(listed, { timeout: 20_000, interval: 200 }).toBe(true)
  })

  it('pauses and resumes, and a reload keeps the run and its curve', async () => {
    await testId('training-pause').click()
    await expect.poll(() => testId('training-state').textContent(), { timeout: 30_000 }).toBe('Paused')
    const status = await call<{ state: string }>('training.status', {})
    expect(status.state).toBe('paused')
    // A step in flight when pausing may still land; after that the step count stays put.
    const settled = await step()
    await page.waitForTimeout(2500)
    expect(await step()).toBeLessThanOrEqual(settled + 1)
    const pausedAt = await step()
    await page.waitForTimeout(2000)
    expect(await step()).toBe(pausedAt)

    await page.reload()
    await page.getByRole('button', { name: 'Training', exact: true }).click()
    await expect.poll(() => testId('training-state').textContent()).toBe('Paused')
    expect(await page.getByRole('heading', { name: 'Tiny e2e model', exact: true }).count()).toBe(1)
    await expect.poll(() => numberAttr('loss-chart', 'data-val-points')).toBeGreaterThan(0)
    await shot('training-paused')

    await testId('training-resume').click()
    await expect.poll(() => testId('training-state').textContent()).toBe('Training')
    await expect.poll(step, { timeout: 30_000 }).toBeGreaterThan(pausedAt)
  })

  it('keeps training while another view is open, and Stop keeps the best checkpoint', async () => {
    await page.getByRole('button', { name: 'Library', exact: true }).click()
    const before = await call<{ progress: { step: number } }>('training.status', {})
    await expect.poll(() => call<{ progress: { step: number } }>('training.status', {}).then((s) => s.progress.step), { timeout: 60_000 }).toBeGreaterThan(before.progress.step)
    await page.getByRole('button', { name: 'Training', exact: true }).click()
    expect(await testId('training-state').textContent()).toBe('Training')
    await testId('training-stop').click()
    await expect.poll(() => testId('training-done').textContent(), { timeout: 60_000 }).toMatch(/Run stopped/)
    expect(await testId('training-state').textContent()).toBe('Idle')
    await expect.poll(() => testId('checkpoint-best').count()).toBe(1)
    expect(await testId('training-start').isEnabled()).toBe(true)
    await shot('training')
    // The bar shows the epochs done out of those planned.
    const epochText = (await testId('training-epoch').textContent()) ?? ''
    const [done, planned] = epochText.split('/').map(Number)
    expect(planned).toBe(400)
    expect(await page.getByRole('progressbar', { name: 'Training progress' }).getAttribute('aria-valuenow')).toBe(String(Math.round((done / planned) * 100)))
  })

  it('resumes the stopped run from its latest checkpoint, on its own corpus and model', async () => {
    await testId('model-row').filter({ hasText: 'Tiny e2e model' }).click()
    const latest = testId('checkpoint-row').first()
    const latestStep = Number((await latest.locator('td').first().textContent())?.trim())
    await latest.getByTestId('checkpoint-resume').click()
    await expect.poll(() => testId('training-form').textContent()).toContain(`Resume Tiny e2e model at step ${latestStep}`)
    expect(await testId('training-corpus').isDisabled()).toBe(true)
    const modelsBefore = await call<unknown[]>('training.listModels', {})
    await testId('training-start').click()
    await expect.poll(() => testId('training-state').textContent(), { timeout: 60_000 }).toBe('Training')
    await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(latestStep)
    await testId('training-stop').click()
    await expect.poll(() => testId('training-done').textContent(), { timeout: 60_000 }).toMatch(/Run stopped/)
    // The same model went on: no new one was made.
    expect(await call<unknown[]>('training.listModels', {})).toHaveLength(modelsBefore.length)
    const runs = await call<{ corpusId: number }[]>('training.listRuns', {})
    expect(new Set(runs.map((r) => r.corpusId)).size).toBe(1)
  })

  it('fine-tunes a new model from a checkpoint picked in the list', async () => {
    await testId('model-row').filter({ hasText: 'Tiny e2e model' }).click()
    const best = testId('checkpoint-row').filter({ has: testId('checkpoint-best') })
    const bestStep = (await best.locator('td').first().textContent())?.trim()
    await best.getByRole('button', { name: 'Fine-tune' }).click()
    expect(await testId('training-corpus').isDisabled()).toBe(false)
    await expect.poll(() => testId('training-form').textContent()).toContain(`Fine-tune Tiny e2e model at step ${bestStep}`)
    // The starting model fixes the sizes.
    expect(await testId('size-embedding').isDisabled()).toBe(true)
    await testId('training-name').fill('Tiny fine-tuned')
    await testId('hyper-epochs').fill('1')
    await testId('training-start').click()
    await expect.poll(() => call<{ state: string }>('training.status', {}).then((s) => s.state), { timeout: 180_000 }).toBe('idle')
    await expect.poll(() => testId('model-row').filter({ hasText: 'Tiny fine-tuned' }).count()).toBe(1)
    const models = await call<{ name: string; sizes: { embedding: number; units: number[] } }[]>('training.listModels', {})
    expect(models.find((m) => m.name === 'Tiny fine-tuned')?.sizes).toEqual({ embedding: 8, units: [128] })
  }, 240_000)

  it('"Use this model" makes the composer use it, across reloads', async () => {
    await testId('model-row').filter({ hasText: 'Tiny e2e model' }).click()
    await testId('use-model').click()
    await expect.poll(() => testId('model-row').filter({ hasText: 'Tiny e2e model' }).getByTestId('model-active').count()).toBe(1)
    const models = await call<{ id: number; name: string }[]>('training.listModels', {})
    const id = models.find((m) => m.name === 'Tiny e2e model')?.id
    expect(await page.evaluate(() => localStorage.getItem('tunesmith.composer.model'))).toBe(String(id))
    await page.reload()
    await page.getByRole('button', { name: 'Training', exact: true }).click()
    await expect.poll(() => testId('model-active').count()).toBe(1)
    expect(await testId('model-row').filter({ has: testId('model-active') }).textContent()).toContain('Tiny e2e model')
    // The composer samples with it.
    await page.getByRole('button', { name: 'Composer', exact: true }).click()
    await expect.poll(() => page.getByTestId('model').locator('option:checked').textContent()).toContain('Tiny e2e model')
  })

  it('ran without uncaught errors in the page', () => {
    expect(pageErrors).toEqual([])
  })
})

async function shot(name: string): Promise<void> {
  // Finished bars, not ones caught halfway through their CSS transition.
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), animations: 'disabled' })
}
