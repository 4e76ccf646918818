import { z } from 'zod'
import { call } from './channel'

export interface AppInfo {
  version: string
  /** Where the renderer is running: inside Electron, or in a browser against web mode. */
  shell: 'electron' | 'web'
  libraryPath: string
}

export const appChannels = {
  info: call<AppInfo>()('app.info', z.object({})),
}
