/**
 * No function in the sources is longer than 80 lines (factory closures count: a long one is a
 * module that has not been split). The native kernel is C++ and is not read here.
 */
import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(import.meta.dirname, '../../..')
const SOURCE_ROOTS = ['src-shared', 'src-main', 'src-preload', 'src-renderer/src', 'bench']
const MAX_LINES = 80

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) return entry.name === 'native' || entry.name === 'node_modules' ? [] : sourceFiles(rel)
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : []
  })
}

/** The TypeScript of a file: a .vue file's <script> blocks, placed at their own line numbers. */
function scriptText(file: string, text: string): string {
  if (!file.endsWith('.vue')) return text
  const lines = text.split('\n').map(() => '')
  for (const m of text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) {
    const first = text.slice(0, m.index + m[0].indexOf('>') + 1).split('\n').length - 1
    m[1].split('\n').forEach((line, i) => { lines[first + i] = (lines[first + i] ?? '') + line })
  }
  return lines.join('\n')
}

interface LongFunction { where: string; lines: number }

function longFunctions(file: string, text: string, max: number): LongFunction[] {
  const source = ts.createSourceFile(file, scriptText(file, text), ts.ScriptTarget.Latest, true)
  const found: LongFunction[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line
      const last = source.getLineAndCharacterOfPosition(node.end).line
      if (last - first + 1 > max) found.push({ where: `${file}:${first + 1}`, lines: last - first + 1 })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

describe('function length', () => {
  it(`no function in the sources is over ${MAX_LINES} lines`, () => {
    const files = SOURCE_ROOTS.flatMap(sourceFiles)
    expect(files.length).toBeGreaterThan(300)
    const long = files.flatMap((file) => longFunctions(file, readFileSync(path.join(ROOT, file), 'utf8'), MAX_LINES))
    expect(long).toEqual([])
  })

  it('finds a long function, in a .ts file and in a .vue script block', () => {
    const body = Array.from({ length: 90 }, (_, i) => `  const v${i} = ${i}`).join('\n')
    expect(longFunctions('x.ts', `export function big(): void {\n${body}\n}\n`, MAX_LINES)).toEqual([{ where: 'x.ts:1', lines: 92 }])
    const vue = `<template><p /></template>\n<script setup lang="ts">\nconst f = () => {\n${body}\n}\n</script>\n`
    expect(longFunctions('x.vue', vue, MAX_LINES)).toEqual([{ where: 'x.vue:3', lines: 92 }])
  })
})
