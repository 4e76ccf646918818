/**
 * Where the library lives. One rule for every shell (Electron, web mode, CLI) so they all open
 * the same file by default: `--library PATH`, then `TUNESMITH_LIBRARY`, then a file in the
 * user-data folder. Electron passes its own `app.getPath('userData')`; plain Node uses the XDG
 * data folder, since it cannot ask Electron.
 */
import os from 'node:os'
import path from 'node:path'

export const LIBRARY_FILE_NAME = 'library.sqlite'

export interface LibraryLocationInput {
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  /** Electron's userData folder; when absent the XDG data folder is used. */
  userDataDir?: string
}

/** The value of `--name VALUE` or `--name=VALUE`, or undefined. */
export function readFlag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === `--${name}`) return argv[i + 1]
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3)
  }
  return undefined
}

/** $XDG_DATA_HOME/tunesmith, or ~/.local/share/tunesmith. */
export function defaultDataDir(env: LibraryLocationInput['env']): string {
  const xdg = env.XDG_DATA_HOME
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.local', 'share')
  return path.join(base, 'tunesmith')
}

/** Absolute path of the library file to open. */
export function resolveLibraryPath(input: LibraryLocationInput): string {
  const explicit = readFlag(input.argv, 'library') ?? input.env.TUNESMITH_LIBRARY
  if (explicit) return path.resolve(explicit)
  const dir = input.userDataDir ?? defaultDataDir(input.env)
  return path.join(dir, LIBRARY_FILE_NAME)
}
