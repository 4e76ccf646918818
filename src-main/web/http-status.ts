/** How an API error code maps onto an HTTP status for web mode. */
import type { ApiErrorBody } from '../../src-shared/contract'

const STATUS: Record<ApiErrorBody['code'], number> = {
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  unavailable: 503,
  internal: 500,
}

export function statusForError(code: ApiErrorBody['code']): number {
  return STATUS[code] ?? 500
}
