/**
 * Models in the library and the checkpoints of one of them, reloaded whenever training writes a
 * checkpoint or a run ends (the progress composable counts those).
 */
import { ref, watch, type Ref } from 'vue'
import type { CheckpointSummary, CorpusSummary, ModelSummary } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'
import { useTrainingProgress } from './useTrainingProgress'

export function useTrainingModels(selectedModelId: Ref<number | null>) {
  const { checkpointsChanged } = useTrainingProgress()
  const models = ref<ModelSummary[]>([])
  const corpora = ref<CorpusSummary[]>([])
  const checkpoints = ref<CheckpointSummary[]>([])
  const error = ref<string | null>(null)

  async function loadModels(): Promise<void> {
    try {
      const [m, c] = await Promise.all([api.training.listModels({}), api.library.listCorpora({})])
      models.value = m
      corpora.value = c
      error.value = null
    } catch (err) {
      error.value = errorMessage(err)
    }
  }

  async function loadCheckpoints(): Promise<void> {
    const id = selectedModelId.value
    if (id === null) {
      checkpoints.value = []
      return
    }
    try {
      const list = await api.training.listCheckpoints({ modelId: id })
      // A late answer for a model no longer selected is dropped.
      if (selectedModelId.value === id) checkpoints.value = [...list].sort((a, b) => b.step - a.step)
    } catch (err) {
      error.value = errorMessage(err)
    }
  }

  watch(selectedModelId, () => void loadCheckpoints(), { immediate: true })
  watch(checkpointsChanged, () => {
    void loadModels()
    void loadCheckpoints()
  })
  void loadModels()

  return { models, corpora, checkpoints, error, reload: loadModels, reloadCheckpoints: loadCheckpoints }
}
