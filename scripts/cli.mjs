#!/usr/bin/env node
/**
 * `npm run cli -- …`: runs the CLI from one bundled file (out/cli/main.js) instead of transpiling
 * some 200 TypeScript files at every call (tsx took ~2 s before the command started). The bundle
 * is rebuilt here, before running, whenever a source file is newer than it (a fresh checkout, or
 * an edit), so the command always runs the sources as they are. `--rebuild` forces a build.
 */
import { pathToFileURL } from 'node:url'
import { buildCli, cliBundlePath, cliBundleIsStale } from './build-cli.mjs'

const args = process.argv.slice(2)
const force = args[0] === '--rebuild'
if (force || cliBundleIsStale()) await buildCli()
const { runCli } = await import(pathToFileURL(cliBundlePath()).href)
process.exitCode = await runCli(force ? args.slice(1) : args)
