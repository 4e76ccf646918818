/**
 * Imported first by main.ts. Our Content-Security-Policy has no 'unsafe-eval', and zod 4 decides
 * when an object schema is *defined* (at import of the contract) whether to compile a fast parser
 * with `new Function`, probing eval first: a CSP violation report on every page load. jitless
 * turns that off; it must run before any module that defines a schema is evaluated.
 */
import { z } from 'zod'

z.config({ jitless: true })
