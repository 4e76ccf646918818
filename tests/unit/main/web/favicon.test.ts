/**
 * The page names its own icon (an SVG data URL the CSP's img-src allows), so a browser asks the
 * server for no /favicon.ico: that request was a 404 on every load in web mode.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const html = readFileSync(path.resolve(import.meta.dirname, '../../../../src-renderer/index.html'), 'utf8')

describe('the page icon', () => {
  it('is an SVG data URL in the page, allowed by its own Content-Security-Policy', () => {
    const link = /<link rel="icon" type="image\/svg\+xml" href="(data:image\/svg\+xml,[^"]+)"/.exec(html)
    expect(link, 'index.html has an icon link').not.toBeNull()
    const svg = decodeURIComponent(link![1].slice('data:image/svg+xml,'.length))
    expect(svg).toMatch(/^<svg xmlns='http:\/\/www\.w3\.org\/2000\/svg' viewBox='0 0 16 16'>.*<\/svg>$/)
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)![1]
    expect(csp).toMatch(/img-src 'self' data:/)
  })
})
