import { defineConfig } from 'vitest/config'

/** `npm run test:e2e`: web mode + Debian Chromium via playwright-core, one file at a time. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    // Building the renderer and importing the corpus on two shared cores takes a while.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
})
