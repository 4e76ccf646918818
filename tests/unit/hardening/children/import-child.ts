/**
 * Child process for the crash tests: imports one big generated corpus (N short tunes in one
 * file under the per-file limit) into a library through the real importFiles, printing
 * `importing` before and `done <n>` after, so the parent can SIGKILL it half-way.
 *   tsx import-child.ts <library> <tunes>
 */
import { importFiles, openLibrary } from '../../../../src-main/library'

const [libraryPath, count] = process.argv.slice(2)
const n = Number(count)
const tunes: string[] = []
for (let i = 1; i <= n; i++) tunes.push(`X:${i}\nT:Generated ${i}\nM:4/4\nL:1/8\nK:D\n|:DFAF GBAF|ABcd efge|${'abcdefg'[i % 7]}2 ${'ABCDEFG'[(i * 3) % 7]}2:|\n`)
const library = openLibrary(libraryPath)
process.stdout.write('importing\n')
// trusted: skip abcjs so the run is dominated by the one write transaction, which is what is killed.
const report = importFiles(library, { corpusName: 'Big', files: [{ name: 'big.abc', bytes: Buffer.from(tunes.join('\n')) }], trusted: true })
library.close()
process.stdout.write(`done ${report.imported}\n`)
