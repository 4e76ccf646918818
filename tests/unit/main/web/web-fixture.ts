/**
 * A real web-mode server over real services: a temp SQLite library whose "bundled corpus" is one
 * small Nottingham file (xmas.abc, 13 tunes) so each test file boots in well under a second,
 * and a temp static folder standing in for out/renderer.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bootServices, type Booted } from '../../../../src-main/services/boot'
import { createWebServer, type WebServer, type WebServerOptions } from '../../../../src-main/web/server'
import { createToken } from '../../../../src-main/web/token'

export const CORPUS_FILE = 'xmas.abc'
export const CORPUS_TUNES = 13
const projectRoot = path.resolve(import.meta.dirname, '../../../..')

export interface WebFixture {
  url: string
  token: string
  dir: string
  staticDir: string
  booted: Booted
  server: WebServer
  close(): Promise<void>
}

export async function startWebFixture(options: Partial<Pick<WebServerOptions, 'maxBodyBytes'>> = {}): Promise<WebFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-web-'))
  const resourcesDir = path.join(dir, 'resources')
  const corpusDir = path.join(resourcesDir, 'corpus', 'nottingham')
  mkdirSync(corpusDir, { recursive: true })
  copyFileSync(path.join(projectRoot, 'resources/corpus/nottingham', CORPUS_FILE), path.join(corpusDir, CORPUS_FILE))

  const staticDir = path.join(dir, 'static')
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true })
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Tunesmith test page</title>')
  writeFileSync(path.join(staticDir, 'assets', 'engine.wasm'), Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))
  // Lies next to the static folder: must never be served.
  writeFileSync(path.join(dir, 'secret.txt'), 'not for the browser')

  const booted = await bootServices({ libraryPath: path.join(dir, 'library.sqlite'), resourcesDir, shell: 'web' })
  const token = createToken()
  const server = createWebServer({ router: booted.router, events: booted.events, token, staticDir, ...options })
  const url = await server.listen(0)
  return {
    url,
    token,
    dir,
    staticDir,
    booted,
    server,
    async close() {
      await server.close()
      await booted.shutdown()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
