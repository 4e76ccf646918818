/**
 * Child process for the crash tests: boots the real services on a library, keeps saving pieces
 * and training a tiny model with a checkpoint every step, and prints what is durably done
 * (`piece <id>` after savePiece returned, `ckpt <id> <step>` after a checkpoint was committed)
 * so the parent can SIGKILL it at any moment and check the library.
 *   tsx train-child.ts <library> <resourcesDir> start
 *   tsx train-child.ts <library> <resourcesDir> resume <checkpointId>
 */
import { bootServices } from '../../../../src-main/services/boot'
import type { CorpusSummary, Piece } from '../../../../src-shared/contract'
import type { TrainingProgress } from '../../../../src-shared/contract/training'

const [libraryPath, resourcesDir, mode, from] = process.argv.slice(2)
const say = (line: string): void => void process.stdout.write(line + '\n')

const booted = await bootServices({ libraryPath, resourcesDir, shell: 'web' })
const call = (channel: string, input: unknown): Promise<unknown> => booted.router.dispatch(channel, input)

let pieceNo = 0
const savePiece = async (): Promise<void> => {
  pieceNo++
  const piece = (await call('library.savePiece', { title: `Crash piece ${process.pid}-${pieceNo}`, abc: `X:1\nT:Crash piece ${pieceNo}\nM:4/4\nK:D\n|:DFAF GBAF:|\n` })) as Piece
  say(`piece ${piece.id}`)
}

await savePiece()
booted.events.listen((name, payload) => {
  if (name !== 'training.progress') return
  const p = payload as TrainingProgress
  if (p.checkpointId !== undefined) {
    say(`ckpt ${p.checkpointId} ${p.step}`)
    // Library writes from the main thread between checkpoints: each must survive a kill too.
    void savePiece()
  }
})

const common = { modelName: 'crash test', epochs: 1000, patience: 100, checkpointEvery: 1 }
if (mode === 'start') {
  const [corpus] = (await call('library.listCorpora', {})) as CorpusSummary[]
  await call('training.start', { ...common, corpusId: corpus.id, sizes: { embedding: 8, units: [16] }, batch: 2, seqLen: 16, seed: 7 })
} else {
  await call('training.start', { ...common, resume: true, fromCheckpointId: Number(from) })
}
say('started')
