import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(__dirname, '../../../..')
const addon = path.join(root, 'src-main/engine/native/build/Release/tunesmith_engine.node')

describe('scripts/build-engine.mjs (npm postinstall)', () => {
  it('without a compiler prints one line, exits 0 and leaves an existing addon alone', () => {
    const before = existsSync(addon) ? statSync(addon).mtimeMs : null
    // No PATH: `c++` cannot be found, as on a machine without build tools.
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/build-engine.mjs')], { cwd: root, env: { PATH: '' }, encoding: 'utf8' })
    expect(run.status).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^tunesmith engine: not built \(no C\+\+ compiler.*\); training will use tfjs/)
    expect(run.stderr).toBe('')
    expect(existsSync(addon) ? statSync(addon).mtimeMs : null).toBe(before)
  })

  it('TUNESMITH_SKIP_ENGINE_BUILD skips with one line', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/build-engine.mjs')], { cwd: root, env: { ...process.env, TUNESMITH_SKIP_ENGINE_BUILD: '1' }, encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout.trim()).toMatch(/^tunesmith engine: not built \(TUNESMITH_SKIP_ENGINE_BUILD is set\)/)
  })
})
