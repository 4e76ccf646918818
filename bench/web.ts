/**
 * Web-mode figures: boot (first start imports the corpus; later starts only open the file),
 * HTTP round trips through the real server and router for the calls the library view makes,
 * a large import upload (4 MB; 1 MB with --quick), and how long `npm run web` spends building the renderer when stale.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bootServices } from '../src-main/services/boot'
import { createWebServer } from '../src-main/web/server'
import { createToken } from '../src-main/web/token'
import type { TunePage } from '../src-shared/contract'
import type { BenchSection, JsonValue } from './section'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const round = (ms: number): number => Number(ms.toFixed(2))

async function timeAsync(fn: () => Promise<unknown>, runs: number, warmup = 5): Promise<{ medianMs: number; p95Ms: number }> {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  return { medianMs: round(samples[Math.floor(samples.length / 2)]), p95Ms: round(samples[Math.floor(samples.length * 0.95)]) }
}

export const webSection: BenchSection = {
  name: 'web',
  async run({ quick, log }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tunesmith-bench-web-'))
    const libraryPath = path.join(dir, 'library.sqlite')
    const resourcesDir = path.join(ROOT, 'resources')
    try {
      log('web: first boot (imports the bundled corpus)')
      let t = performance.now()
      const first = await bootServices({ libraryPath, resourcesDir, shell: 'web' })
      const firstBootMs = round(performance.now() - t)
      await first.shutdown()
      t = performance.now()
      const booted = await bootServices({ libraryPath, resourcesDir, shell: 'web' })
      const laterBootMs = round(performance.now() - t)

      const token = createToken()
      const server = createWebServer({ router: booted.router, events: booted.events, token, staticDir: null })
      const url = await server.listen(0)
      const post = async (channel: string, input: unknown): Promise<unknown> => {
        const res = await fetch(`${url}/api/call/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Tunesmith-Token': token, Origin: url },
          body: JSON.stringify(input),
        })
        if (!res.ok) throw new Error(`${channel}: HTTP ${res.status}`)
        return res.json()
      }
      const runs = quick ? 30 : 200
      const page = (await post('library.searchTunes', { limit: 200 })) as TunePage
      const figures: Record<string, JsonValue> = {
        firstBootMs,
        laterBootMs,
        appInfo: await timeAsync(() => post('app.info', {}), runs),
        searchFirstPage200: await timeAsync(() => post('library.searchTunes', { limit: 200 }), runs),
        searchText: await timeAsync(() => post('library.searchTunes', { text: 'reel', limit: 200 }), runs),
        facets: await timeAsync(() => post('library.facets', {}), runs),
        getTune: await timeAsync(() => post('library.getTune', { id: page.items[runs % page.items.length].id }), quick ? 10 : 50),
      }
      // A large upload: distinct small tunes, so every one is parsed and stored (nothing is a duplicate).
      const uploadMB = quick ? 1 : 4
      const tune = (i: number): string => `X:${i}\nT:Bench ${i}\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|EFGA BAFD:|\n\n`
      let abc = ''
      for (let i = 1; abc.length < uploadMB * 1024 * 1024; i++) abc += tune(i)
      t = performance.now()
      const report = (await post('library.importFiles', {
        corpusName: 'Bench upload',
        files: [{ name: 'bench.abc', dataBase64: Buffer.from(abc).toString('base64') }],
      })) as { imported: number }
      figures.importUpload = { megabytes: uploadMB, ms: round(performance.now() - t), tunes: report.imported }
      await server.close()
      await booted.shutdown()

      if (!quick) {
        log('web: renderer build')
        const { rendererConfig } = await import('../electron.vite.config')
        const { build } = await import('vite')
        t = performance.now()
        await build({ ...rendererConfig, configFile: false, logLevel: 'silent', build: { ...rendererConfig.build, outDir: path.join(dir, 'renderer') } })
        figures.rendererBuildMs = round(performance.now() - t)
      }
      return figures
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
}
