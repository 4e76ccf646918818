import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LIBRARY_FILE_NAME, readFlag, resolveLibraryPath } from '../../../src-main/services/library-location'

describe('library location', () => {
  it('takes --library first, in both spellings, made absolute', () => {
    const env = { TUNESMITH_LIBRARY: '/env/lib.sqlite' }
    expect(resolveLibraryPath({ argv: ['--library', 'x/lib.sqlite'], env })).toBe(path.resolve('x/lib.sqlite'))
    expect(resolveLibraryPath({ argv: ['--library=/a/b.sqlite'], env })).toBe('/a/b.sqlite')
  })

  it('then TUNESMITH_LIBRARY', () => {
    expect(resolveLibraryPath({ argv: [], env: { TUNESMITH_LIBRARY: '/env/lib.sqlite' }, userDataDir: '/ud' })).toBe('/env/lib.sqlite')
  })

  it("then Electron's userData folder when given", () => {
    expect(resolveLibraryPath({ argv: [], env: {}, userDataDir: '/ud' })).toBe(path.join('/ud', LIBRARY_FILE_NAME))
  })

  it('else $XDG_DATA_HOME/tunesmith, or ~/.local/share/tunesmith', () => {
    expect(resolveLibraryPath({ argv: [], env: { XDG_DATA_HOME: '/xdg' } })).toBe(path.join('/xdg/tunesmith', LIBRARY_FILE_NAME))
    // A relative XDG_DATA_HOME is invalid per the XDG spec and is ignored.
    expect(resolveLibraryPath({ argv: [], env: { XDG_DATA_HOME: 'rel' } })).toBe(
      path.join(os.homedir(), '.local/share/tunesmith', LIBRARY_FILE_NAME),
    )
  })

  it('reads flags without confusing similar names', () => {
    expect(readFlag(['--port', '8080', '--library-x', 'no'], 'library')).toBeUndefined()
    expect(readFlag(['--port=8080'], 'port')).toBe('8080')
  })
})
