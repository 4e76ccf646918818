/** IPC for the `library.*` channels: straight through to the router. */
import { libraryChannels } from '../../../src-shared/contract/library'
import { handleChannels, type IpcContext } from './envelope'

export const registerLibraryIpc = (ctx: IpcContext): (() => void) => handleChannels(ctx, libraryChannels)
