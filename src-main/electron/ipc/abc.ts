/** IPC for the `abc.*` channels: straight through to the router. */
import { abcChannels } from '../../../src-shared/contract/abc'
import { handleChannels, type IpcContext } from './envelope'

export const registerAbcIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, abcChannels)
