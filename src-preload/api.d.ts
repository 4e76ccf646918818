/**
 * What the preload puts on `window`, as the renderer sees it. In web mode `window.api` is
 * absent and the renderer builds the same `TunesmithApi` over HTTP instead.
 */
import type { TunesmithApi } from '../src-shared/contract'
import type { DesktopApi } from '../src-shared/contract/desktop'

export type ElectronApi = TunesmithApi & { desktop: DesktopApi }

declare global {
  interface Window {
    api?: ElectronApi
  }
}
