/** IPC for the `training.*` channels: straight through to the router. */
import { trainingChannels } from '../../../src-shared/contract/training'
import { handleChannels, type IpcContext } from './envelope'

export const registerTrainingIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, trainingChannels)
