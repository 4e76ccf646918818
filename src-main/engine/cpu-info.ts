/**
 * The CPU's model name and the vector features that decide the engine's kernel level (AVX-512,
 * AVX2, FMA…), read from /proc/cpuinfo where there is one: benchmarks and timing records print it
 * beside their figures, because the same code runs at very different speeds on AVX2-only and
 * AVX-512 machines.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'

/** A type alias, not an interface, so it stays assignable to JSON value types (the bench's). */
export type CpuInfo = {
  /** "AMD EPYC", "Intel(R) Xeon(R) …" as the OS names it. */
  model: string
  /** Sorted vector feature flags (avx*, fma, f16c); empty where /proc/cpuinfo is missing (macOS, Windows). */
  features: string[]
}

const VECTOR_FEATURE = /^(avx|fma|f16c)/

export function cpuInfo(): CpuInfo {
  const model = os.cpus()[0]?.model ?? 'unknown'
  try {
    const flags = /^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].split(/\s+/) ?? []
    return { model, features: flags.filter((f) => VECTOR_FEATURE.test(f)).sort() }
  } catch {
    // No /proc/cpuinfo: the model name alone.
    return { model, features: [] }
  }
}
