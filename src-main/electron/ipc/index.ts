/**
 * Registers every domain's IPC (one file per domain). A new domain = one import and one line.
 */
import type { EventBus } from '../../services/event-bus'
import { registerAbcIpc } from './abc'
import { registerAppIpc } from './app'
import { registerDesktopIpc } from './desktop'
import type { IpcContext } from './envelope'
import { forwardEvents } from './events'
import { registerLibraryIpc } from './library'
import { registerModelIpc } from './model'
import { registerCocomposeIpc } from './cocompose'
import { registerSetsIpc } from './sets'
import { registerTrainingIpc } from './training'
import { registerTrainJobIpc } from './train-job'

export function registerIpc(ctx: IpcContext, events: EventBus): () => void {
  const disposers = [
    registerAppIpc(ctx),
    registerAbcIpc(ctx),
    registerLibraryIpc(ctx),
    registerTrainingIpc(ctx),
    registerModelIpc(ctx),
    registerCocomposeIpc(ctx),
    registerSetsIpc(ctx),
    registerTrainJobIpc(ctx),
    registerDesktopIpc(ctx),
    forwardEvents(events),
  ]
  return () => disposers.forEach((dispose) => dispose())
}
