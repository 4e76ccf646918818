/**
 * What Electron's contextBridge does to a call from the page, without Electron: every argument
 * is copied with the structured clone algorithm before the preload sees it (functions, such as
 * event listeners, are passed as references), and an argument that cannot be cloned — a Proxy,
 * Vue's reactive objects — throws at the call, as Electron does.
 */
type Fn = (...args: unknown[]) => unknown

const cloneArgument = (arg: unknown): unknown => (typeof arg === 'function' ? arg : structuredClone(arg))

/** `api` as the page would see it after `contextBridge.exposeInMainWorld('api', api)`. */
export function exposeThroughBridge<A extends object>(api: A): A {
  const bridged: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(api) as [string, unknown][]) {
    if (typeof value === 'function') {
      bridged[key] = (...args: unknown[]) => (value as Fn)(...args.map(cloneArgument))
    } else if (typeof value === 'object' && value !== null) {
      bridged[key] = exposeThroughBridge(value)
    } else {
      bridged[key] = structuredClone(value)
    }
  }
  return bridged as A
}
