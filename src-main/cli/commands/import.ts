/** `import <file|folder> [--corpus NAME]`: adds ABC files to the library as a corpus. */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { ImportReport } from '../../../src-shared/contract'
import { isImportableName, MAX_IMPORT_FILE_BYTES, oversizeReason } from '../../../src-shared/contract/library'
import { mergeReports, planBatches } from '../../../src-shared/import-batches'
import { UsageError, stringOption, type CliCommand } from '../command'

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import an .abc or MusicXML file, or a folder of them, as a corpus',
  usage: 'import <file|folder> [--corpus NAME]',
  options: { corpus: { type: 'string' } },
  async run(ctx) {
    const target = ctx.positionals[0]
    if (!target) throw new UsageError('import needs a file or folder: import <file|folder> [--corpus NAME]')
    const stat = await fs.stat(target).catch(() => null)
    if (!stat) throw new UsageError(`No such file or folder: ${target}`)
    const paths = stat.isDirectory()
      ? (await fs.readdir(target)).filter(isImportableName).sort().map((f) => path.join(target, f))
      : [target]
    if (paths.length === 0) throw new UsageError(`${target} holds no .abc, .txt or MusicXML files`)
    const corpusName = stringOption(ctx.values.corpus) ?? path.basename(target).replace(/\.abc$/i, '')
    // Sizes first (stat): a file over the limit is reported without being read (a 300 MB file
    // used to be read whole, and base64-encoded, before being refused).
    const files = await Promise.all(paths.map(async (p) => ({ path: p, name: path.basename(p), size: (await fs.stat(p)).size })))
    const api = await ctx.api()
    let report: ImportReport = {
      corpusId: null,
      corpusName,
      imported: 0,
      duplicates: 0,
      rejected: files.filter((f) => f.size > MAX_IMPORT_FILE_BYTES).map((f) => ({ file: f.name, reason: oversizeReason(f.size) })),
      files: [],
    }
    // The rest in batches of bounded size, read one file at a time: memory stays at one batch.
    for (const batch of planBatches(files.filter((f) => f.size <= MAX_IMPORT_FILE_BYTES))) {
      const data: { name: string; dataBase64: string }[] = []
      for (const file of batch) data.push({ name: file.name, dataBase64: (await fs.readFile(file.path)).toString('base64') })
      report = mergeReports(report, await api.library.importFiles({ corpusName, files: data }))
    }
    ctx.out(report, [
      `Corpus "${report.corpusName}" (id ${report.corpusId ?? '-'}): ${report.imported} tunes imported, ${report.duplicates} duplicates skipped, ${report.rejected.length} rejected`,
      ...report.rejected.slice(0, 20).map((r) => `  rejected ${r.file}${r.tune ? ` ${r.tune}` : ''}${r.line ? `:${r.line}` : ''}: ${r.reason}`),
    ])
  },
}
