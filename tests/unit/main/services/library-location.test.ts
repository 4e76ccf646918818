import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { formerDataDirs, LIBRARY_FILE_NAME, locateLibrary, readFlag, resolveLibraryPath } from '../../../../src-main/services/library-location'

describe('library location', () => {
  it('takes --library first, in both spellings, made absolute', () => {
    const env = { TUNESMITH_LIBRARY: '/env/lib.sqlite' }
    expect(resolveLibraryPath({ argv: ['--library', 'x/lib.sqlite'], env })).toBe(path.resolve('x/lib.sqlite'))
    expect(resolveLibraryPath({ argv: ['--library=/a/b.sqlite'], env })).toBe('/a/b.sqlite')
  })

  it('then TUNESMITH_LIBRARY', () => {
    expect(resolveLibraryPath({ argv: [], env: { TUNESMITH_LIBRARY: '/env/lib.sqlite' } })).toBe('/env/lib.sqlite')
  })

  it('else $XDG_DATA_HOME/tunesmith, or ~/.local/share/tunesmith, on Linux', () => {
    const linux = 'linux'
    expect(resolveLibraryPath({ argv: [], env: { XDG_DATA_HOME: '/xdg' }, platform: linux })).toBe(path.join('/xdg/tunesmith', LIBRARY_FILE_NAME))
    // A relative XDG_DATA_HOME is invalid per the XDG spec and is ignored.
    expect(resolveLibraryPath({ argv: [], env: { XDG_DATA_HOME: 'rel' }, platform: linux })).toBe(
      path.join(os.homedir(), '.local/share/tunesmith', LIBRARY_FILE_NAME),
    )
  })

  it("on macOS and Windows, the platform's app data folder (where Electron's userData is too)", () => {
    expect(resolveLibraryPath({ argv: [], env: {}, platform: 'darwin' })).toBe(path.join(os.homedir(), 'Library/Application Support/tunesmith', LIBRARY_FILE_NAME))
    expect(resolveLibraryPath({ argv: [], env: { APPDATA: '/appdata' }, platform: 'win32' })).toBe(path.join('/appdata/tunesmith', LIBRARY_FILE_NAME))
  })

  it("names the desktop app's and the CLI's former defaults, never the current one", () => {
    const env = { XDG_DATA_HOME: '/xdg', XDG_CONFIG_HOME: '/cfg' }
    expect(formerDataDirs(env, 'linux')).toEqual(['/cfg/tunesmith'])
    expect(formerDataDirs(env, 'darwin')).toEqual(['/xdg/tunesmith'])
  })

  it('reads flags without confusing similar names', () => {
    expect(readFlag(['--port', '8080', '--library-x', 'no'], 'library')).toBeUndefined()
    expect(readFlag(['--port=8080'], 'port')).toBe('8080')
  })
})

describe('one library for every shell: the one-time move', () => {
  let home: string
  afterEach(() => rmSync(home, { recursive: true, force: true }))

  /** A fake home with XDG folders inside it, so nothing touches the real user's files. */
  function fakeHome(): Record<string, string> {
    home = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-location-'))
    return { XDG_DATA_HOME: path.join(home, 'data'), XDG_CONFIG_HOME: path.join(home, 'config') }
  }

  it("moves the desktop app's former library (with its WAL) to the shared default once", () => {
    const env = fakeHome()
    const former = path.join(env.XDG_CONFIG_HOME, 'tunesmith')
    mkdirSync(former, { recursive: true })
    writeFileSync(path.join(former, LIBRARY_FILE_NAME), 'the library')
    writeFileSync(path.join(former, `${LIBRARY_FILE_NAME}-wal`), 'recent writes')
    const messages: string[] = []
    const target = locateLibrary({ argv: [], env, platform: 'linux', log: (m) => messages.push(m) })
    expect(target).toBe(path.join(env.XDG_DATA_HOME, 'tunesmith', LIBRARY_FILE_NAME))
    expect(readFileSync(target, 'utf8')).toBe('the library')
    expect(readFileSync(`${target}-wal`, 'utf8')).toBe('recent writes')
    expect(existsSync(path.join(former, LIBRARY_FILE_NAME))).toBe(false)
    expect(messages).toHaveLength(1)
    expect(messages[0]).toContain(former)

    // Once: a library at the default is never replaced by another former one.
    mkdirSync(former, { recursive: true })
    writeFileSync(path.join(former, LIBRARY_FILE_NAME), 'an older library')
    expect(locateLibrary({ argv: [], env, platform: 'linux', log: (m) => messages.push(m) })).toBe(target)
    expect(readFileSync(target, 'utf8')).toBe('the library')
    expect(messages).toHaveLength(1)
  })

  it('moves nothing when the user names a library', () => {
    const env = fakeHome()
    const former = path.join(env.XDG_CONFIG_HOME, 'tunesmith', LIBRARY_FILE_NAME)
    mkdirSync(path.dirname(former), { recursive: true })
    writeFileSync(former, 'the library')
    const chosen = path.join(home, 'elsewhere.sqlite')
    expect(locateLibrary({ argv: ['--library', chosen], env, platform: 'linux' })).toBe(chosen)
    expect(locateLibrary({ argv: [], env: { ...env, TUNESMITH_LIBRARY: chosen }, platform: 'linux' })).toBe(chosen)
    expect(existsSync(former)).toBe(true)
  })
})
