/**
 * e2e timing report: figures are recorded, never asserted — speed belongs to reports, not to
 * pass/fail timers. Every run prints them; only a run that asks (TUNESMITH_E2E_TIMINGS=FILE, as
 * `npm run e2e:timings` and `npm run screenshots` do with docs/e2e-timings.json) merges them into
 * a file, so an ordinary test run never modifies a tracked file.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')

/** The file to merge figures into, relative to the project root, or null (print only). */
export function timingsFile(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const wanted = env.TUNESMITH_E2E_TIMINGS?.trim()
  return wanted ? path.resolve(projectRoot, wanted) : null
}

/** Prints `timings` under `section` → `kind` (e.g. composer → shippedModel) and merges them when asked. */
export function recordTimings(section: string, kind: string, timings: Record<string, number | string>): void {
  console.log(JSON.stringify({ [`${section}Timings`]: timings }))
  const file = timingsFile()
  if (!file) return
  let all: Record<string, unknown> = {}
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    // First run: no file yet.
  }
  const previous = typeof all[section] === 'object' && all[section] !== null ? (all[section] as Record<string, unknown>) : {}
  all[section] = { ...previous, [kind]: { ...timings, measuredAt: new Date().toISOString(), machine: `${os.cpus().length} CPUs, headless Chromium` } }
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`)
}
