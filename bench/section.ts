/**
 * A benchmark section measures one area and returns plain JSON-able figures. `npm run bench`
 * runs every section in bench/main.ts and prints one JSON object keyed by section name.
 */
export interface BenchContext {
  /** `npm run bench -- --quick`: the whole run must stay under 60 s. */
  quick: boolean
  /** Progress to stderr, so stdout stays one JSON object. */
  log(message: string): void
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

export interface BenchSection {
  name: string
  run(ctx: BenchContext): Promise<JsonValue>
}
