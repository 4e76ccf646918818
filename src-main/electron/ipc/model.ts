/** IPC for the `model.*` channels: straight through to the router. */
import { modelChannels } from '../../../src-shared/contract/model'
import { handleChannels, type IpcContext } from './envelope'

export const registerModelIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, modelChannels)
