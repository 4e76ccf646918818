/** IPC for the `trainJob.*` channels (PyTorch training jobs): straight through to the router. */
import { trainJobChannels } from '../../../src-shared/contract/train-job'
import { handleChannels, type IpcContext } from './envelope'

export const registerTrainJobIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, trainJobChannels)
