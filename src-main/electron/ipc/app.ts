/** IPC for the `app.*` channels: straight through to the router. */
import { appChannels } from '../../../src-shared/contract/app'
import { handleChannels, type IpcContext } from './envelope'

export const registerAppIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, appChannels)
