import type { Library } from '../../../../src-main/library'
import { artifactsToWeights, type LayersModelJson } from '../../../../src-main/engine/layers-format'
import type { CharLstmWeights } from '../../../../src-main/engine/weights'

/** A stored checkpoint's weights, read back from its Layers-format bytes. */
export async function checkpointWeights(library: Library, id: number): Promise<CharLstmWeights> {
  const c = library.models.getCheckpoint(id)
  if (!c) throw new Error(`no checkpoint ${id}`)
  return artifactsToWeights({ modelJson: JSON.parse(c.modelJson) as LayersModelJson, weightData: c.weights })
}
