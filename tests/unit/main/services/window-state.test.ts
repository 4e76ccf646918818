/**
 * The remembered window: the pure part (src-main/services/window-state.ts) on real files in a temp
 * dir, with displays given as plain work-area rectangles as Electron's screen reports them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  debounced,
  defaultBounds,
  fitToDisplays,
  loadWindowState,
  MIN_SIZE,
  parseWindowState,
  saveWindowState,
  WINDOW_STATE_FILE,
  type Rect,
} from '../../../../src-main/services/window-state'

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 }
/** A second monitor to the right of the laptop, taller. */
const monitor: Rect = { x: 1440, y: -200, width: 2560, height: 1400 }

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tunesmith-window-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('window-state.json', () => {
  it('round-trips bounds and the maximized flag through the file', () => {
    const state = { bounds: { x: 1600, y: -100, width: 1500, height: 1000 }, maximized: true }
    saveWindowState(dir, state)
    expect(loadWindowState(dir, [laptop, monitor])).toEqual(state)
    expect(JSON.parse(readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(state)
  })

  it('opens centered at the default size when there is no file', () => {
    const state = loadWindowState(dir, [laptop])
    expect(state.maximized).toBe(false)
    expect(state.bounds).toEqual({ x: 80, y: 28, width: 1280, height: 820 })
  })

  it.each([
    ['not JSON', '{"bounds": '],
    ['a number', '42'],
    ['no bounds', '{"maximized": true}'],
    ['a string width', '{"bounds": {"x": 0, "y": 0, "width": "800", "height": 600}}'],
    ['a null coordinate', '{"bounds": {"x": null, "y": 0, "width": 800, "height": 600}}'],
  ])('ignores a file with %s and uses the default', (_label, text) => {
    expect(parseWindowState(text)).toBeNull()
    writeFileSync(path.join(dir, WINDOW_STATE_FILE), text)
    expect(loadWindowState(dir, [laptop])).toEqual({ bounds: defaultBounds([laptop]), maximized: false })
  })

  it('raises a too small window to the minimum size', () => {
    const fitted = fitToDisplays({ bounds: { x: 100, y: 100, width: 200, height: 50 }, maximized: false }, [laptop])
    expect(fitted.bounds).toEqual({ x: 100, y: 100, width: MIN_SIZE.width, height: MIN_SIZE.height })
  })

  it('moves a window saved on a monitor that is gone back to the center of the one left', () => {
    const onMonitor = { bounds: { x: 2000, y: 0, width: 1600, height: 1000 }, maximized: true }
    expect(fitToDisplays(onMonitor, [laptop, monitor])).toEqual(onMonitor)
    const fitted = fitToDisplays(onMonitor, [laptop])
    expect(fitted.bounds).toEqual(defaultBounds([laptop]))
    expect(fitted.maximized).toBe(true)
  })

  it('keeps a window whose title bar is on screen, shrunk and pulled inside the display it is on', () => {
    // Its top strip overlaps the laptop but it is larger than the laptop and hangs off the bottom right.
    const fitted = fitToDisplays({ bounds: { x: 600, y: 300, width: 2000, height: 1200 }, maximized: false }, [laptop])
    expect(fitted.bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 })
    // A title bar above the top of every display (unreachable) goes back to the default.
    expect(fitToDisplays({ bounds: { x: 100, y: -500, width: 800, height: 600 }, maximized: false }, [laptop]).bounds).toEqual(defaultBounds([laptop]))
  })
})

describe('debounced save', () => {
  it('saves once after a burst, and flush saves what is pending at once', () => {
    vi.useFakeTimers()
    try {
      const save = vi.fn()
      const d = debounced(save, 500)
      for (let i = 0; i < 10; i++) {
        d.schedule()
        vi.advanceTimersByTime(100)
      }
      expect(save).not.toHaveBeenCalled()
      vi.advanceTimersByTime(500)
      expect(save).toHaveBeenCalledTimes(1)
      d.schedule()
      d.flush()
      expect(save).toHaveBeenCalledTimes(2)
      d.flush()
      vi.advanceTimersByTime(1000)
      expect(save).toHaveBeenCalledTimes(2)
    } finally {
      vi.useRealTimers()
    }
  })
})
