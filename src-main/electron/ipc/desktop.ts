/**
 * `desktop.importWithDialog`: the renderer asks, main shows the native dialog, reads the chosen
 * files itself (the page never sees paths or the file system) and calls the same
 * `library.importFiles` as every other shell.
 */
import { BrowserWindow, dialog, ipcMain } from 'electron'
import { z } from 'zod'
import { desktopChannels } from '../../../src-shared/contract/desktop'
import type { ImportReport } from '../../../src-shared/contract'
import { ImportId } from '../../../src-shared/contract/library'
import { ApiError } from '../../../src-shared/contract/errors'
import { readImportFiles } from '../read-import-files'
import { handle, type IpcContext } from './envelope'

const Request = z.object({
  corpusName: z.string().trim().min(1).max(100),
  pick: z.enum(['files', 'folder']),
  importId: ImportId.optional(),
})

export function registerDesktopIpc(ctx: IpcContext): () => void {
  handle(ctx, desktopChannels.importWithDialog, async (raw, event): Promise<ImportReport | null> => {
    const parsed = Request.safeParse(raw)
    if (!parsed.success) throw new ApiError('invalid-input', z.prettifyError(parsed.error))
    const { corpusName, pick, importId } = parsed.data
    const owner = BrowserWindow.fromWebContents(event.sender)
    const options: Electron.OpenDialogOptions =
      pick === 'folder'
        ? { title: 'Import a folder of ABC files', properties: ['openDirectory'] }
        : {
            title: 'Import ABC files',
            properties: ['openFile', 'multiSelections'],
            filters: [{ name: 'ABC notation', extensions: ['abc', 'txt'] }],
          }
    const choice = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options)
    if (choice.canceled || choice.filePaths.length === 0) return null

    const { files, rejected } = await readImportFiles(choice.filePaths, pick)
    if (files.length === 0) {
      return { corpusId: null, corpusName, imported: 0, duplicates: 0, rejected, files: [] }
    }
    const report = (await ctx.router.dispatch('library.importFiles', { corpusName, files, importId })) as ImportReport
    return { ...report, rejected: [...rejected, ...report.rejected] }
  })
  return () => ipcMain.removeHandler(desktopChannels.importWithDialog)
}
