/** IPC for the `sets.*` channels: straight through to the router. */
import { setChannels } from '../../../src-shared/contract/sets'
import { handleChannels, type IpcContext } from './envelope'

export const registerSetsIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, setChannels)
