/**
 * The main window's remembered bounds: read, validate and write `window-state.json` in the user
 * data folder. Pure logic over plain rectangles and a path, so it runs (and is tested) in Node
 * without Electron; src-main/electron/window-state.ts feeds it Electron's displays and events.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: Rect
  maximized: boolean
}

export const WINDOW_STATE_FILE = 'window-state.json'
export const DEFAULT_SIZE = { width: 1280, height: 820 }
export const MIN_SIZE = { width: 720, height: 480 }
/** How much of the title bar must lie on a display for the window to count as reachable there. */
const MIN_VISIBLE = { width: 120, height: 40 }

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Parses the file's text; anything malformed yields null (the caller then uses the default). */
export function parseWindowState(text: string): WindowState | null {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof raw !== 'object' || raw === null) return null
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown }
  if (typeof bounds !== 'object' || bounds === null) return null
  const { x, y, width, height } = bounds as Record<string, unknown>
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height)) return null
  return {
    bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
    maximized: maximized === true,
  }
}

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  return { x, y, width: Math.min(a.x + a.width, b.x + b.width) - x, height: Math.min(a.y + a.height, b.y + b.height) - y }
}

/** The window centered on the first display's work area at the default size (clamped to fit). */
export function defaultBounds(workAreas: readonly Rect[]): Rect {
  const area = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE }
  const width = Math.max(MIN_SIZE.width, Math.min(DEFAULT_SIZE.width, area.width))
  const height = Math.max(MIN_SIZE.height, Math.min(DEFAULT_SIZE.height, area.height))
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height }
}

/**
 * Makes saved bounds safe to open: at least the minimum size, no larger than the display it is on,
 * and with its top strip (where the title bar is) on some display's work area, so a window saved on
 * an unplugged monitor does not open off-screen. Otherwise the centered default.
 */
export function fitToDisplays(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  if (!saved) return { bounds: defaultBounds(workAreas), maximized: false }
  const { bounds } = saved
  const titleStrip: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: MIN_VISIBLE.height }
  const home = workAreas.find((area) => {
    const o = overlap(titleStrip, area)
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height
  })
  if (!home) return { bounds: defaultBounds(workAreas), maximized: saved.maximized }
  const width = Math.max(MIN_SIZE.width, Math.min(bounds.width, home.width))
  const height = Math.max(MIN_SIZE.height, Math.min(bounds.height, home.height))
  // Pull it back inside the work area when shrinking left it hanging over an edge.
  const x = Math.min(Math.max(bounds.x, home.x), home.x + home.width - Math.min(width, home.width))
  const y = Math.min(Math.max(bounds.y, home.y), home.y + home.height - Math.min(height, home.height))
  return { bounds: { x, y, width, height }, maximized: saved.maximized }
}

/** Reads and fits the saved state; a missing or unreadable file gives the default. */
export function loadWindowState(userDataDir: string, workAreas: readonly Rect[]): WindowState {
  let text: string | null
  try {
    text = readFileSync(path.join(userDataDir, WINDOW_STATE_FILE), 'utf8')
  } catch {
    text = null
  }
  return fitToDisplays(text === null ? null : parseWindowState(text), workAreas)
}

/** Writes through a temp file and a rename, so a crash mid-write never leaves half a file. */
export function saveWindowState(userDataDir: string, state: WindowState): void {
  mkdirSync(userDataDir, { recursive: true })
  const file = path.join(userDataDir, WINDOW_STATE_FILE)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state, null, 2))
  renameSync(tmp, file)
}

/**
 * Calls `save` once things go quiet: resize and move fire many times a second while dragging.
 * `flush` saves at once (on close) if anything is pending.
 */
export function debounced(save: () => void, waitMs: number): { schedule: () => void; flush: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  const cancel = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  return {
    schedule: () => {
      cancel()
      timer = setTimeout(() => {
        timer = null
        save()
      }, waitMs)
    },
    flush: () => {
      if (!timer) return
      cancel()
      save()
    },
    cancel,
  }
}
