/** Types of scripts/layers.mjs (plain JS so that eslint.config.js can load it without a build). */
import type { ESLint } from 'eslint'

export interface Layer { folder: string; may: string[]; why: string }
export const LAYERS: Layer[]
export function layerOf(relPath: string): Layer | undefined
export function layerViolation(fromFile: string, spec: string): string | null
export const layersPlugin: ESLint.Plugin
