/** `app.*`: facts about the running app that the renderer shows (version, shell, library path). */
import type { HandlersOf } from '../../src-shared/contract'
import type { appChannels, AppInfo } from '../../src-shared/contract/app'

export function createAppService(info: AppInfo): HandlersOf<typeof appChannels> {
  const frozen: AppInfo = Object.freeze({ ...info })
  return {
    info: () => ({ ...frozen }),
  }
}
