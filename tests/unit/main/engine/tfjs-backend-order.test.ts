import { createRequire } from 'node:module'
import { afterEach, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs-core'
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu'
import { initTfjsBackend, TFJS_BACKEND_ORDER, TFJS_NODE_PACKAGE } from '../../../../src-main/engine/tfjs-engine'

const require = createRequire(import.meta.url)
/** tfjs-node's backend name: importing the package registers it (as the stand-in below does). */
const NODE_BACKEND = 'tensorflow'

function tfjsNodeInstalled(): boolean {
  try {
    require.resolve(TFJS_NODE_PACKAGE)
    return true
  } catch {
    return false
  }
}

describe('tfjs backend choice (tfjs-node is an optional dependency)', () => {
  afterEach(async () => {
    await tf.setBackend('cpu')
    if (tf.findBackend(NODE_BACKEND) && !tfjsNodeInstalled()) {
      tf.removeBackend(NODE_BACKEND)
      for (const kernel of tf.getKernelsForBackend(NODE_BACKEND)) tf.unregisterKernel(kernel.kernelName, NODE_BACKEND)
    }
  })

  it('tries tfjs-node before wasm, and wasm before cpu', () => {
    expect(TFJS_BACKEND_ORDER).toEqual(['tfjs-node', 'tfjs-wasm', 'tfjs-cpu'])
  })

  it('uses tfjs-node when the package is installed here, else falls back to wasm', async () => {
    const chosen = await initTfjsBackend()
    expect(chosen).toBe(tfjsNodeInstalled() ? 'tfjs-node' : 'tfjs-wasm')
    expect(tf.getBackend()).toBe(tfjsNodeInstalled() ? NODE_BACKEND : 'wasm')
  })

  it('without the package (its download failed, npm left it out) the choice is wasm', async () => {
    const asked: string[] = []
    const missing = (name: string): Promise<unknown> => {
      asked.push(name)
      return Promise.reject(new Error(`Cannot find package '${name}'`))
    }
    expect(await initTfjsBackend(undefined, missing)).toBe('tfjs-wasm')
    expect(asked).toEqual([TFJS_NODE_PACKAGE])
  })

  it('with the package (importing it registers the "tensorflow" backend) the choice is tfjs-node', async () => {
    // What tfjs-node's import does, with tfjs's cpu kernels standing in for libtensorflow's.
    const installed = async (name: string): Promise<unknown> => {
      expect(name).toBe(TFJS_NODE_PACKAGE)
      if (!tf.findBackend(NODE_BACKEND)) {
        tf.registerBackend(NODE_BACKEND, () => new MathBackendCPU())
        for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: NODE_BACKEND })
      }
      return {}
    }
    expect(await initTfjsBackend(undefined, installed)).toBe('tfjs-node')
    expect(tf.getBackend()).toBe(NODE_BACKEND)
    expect(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4]))).dataSync())).toEqual([4, 6])
  })
})
