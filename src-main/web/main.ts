/**
 * `npm run web [-- --port N] [-- --library PATH]`: Tunesmith in a browser. Serves the renderer
 * and the API on 127.0.0.1 only and prints the URL with this launch's token.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { bootServices } from '../services/boot'
import { locateLibrary, readFlag } from '../services/library-location'
import { ensureRendererBuilt } from '../services/renderer-build'
import { createWebServer } from './server'
import { createToken } from './token'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${value}"`)
  }
  return port
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const port = parsePort(readFlag(argv, 'port'))
  const libraryPath = locateLibrary({ argv, env: process.env })
  const staticDir = await ensureRendererBuilt(projectRoot, (line) => console.log(line))

  console.log(`Library: ${libraryPath}`)
  const booted = await bootServices({ libraryPath, resourcesDir: path.join(projectRoot, 'resources'), shell: 'web', warmUpModel: true })
  const token = createToken()
  const server = createWebServer({ router: booted.router, events: booted.events, token, staticDir })
  const url = await server.listen(port)
  console.log(`Tunesmith is running at ${url}/?token=${token}`)
  console.log('Press Ctrl+C to stop.')

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await server.close()
    await booted.shutdown()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err: unknown) => {
  console.error(`tunesmith web: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
