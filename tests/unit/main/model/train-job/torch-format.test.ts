/**
 * Our weights in PyTorch's layout (model/train-job/torch-format.ts) without running Python: the
 * gate blocks stay where they are (the forget-gate bias of 1 lands in PyTorch's forget block), the
 * matrices are transposed, the two PyTorch biases come home summed, safetensors round-trips, and
 * train.py ships where the packaged app looks for it. The PyTorch side is tested in pytorch-job.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEV_LAYOUT, PACKAGED_LAYOUT, appPaths } from '../../../../../src-main/electron/app-paths'
import { initWeights } from '../../../../../src-main/engine/init-weights'
import { trainScriptPath } from '../../../../../src-main/model/train-job/job-folder'
import { decodeSafetensors, encodeSafetensors, fromTorchTensors, toTorchTensors } from '../../../../../src-main/model/train-job/torch-format'

const root = path.resolve(import.meta.dirname, '../../../../..')
const shape = { vocabSize: 7, embeddingDim: 5, lstmUnits: [4, 3] }

describe('PyTorch layout', () => {
  it('keeps gate order i, f, g/c, o: the forget bias sits in the second block of bias_ih, bias_hh is zero', () => {
    const torch = toTorchTensors(initWeights(shape, 2))
    const H = 4
    const biasIh = torch.get('lstms.0.bias_ih_l0')!.data
    expect([...biasIh]).toEqual([...Array(H).fill(0), ...Array(H).fill(1), ...Array(2 * H).fill(0)])
    expect(torch.get('lstms.0.bias_hh_l0')!.data.every((x) => x === 0)).toBe(true)
  })

  it('transposes kernels: weight_ih[g][i] is kernel[i][g], dense.weight[v][h] is kernel[h][v]', () => {
    const w = initWeights(shape, 3)
    const torch = toTorchTensors(w)
    const ih = torch.get('lstms.1.weight_ih_l0')!
    expect(ih.shape).toEqual([12, 4])
    expect(ih.data[7 * 4 + 2]).toBe(w.layers[1].kernel[2 * 12 + 7])
    const dense = torch.get('dense.weight')!
    expect(dense.shape).toEqual([7, 3])
    expect(dense.data[5 * 3 + 1]).toBe(w.dense.kernel[1 * 7 + 5])
  })

  it('comes home exactly through safetensors, with the two biases summed', () => {
    const w = initWeights(shape, 4)
    const torch = decodeSafetensors(encodeSafetensors(toTorchTensors(w)))
    expect(fromTorchTensors(torch)).toEqual(w)
    const bias = torch.get('lstms.0.bias_hh_l0')!.data
    bias.fill(0.25)
    const summed = fromTorchTensors(torch).layers[0].bias
    summed.forEach((b, i) => expect(b).toBeCloseTo(w.layers[0].bias[i] + 0.25, 6))
  })

  it('says which tensor is missing', () => {
    const torch = toTorchTensors(initWeights(shape, 5))
    torch.delete('dense.bias')
    expect(() => fromTorchTensors(torch)).toThrow(/lacks dense\.bias/)
  })
})

describe('train.py in the app', () => {
  it('ships in resources/, which extraResources copies into the packaged app', () => {
    expect(existsSync(trainScriptPath(path.join(root, DEV_LAYOUT.resources)))).toBe(true)
    const build = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { build: { extraResources: { from: string; to: string }[] } }).build
    expect(build.extraResources).toContainEqual({ from: DEV_LAYOUT.resources, to: PACKAGED_LAYOUT.resources })
    const packaged = appPaths({ isPackaged: true, appPath: '/opt/Tunesmith/resources/app.asar', resourcesPath: '/opt/Tunesmith/resources' })
    expect(trainScriptPath(packaged.resourcesDir)).toBe(path.join('/opt/Tunesmith/resources', PACKAGED_LAYOUT.resources, 'train-job', 'train.py'))
  })
})
