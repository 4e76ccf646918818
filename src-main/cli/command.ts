/**
 * What a CLI command is: a name, a one-line summary, its options (node:util parseArgs format)
 * and a run function. Commands print through `out`, which writes a JSON object with --json and
 * readable text otherwise, so scripts and people use the same commands.
 */
import type { ParseArgsConfig } from 'node:util'
import type { TunesmithApi } from '../../src-shared/contract'
import type { Booted } from '../services/boot'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
  json: boolean
  libraryPath: string
  resourcesDir: string
  /** Boots the services over the library (once; the CLI shuts them down at exit). */
  boot(): Promise<Booted>
  /**
   * The contract's typed client over the booted services (booting them first): the calls the
   * app's window makes, validated and answered the same way.
   */
  api(): Promise<TunesmithApi>
  /** Prints the result: `data` as JSON with --json, else `text` (a string or lines). */
  out(data: unknown, text: string | string[]): void
  /** Progress for people, on stderr (never mixed into --json output). */
  log(message: string): void
}

export interface CliCommand {
  name: string
  summary: string
  usage: string
  options: OptionSpec
  run(ctx: CommandContext): Promise<void>
}

/** A user mistake: printed as "error: message" with exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Parses a whole number option with bounds, or throws a UsageError naming the option. */
export function intOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (typeof value !== 'string' || value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${String(value)}"`)
  }
  return n
}

export function numberOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, not "${String(value)}"`)
  }
  return n
}

export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** Options that each take one value, as parseArgs spells them: `stringOptions('file', 'out')`. */
export function stringOptions(...names: string[]): OptionSpec {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]))
}
