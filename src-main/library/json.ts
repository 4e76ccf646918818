/** JSON values as stored in the library's *_json columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/** Parses a column written by this library; anything but an object becomes `{}`. */
export function parseJsonObject(text: string): JsonObject {
  const value: unknown = JSON.parse(text)
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {}
}
