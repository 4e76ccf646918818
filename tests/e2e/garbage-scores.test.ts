/// <reference lib="dom" />
/**
 * The renderer never draws NaN: 300 random garbage tunes (a header, then 20–80 characters of
 * ABC's own symbols) go through what the score does (engravable.ts, then drawable.ts's check) and
 * are drawn by real abcjs in Chromium. Drawn raw, 35 of them lay a staff out at NaN (a console
 * error per SVG attribute); through the old pattern alone 3 still did (unclosed `"`, side
 * annotations, grace notes before `x`); now none does: such a text is drawn, or answered in words.
 */
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engravable } from '../../src-renderer/src/editor/engravable'
import { nothingToDraw } from '../../src-renderer/src/editor/drawable'
import { launchChromium } from './web-mode'

const HEAD = 'X:1\nT:Garbage\nM:4/4\nL:1/8\nK:D\n'
const SYMBOLS = 'ABCDEFGabcdefgxzXZ,\'/2345|:[]()!+"{}^_=~.HLMOPSTuv<>-#%\\ \n'
const CASES = 300
/** The minimal forms of the texts that drew NaN through the pattern alone. */
const FOUND = ['v"FL:}~X', '{a}x', '">FZ2\'Z', 'abc ">x_uux', '"<a"Z|']

/** A seeded linear congruential generator: the same 300 texts on every run. */
function garbage(seed: number): string {
  let state = seed >>> 0
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
  let body = ''
  for (let n = 20 + Math.floor(next() * 60); n > 0; n--) body += SYMBOLS[Math.floor(next() * SYMBOLS.length)]
  return HEAD + body
}

let browser: Browser
let page: Page
beforeAll(async () => {
  browser = await launchChromium()
  page = await browser.newPage()
  await page.setContent('<div id="score"></div>')
  await page.addScriptTag({ content: readFileSync(new URL('../../node_modules/abcjs/dist/abcjs-basic.js', import.meta.url), 'utf8') })
})
afterAll(() => browser?.close())

/** Which of `texts` abcjs draws with NaN in the SVG (as LiveScore draws: same options; a throw is its error line). */
function drawnWithNaN(texts: string[]): Promise<number[]> {
  return page.evaluate((list) => {
    const target = document.getElementById('score') as HTMLElement
    const abcjs = (window as unknown as { ABCJS: { renderAbc(el: HTMLElement, text: string, options: object): unknown } }).ABCJS
    const bad: number[] = []
    list.forEach((text, i) => {
      target.replaceChildren()
      try {
        abcjs.renderAbc(target, text, { responsive: 'resize', add_classes: true, staffwidth: 680, paddingtop: 8, paddingbottom: 8, paddingleft: 8, paddingright: 8 })
      } catch {
        // LiveScore shows abcjs's error in words; what it drew before throwing is still checked.
      }
      if (target.innerHTML.includes('NaN')) bad.push(i)
    })
    return bad
  }, texts)
}

describe('scores of garbage', () => {
  const texts = [...Array.from({ length: CASES }, (_, i) => garbage(i + 1)), ...FOUND.map((body) => HEAD + body)]

  it('would draw NaN for many of them given to abcjs as they are (the fuzz reaches the problem)', async () => {
    expect((await drawnWithNaN(texts)).length).toBeGreaterThan(20)
  })

  it('never draws NaN: each text is drawn as engravable gives it, or answered in words', async () => {
    const drawn = texts.filter((text) => nothingToDraw(engravable(text)) === null)
    const bad = await drawnWithNaN(drawn.map(engravable))
    expect(bad.map((i) => drawn[i].slice(HEAD.length))).toEqual([])
    // Most garbage is still drawn (what abcjs can lay out), not refused wholesale.
    expect(drawn.length).toBeGreaterThan(CASES / 2)
  })

  it('leaves the text itself alone: what is drawn has every character at its offset', () => {
    for (const text of texts) expect(engravable(text)).toHaveLength(text.length)
  })
})
