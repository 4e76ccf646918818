/**
 * The desktop app's main process, proven without the Electron binary (it cannot download here):
 * the built bundle (out/main/index.js) runs under Node with a stand-in `electron` module, from a
 * working directory that is not the project, once as a development checkout and once as the app
 * electron-builder packages from package.json's "build" config. In each: boot, a window on the
 * built page, every IPC channel answers with data IPC can carry (structuredClone), the native
 * engine samples and trains (in the worker), the desktop import dialog works, quit is clean.
 *
 * docs/desktop.md lists what only a real Electron can confirm.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { domains } from '../../../../src-shared/contract'
import type { AppInfo, CheckResult, GenerationResult, ImportReport, Piece, TrainingProgress, TrainingRunSummary } from '../../../../src-shared/contract'
import { desktopChannels } from '../../../../src-shared/contract/desktop'
import { resolveLibraryPath } from '../../../../src-main/services/library-location'
import { builtAddon, developmentLayout, packagedLayout, root, stageDir, type Layout } from './layouts'
import { StandInElectron, type StandInMessage } from './stand-in'
import { exposeThroughBridge } from './context-bridge'
import { loadPreload } from './preload-harness'
import { bridgeClient } from '../../../../src-renderer/src/api/bridge-client'
import type { BridgeApi } from '../../../../src-shared/contract/envelope'

const BUILD_MS = 240_000
const BOOT_MS = 90_000
const TRAIN_MS = 120_000
const QUIT_MS = 30_000

const allChannels = [...Object.values(domains).flatMap((channels) => Object.values(channels).map((c) => c.name)), desktopChannels.importWithDialog]
const IMPORT_FILE = path.join(root, 'resources', 'corpus', 'nottingham', 'playford.abc')

let stage: string
const layouts: Partial<Record<Layout['name'], Layout>> = {}

beforeAll(() => {
  stage = stageDir()
  layouts.development = developmentLayout(stage)
  layouts.packaged = packagedLayout(stage, layouts.development)
}, BUILD_MS)
afterAll(() => rmSync(stage, { recursive: true, force: true }))

const isWindow = (m: StandInMessage): m is Extract<StandInMessage, { type: 'window' }> => m.type === 'window'

/** Without a compiler or BLAS at install there is no addon, and the app must say it fell back. */
const hasAddon = existsSync(builtAddon)

describe.each(['development', 'packaged'] as const)('Electron main, %s layout, under a stand-in electron', (name) => {
  let app: StandInElectron
  let home: string
  let env: Record<string, string>

  beforeAll(async () => {
    const layout = layouts[name]!
    // A fresh home: the default library goes where the CLI's does, inside it.
    home = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-stand-in-home-'))
    const cwd = path.join(home, 'somewhere-else')
    mkdirSync(cwd)
    env = {
      ...layout.env,
      HOME: home,
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CONFIG_HOME: path.join(home, 'config'),
      TUNESMITH_STANDIN_USER_DATA: path.join(home, 'config', 'Tunesmith'),
    }
    app = new StandInElectron({ mainFile: layout.mainFile, cwd, env })
    await app.waitFor(isWindow, BOOT_MS, 'the main window')
  }, BOOT_MS)
  afterAll(() => {
    app.kill()
    rmSync(home, { recursive: true, force: true })
  })

  it('boots and opens an isolated, sandboxed window on the built page, with the built preload', async () => {
    const window = await app.waitFor(isWindow, 0, 'the main window')
    expect(window.file && existsSync(window.file)).toBe(true)
    expect(window.file).toMatch(/out[/\\]renderer[/\\]index\.html$/)
    expect(window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(existsSync(String(window.webPreferences.preload))).toBe(true)
    expect(app.messages.filter((m) => m.type === 'error-box')).toEqual([])
  })

  it('opens the same default library as the CLI, not one in Electron userData', async () => {
    const info = await app.call<AppInfo>('app.info', {})
    expect(info.shell).toBe('electron')
    expect(info.libraryPath).toBe(resolveLibraryPath({ argv: [], env }))
    expect(existsSync(info.libraryPath)).toBe(true)
  })

  it('answers every IPC channel with an envelope that IPC can carry, and refuses other senders', async () => {
    for (const channel of allChannels) {
      // `{}` is valid for the listing channels and invalid for the rest: an answer either way.
      const envelope = await app.invoke(channel, {})
      expect(structuredClone(envelope), channel).toEqual(envelope)
      if (!envelope.ok) expect(envelope.error.code, `${channel}: ${envelope.error.message}`).not.toBe('internal')
    }
    const refused = await app.invoke('app.info', {}, { trusted: false })
    expect(refused).toMatchObject({ ok: false })
    expect(app.messages.filter((m) => m.type === 'clone-failure')).toEqual([])
  })

  it('checks ABC in a worker thread: a long text is checked while the main process answers other calls', async () => {
    // 200 kB of bars: about a second of abcjs parsing. On the main thread the check would hold
    // every call sent after it; in the check worker, app.info (sent second) is answered first.
    const long = `X:1\nT:Long\nM:4/4\nL:1/8\nK:D\n${'defg abag|'.repeat(20_000)}\n`
    const order: string[] = []
    const checked = app.call<CheckResult>('abc.check', { abc: long }, BOOT_MS).then((result) => {
      order.push('check')
      return result
    })
    await app.call<AppInfo>('app.info', {})
    order.push('info')
    const result = await checked
    expect(order).toEqual(['info', 'check'])
    // Checked in full by the worker (not "could not be checked" from a worker that failed to start).
    expect(result.diagnostics.filter((d) => d.source === 'checker')).toEqual([])
    expect(result.bars).toEqual({ checked: 20_000, wrong: 0 })
  }, BOOT_MS)

  it('saves and updates a piece with params (the composer save)', async () => {
    const params = { temperature: 0.8, seed: 42, meterAware: true, stop: '{"bars":8}' }
    const saved = await app.call<Piece>('library.savePiece', { title: 'Stand-in', abc: 'X:1\nT:Stand-in\nM:6/8\nK:G\nGAB cde|\n', prompt: 'X:1\n', params })
    const updated = await app.call<Piece>('library.updatePiece', { id: saved.id, abc: 'X:1\nT:Stand-in\nM:6/8\nK:G\nGAB cdB|\n', params: { ...params, seed: 43 } })
    expect(updated.params).toEqual({ ...params, seed: 43 })
  })

  it('samples with the native engine, found from the app folders and not the working directory', async () => {
    const result = await app.call<GenerationResult>('model.generate', { meter: '6/8', key: 'G', n: 1, seed: 1, maxLength: 300, requestId: `stand-in-${name}` }, BOOT_MS)
    expect(result.model.engine).toMatch(hasAddon ? /^native C\+\+ engine/ : /^plain JS/)
    expect(result.variations).toHaveLength(1)
    expect(app.events('model.generationChunk').length).toBeGreaterThan(0)
  }, BOOT_MS)

  it('imports through the native dialog and trains on the native engine in the worker', async () => {
    app.answerNextDialog([IMPORT_FILE])
    const report = await app.call<ImportReport>('desktop.importWithDialog', { corpusName: 'Playford', pick: 'files' })
    expect(report.imported).toBeGreaterThan(10)
    expect(app.events('library.changed')).toContainEqual({ corpusId: report.corpusId })

    const run = await app.call<TrainingRunSummary>('training.start', {
      corpusId: report.corpusId,
      modelName: `stand-in ${name}`,
      sizes: { embedding: 8, units: [16] },
      epochs: 1,
      batch: 4,
      seqLen: 32,
    })
    const done = (await app.waitFor((m) => m.type === 'event' && m.name === 'training.progress' && (m.payload as TrainingProgress).kind === 'done', TRAIN_MS, 'the end of training')) as Extract<StandInMessage, { type: 'event' }>
    const progress = done.payload as TrainingProgress
    expect(progress).toMatchObject({ runId: run.id, status: 'completed' })
    expect(progress.backend).toMatch(hasAddon ? /^native/ : /^tfjs/)
  }, TRAIN_MS)

  it("carries the renderer's calls and events through the built preload behind a structured-clone bridge", async () => {
    const window = await app.waitFor(isWindow, 0, 'the main window')
    const exposed = loadPreload(String(window.webPreferences.preload), app)
    // As src-renderer/src/api/index.ts builds it from window.api.
    const page = bridgeClient(exposeThroughBridge(exposed) as unknown as BridgeApi)
    const origin = ref({ params: { temperature: 0.9, seed: 7, meterAware: true } }).value
    const saved = await page.library.savePiece({ title: 'Through the preload', abc: 'X:1\nT:Through the preload\nM:3/4\nK:D\nDEF|\n', params: origin.params })
    expect(saved.params).toEqual({ temperature: 0.9, seed: 7, meterAware: true })
    const updated = await page.library.updatePiece({ id: saved.id, abc: 'X:1\nT:Through the preload\nM:3/4\nK:D\nDEF GFE|\n', params: origin.params })
    expect(updated.abc).toContain('GFE')
    await expect(page.library.getPiece({ id: 999_999 })).rejects.toMatchObject({ code: 'not-found' })

    const heard: unknown[] = []
    const stop = page.events.onLibraryChanged((payload) => heard.push(payload))
    app.answerNextDialog([path.join(root, 'resources', 'corpus', 'nottingham', 'morris.abc')])
    const report = await page.desktop!.importWithDialog({ corpusName: 'Morris', pick: 'files' })
    expect(report?.imported).toBeGreaterThan(10)
    expect(heard).toContainEqual({ corpusId: report?.corpusId })
    stop()

    // Only the contract's names pass the preload's bridge: nothing else reaches ipcRenderer.
    const bridge = exposeThroughBridge(exposed) as unknown as BridgeApi
    expect(await bridge.invoke('electron.openExternal', { url: 'https://example.com' })).toEqual({ ok: false, error: { code: 'not-found', message: 'Unknown API call: electron.openExternal' } })
    expect(() => bridge.subscribe('electron.anything', () => undefined)).toThrow(/Unknown API event: electron.anything/)
  })

  it('quits cleanly: shutdown finishes, nothing keeps the process alive', async () => {
    const info = await app.call<AppInfo>('app.info', {})
    app.quit()
    await app.waitFor((m) => m.type === 'quit-done', QUIT_MS, 'quit')
    const code = await Promise.race([app.exited, new Promise<string>((r) => setTimeout(() => r('still running'), QUIT_MS))])
    expect(code, app.log()).toBe(0)
    // The library was closed: SQLite folds its write-ahead log back into the file on close.
    expect(existsSync(`${info.libraryPath}-wal`)).toBe(false)
    expect(readFileSync(info.libraryPath).subarray(0, 15).toString()).toBe('SQLite format 3')
  }, QUIT_MS * 2)
})
