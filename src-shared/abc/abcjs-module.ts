/**
 * abcjs for the checks that run in Node (the services, their check workers, the library's import),
 * loaded on first use instead of at start: loading it takes ~0.2 s, which a CLI command that never
 * checks a tune (`models`) should not pay. Synchronous (Node's require), because the checks are.
 * The renderer imports abcjs itself and never this module.
 */
import { createRequire } from 'node:module'
import type AbcjsModule from 'abcjs'

let loaded: typeof AbcjsModule | undefined

export function abcjs(): typeof AbcjsModule {
  loaded ??= createRequire(import.meta.url)('abcjs') as typeof AbcjsModule
  return loaded
}
