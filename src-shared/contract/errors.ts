import type { ApiErrorBody } from './channel'

/** The one error type that crosses the API boundary, in both directions. */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code']

  constructor(code: ApiErrorBody['code'], message: string) {
    super(message)
    this.name = 'ApiError'
    this.code = code
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message }
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message)
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}
