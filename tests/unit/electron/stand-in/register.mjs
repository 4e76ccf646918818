/** `node --import ./register.mjs out/main/index.js`: installs hooks.mjs before main loads. */
import { register } from 'node:module'

register('./hooks.mjs', import.meta.url)
