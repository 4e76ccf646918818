/**
 * `npm run cli -- <command> [options]`: Tunesmith without a window, over the same services as
 * the app (services/boot.ts). Global options: --library PATH (default as the app's:
 * TUNESMITH_LIBRARY, else ~/.local/share/tunesmith/library.sqlite), --json, --help.
 * Errors go to stderr with exit code 2 (bad usage) or 1 (anything else).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ApiError } from '../../src-shared/contract/errors'
import { bootServices, type Booted } from '../services/boot'
import { inProcessClient } from '../services/in-process-client'
import { locateLibrary } from '../services/library-location'
import { UsageError, type CliCommand, type CommandContext } from './command'
import { commands } from './commands'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const GLOBAL_OPTIONS = {
  library: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'usage: npm run cli -- <command> [options] [--library PATH] [--json]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'npm run cli -- <command> --help' for a command's options.",
  ].join('\n')
}

/** Where output goes: the process's streams, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText() + '\n')
    return name ? 0 : 2
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name)
  if (!command) {
    io.stderr.write(`error: unknown command "${name}"\n\n${helpText()}\n`)
    return 2
  }
  let booted: Booted | null = null
  try {
    let parsed: ReturnType<typeof parseArgs>
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true })
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err))
    }
    const values = parsed.values as CommandContext['values']
    if (values.help) {
      io.stdout.write(`usage: npm run cli -- ${command.usage}\n${command.summary}\n`)
      return 0
    }
    const json = values.json === true
    const ctx: CommandContext = {
      values,
      positionals: parsed.positionals,
      json,
      libraryPath: locateLibrary({ argv: rest, env: process.env }),
      resourcesDir: path.join(projectRoot, 'resources'),
      boot: async () => (booted ??= await bootServices({ libraryPath: ctx.libraryPath, resourcesDir: ctx.resourcesDir, shell: 'web' })),
      api: async () => inProcessClient(await ctx.boot()),
      out: (data, text) => io.stdout.write((json ? JSON.stringify(data, null, 2) : Array.isArray(text) ? text.join('\n') : text) + '\n'),
      log: (message) => void io.stderr.write(message + '\n'),
    }
    await command.run(ctx)
    return 0
  } catch (err) {
    const usage = err instanceof UsageError || (err instanceof ApiError && (err.code === 'invalid-input' || err.code === 'not-found'))
    io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`)
    return usage ? 2 : 1
  } finally {
    const b = booted as Booted | null
    await b?.shutdown()
  }
}

// Run when started as the entry (npm run cli), not when a test imports runCli.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
