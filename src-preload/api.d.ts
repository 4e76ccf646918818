/**
 * What the preload puts on `window`, as the renderer sees it: the bridge the typed client is
 * built over. In web mode `window.api` is absent and the renderer builds the same client over
 * HTTP instead.
 */
import type { BridgeApi } from '../src-shared/contract/envelope'

declare global {
  interface Window {
    api?: BridgeApi
  }
}
