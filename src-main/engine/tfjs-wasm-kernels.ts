/**
 * tfjs's wasm backend has no UnsortedSegmentSum kernel, which the gradient of Gather (the
 * Embedding layer) needs, so an Embedding cannot train there. This registers a small one:
 * a row scatter-add over the wasm heap, the same arithmetic as the cpu backend's kernel.
 */
import * as tf from '@tensorflow/tfjs-core'
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm'

export function registerWasmSegmentSum(): void {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) return
  tf.registerKernel({
    kernelName: 'UnsortedSegmentSum',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo }
      const numSegments = (attrs as { numSegments: number }).numSegments
      if (x.dtype !== 'float32') throw new Error(`UnsortedSegmentSum (wasm): only float32 is supported, got ${x.dtype}`)
      const wasm = backend as BackendWasm
      const inner = x.shape.slice(1).reduce((a, b) => a * b, 1)
      const out = wasm.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype)
      // Views are taken after makeOutput: allocating may grow (and detach) the heap.
      const dst = wasm.typedArrayFromHeap(out) as Float32Array
      const src = wasm.typedArrayFromHeap(x) as Float32Array
      const ids = wasm.typedArrayFromHeap(segmentIds) as Int32Array
      dst.fill(0)
      for (let r = 0; r < ids.length; r++) {
        const s = ids[r]
        if (s < 0 || s >= numSegments) continue
        const d = s * inner
        const o = r * inner
        for (let j = 0; j < inner; j++) dst[d + j] += src[o + j]
      }
      return out
    },
  })
}
