/**
 * abcjs for the checks that run in Node (the services, their check workers, the library's import),
 * loaded on first use instead of at start: loading it takes ~0.2 s, which a CLI command that never
 * checks a tune (`models`) should not pay. Synchronous (Node's require), because the checks are.
 * The renderer imports abcjs itself and never this module.
 */
import type AbcjsModule from 'abcjs'

/**
 * The part of Node's `process` used here, typed by hand: src-shared is also type-checked for the
 * browser (tsconfig.web.json), without Node's types, so `node:module` cannot be imported by name.
 */
interface NodeProcess {
  getBuiltinModule(id: 'node:module'): { createRequire(from: string): (id: string) => unknown }
}

let loaded: typeof AbcjsModule | undefined

export function abcjs(): typeof AbcjsModule {
  if (!loaded) {
    const { process } = globalThis as unknown as { process: NodeProcess }
    loaded = process.getBuiltinModule('node:module').createRequire(import.meta.url)('abcjs') as typeof AbcjsModule
  }
  return loaded
}
