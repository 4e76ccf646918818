/**
 * e2e timing report: figures are recorded, never asserted — speed belongs to reports, not to
 * pass/fail timers. Every run prints them; only a run that asks (TUNESMITH_E2E_TIMINGS=FILE, as
 * `npm run e2e:timings` and `npm run screenshots` do with docs/e2e-timings.json) merges them into
 * a file, so an ordinary test run never modifies a tracked file. Each record names the CPU and its
 * vector features: the same run takes very different times on AVX2-only and AVX-512 machines.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { cpuInfo } from '../../src-main/engine/cpu-info'

const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')

/** The file to merge figures into, relative to the project root, or null (print only). */
export function timingsFile(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const wanted = env.TUNESMITH_E2E_TIMINGS?.trim()
  return wanted ? path.resolve(projectRoot, wanted) : null
}

/** Prints `timings` under `section` → `kind` (e.g. composer → shippedModel) and, when asked, merges them there under the CPU's name. */
export function recordTimings(section: string, kind: string, timings: Record<string, number | string>): void {
  console.log(JSON.stringify({ [`${section}Timings`]: timings, cpu: cpuInfo() }))
  const file = timingsFile()
  if (!file) return
  let all: Record<string, unknown> = {}
  try {
    all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    // First run: no file yet.
  }
  const cpu = cpuInfo()
  const record = { ...timings, measuredAt: new Date().toISOString(), machine: `${os.cpus().length} CPUs, headless Chromium`, cpuFeatures: cpu.features.join(' ') }
  // Keyed by the CPU's name inside each kind, so one machine's run keeps the other machines' figures.
  const previous = objectAt(all, section)
  all[section] = { ...previous, [kind]: { ...objectAt(previous, kind), [cpu.model]: record } }
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`)
}

function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = parent[key]
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}
