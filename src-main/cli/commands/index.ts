/**
 * Every CLI command, one file each. Adding a command = one import and one entry below.
 */
import type { CliCommand } from '../command'
import { importCommand } from './import'
import { trainCommand } from './train'
import { evalCommand } from './eval'
import { modelsCommand } from './models'
import { generateCommand } from './generate'
import { continueCommand } from './continue'
import { exportCommand } from './export'
import { infillCommand, varyCommand } from './infill'
import { chordsCommand } from './chords'
import { convertCommand } from './convert'
import { trainJobCommand } from './train-job'

export const commands: CliCommand[] = [
  importCommand,
  trainCommand,
  evalCommand,
  modelsCommand,
  exportCommand,
  generateCommand,
  continueCommand,
  infillCommand,
  chordsCommand,
  varyCommand,
  convertCommand,
  trainJobCommand,
]
