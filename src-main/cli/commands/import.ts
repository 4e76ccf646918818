/** `import <file|folder> [--corpus NAME]`: adds ABC files to the library as a corpus. */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { isImportableName } from '../../../src-shared/contract/library'
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
    const files = stat.isDirectory()
      ? (await fs.readdir(target)).filter(isImportableName).sort().map((f) => path.join(target, f))
      : [target]
    if (files.length === 0) throw new UsageError(`${target} holds no .abc, .txt or MusicXML files`)
    const corpusName = stringOption(ctx.values.corpus) ?? path.basename(target).replace(/\.abc$/i, '')
    const { services } = await ctx.boot()
    const report = await services.library.importFiles({
      corpusName,
      files: await Promise.all(files.map(async (f) => ({ name: path.basename(f), dataBase64: (await fs.readFile(f)).toString('base64') }))),
    })
    ctx.out(report, [
      `Corpus "${report.corpusName}" (id ${report.corpusId ?? '-'}): ${report.imported} tunes imported, ${report.duplicates} duplicates skipped, ${report.rejected.length} rejected`,
      ...report.rejected.slice(0, 20).map((r) => `  rejected ${r.file}${r.tune ? ` ${r.tune}` : ''}${r.line ? `:${r.line}` : ''}: ${r.reason}`),
    ])
  },
}
