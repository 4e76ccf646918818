/**
 * e2e timing report: figures are recorded (printed and merged into docs/e2e-timings.json), never
 * asserted — speed belongs to reports, not to pass/fail timers.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const FILE = path.join(projectRoot, 'docs/e2e-timings.json')

/** Merges `timings` under `section` → `kind` (e.g. composer → shippedModel) and prints them. */
export function recordTimings(section: string, kind: string, timings: Record<string, number | string>): void {
  console.log(JSON.stringify({ [`${section}Timings`]: timings }))
  let all: Record<string, unknown> = {}
  try {
    all = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>
  } catch {
    // First run: no file yet.
  }
  const previous = typeof all[section] === 'object' && all[section] !== null ? (all[section] as Record<string, unknown>) : {}
  all[section] = { ...previous, [kind]: { ...timings, measuredAt: new Date().toISOString(), machine: `${os.cpus().length} CPUs, headless Chromium` } }
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`)
}
