/** IPC for the `cocompose.*` channels: straight through to the router. */
import { cocomposeChannels } from '../../../src-shared/contract/cocompose'
import { handleChannels, type IpcContext } from './envelope'

export const registerCocomposeIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, cocomposeChannels)
