/**
 * Files dropped from the desktop onto an element: a highlight while something is dragged over it,
 * then the dropped files (a dropped folder's files read recursively, each named by its path inside
 * the folder, as a folder picker names them) handed to `onDrop`. What to do with them is the
 * caller's: the library hands them to the import dialog, which checks them as if picked.
 *
 *   const drop = useFileDrop((files, fromFolder) => importDialog.value?.openWith(files, fromFolder))
 *   <div :class="{ dragging: drop.dragging.value }" @dragenter="drop.onDragEnter" @dragover="drop.onDragOver"
 *        @dragleave="drop.onDragLeave" @drop="drop.onDrop">
 */
import { ref } from 'vue'

/** Only drags that carry files (not text or links dragged within the page). */
function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files')
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject))
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject))
}

/** A folder's files, depth first, each given the path a folder picker would (`Folder/sub/a.abc`). */
async function filesUnder(entry: FileSystemEntry, prefix: string, out: File[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name
  if (entry.isFile) {
    const file = await entryFile(entry as FileSystemFileEntry)
    // webkitRelativePath is a read-only getter on File.prototype: an own property shadows it.
    Object.defineProperty(file, 'webkitRelativePath', { value: path })
    out.push(file)
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader()
    // readEntries returns at most ~100 entries a call: read until it returns none.
    for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
      for (const child of batch) await filesUnder(child, path, out)
    }
  }
}

/** The dropped files; `fromFolder` when any folder was dropped (then other file types are skipped). */
export async function droppedFiles(data: DataTransfer): Promise<{ files: File[]; fromFolder: boolean }> {
  // Entries must be taken synchronously, before the first await: the DataTransfer empties after.
  const items = Array.from(data.items).filter((item) => item.kind === 'file')
  const entries = items.map((item) => (typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null))
  const plain = items.map((item) => item.getAsFile())
  const files: File[] = []
  let fromFolder = false
  for (let i = 0; i < items.length; i++) {
    const entry = entries[i]
    if (entry?.isDirectory) {
      fromFolder = true
      await filesUnder(entry, '', files)
    } else {
      const file = plain[i]
      if (file) files.push(file)
    }
  }
  // Some sources give files but no items.
  if (items.length === 0) files.push(...Array.from(data.files))
  return { files, fromFolder }
}

export function useFileDrop(onDrop: (files: File[], fromFolder: boolean) => void) {
  const dragging = ref(false)
  /** dragenter/dragleave fire for every child crossed: count them so the highlight does not flicker. */
  let depth = 0

  return {
    dragging,
    onDragEnter(event: DragEvent): void {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth++
      dragging.value = true
    },
    onDragOver(event: DragEvent): void {
      if (!carriesFiles(event)) return
      // Without preventDefault the browser refuses the drop (or opens the file in the window).
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
      dragging.value = true
    },
    onDragLeave(event: DragEvent): void {
      if (!carriesFiles(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) dragging.value = false
    },
    async onDrop(event: DragEvent): Promise<void> {
      if (!carriesFiles(event) || !event.dataTransfer) return
      event.preventDefault()
      depth = 0
      dragging.value = false
      const { files, fromFolder } = await droppedFiles(event.dataTransfer)
      if (files.length > 0) onDrop(files, fromFolder)
    },
  }
}
