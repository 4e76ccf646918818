/**
 * Where the library lives. One rule for every shell (Electron, web mode, CLI) so they all open
 * the same file by default, and a model trained in the CLI is there in the desktop app:
 * `--library PATH`, then `TUNESMITH_LIBRARY`, then `library.sqlite` in the platform's data folder
 * for applications ($XDG_DATA_HOME/tunesmith on Linux, Application Support on macOS, %APPDATA% on
 * Windows). Computed in plain Node, never from Electron's `userData`, so every shell agrees.
 *
 * Earlier versions disagreed (the desktop app used Electron's userData, ~/.config/tunesmith on
 * Linux; the CLI used ~/.local/share/tunesmith everywhere): `locateLibrary` moves a library found
 * at a former default to the default once, when none is there yet.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const LIBRARY_FILE_NAME = 'library.sqlite'
/** The folder name under the platform's data folder (also Electron's userData name for package "tunesmith"). */
const APP_DIR_NAME = 'tunesmith'
/** SQLite's write-ahead log and shared-memory files: moved with the library, or recent writes are lost. */
const SQLITE_SIDECARS = ['-wal', '-shm']

type Env = Readonly<Record<string, string | undefined>>

export interface LibraryLocationInput {
  argv: readonly string[]
  env: Env
  /** Defaults to process.platform (tests pass others). */
  platform?: NodeJS.Platform
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

/** An XDG base folder from the environment when it is absolute (the spec ignores relative ones), else ~/<fallback>. */
function xdgDir(env: Env, variable: string, fallback: string): string {
  const value = env[variable]
  return value && path.isAbsolute(value) ? value : path.join(os.homedir(), fallback)
}

/** Linux and other Unix: $XDG_DATA_HOME/tunesmith or ~/.local/share/tunesmith; macOS and Windows: their per-user app data folders. */
export function defaultDataDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', APP_DIR_NAME)
  if (platform === 'win32') {
    const appData = env.APPDATA && path.isAbsolute(env.APPDATA) ? env.APPDATA : path.join(os.homedir(), 'AppData', 'Roaming')
    return path.join(appData, APP_DIR_NAME)
  }
  return path.join(xdgDir(env, 'XDG_DATA_HOME', path.join('.local', 'share')), APP_DIR_NAME)
}

/** Folders where earlier versions kept the library by default, for the one-time move. */
export function formerDataDirs(env: Env, platform: NodeJS.Platform = process.platform): string[] {
  const current = defaultDataDir(env, platform)
  const former = [
    // The desktop app: Electron's userData (on macOS and Windows that is the current default).
    platform === 'linux' ? path.join(xdgDir(env, 'XDG_CONFIG_HOME', '.config'), APP_DIR_NAME) : current,
    // The CLI and web mode: the XDG data folder on every platform.
    path.join(xdgDir(env, 'XDG_DATA_HOME', path.join('.local', 'share')), APP_DIR_NAME),
  ]
  return [...new Set(former)].filter((dir) => dir !== current)
}

/** The library the user named (`--library`, then TUNESMITH_LIBRARY), or undefined. */
function chosenLibrary(input: LibraryLocationInput): string | undefined {
  return readFlag(input.argv, 'library') ?? (input.env.TUNESMITH_LIBRARY || undefined)
}

/** Absolute path of the library file to open. */
export function resolveLibraryPath(input: LibraryLocationInput): string {
  const explicit = chosenLibrary(input)
  if (explicit) return path.resolve(explicit)
  return path.join(defaultDataDir(input.env, input.platform), LIBRARY_FILE_NAME)
}

function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to)
  } catch (err) {
    // Another file system (EXDEV): copy, then remove the original only once the copy is whole.
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    copyFileSync(from, to)
    rmSync(from)
  }
}

/**
 * Moves the first library found in `formerDirs` to `target` (with its -wal/-shm files) when
 * `target` does not exist yet. Returns the path it moved, or null.
 */
export function moveFormerLibrary(target: string, formerDirs: readonly string[]): string | null {
  if (existsSync(target)) return null
  const found = formerDirs.map((dir) => path.join(dir, LIBRARY_FILE_NAME)).find((file) => existsSync(file))
  if (!found) return null
  mkdirSync(path.dirname(target), { recursive: true })
  // Sidecars first: a library file that arrives without its log would open without recent writes.
  for (const suffix of SQLITE_SIDECARS) {
    if (existsSync(found + suffix)) moveFile(found + suffix, target + suffix)
  }
  moveFile(found, target)
  return found
}

/**
 * What every shell calls: the library path, after moving a library from a former default to the
 * default when the default is used and still empty. `log` hears about a move (stderr by default).
 */
export function locateLibrary(input: LibraryLocationInput & { log?: (message: string) => void }): string {
  const libraryPath = resolveLibraryPath(input)
  if (chosenLibrary(input) === undefined) {
    const moved = moveFormerLibrary(libraryPath, formerDataDirs(input.env, input.platform))
    if (moved) (input.log ?? console.warn)(`Moved the library from ${moved} to ${libraryPath} (one default for the desktop app, web mode and the CLI)`)
  }
  return libraryPath
}
