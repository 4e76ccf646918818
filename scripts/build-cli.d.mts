/** Types of scripts/build-cli.mjs for the TypeScript tests that import it. */
export function cliBundlePath(outdir?: string): string
export function cliBundleIsStale(outdir?: string): boolean
export function buildCli(outdir?: string): Promise<void>
