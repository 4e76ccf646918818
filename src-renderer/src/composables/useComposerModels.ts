/**
 * The models the composer can sample from (library models with a checkpoint) and the one chosen
 * (useActiveModel: shared with the Training view's "use this model", kept across reloads).
 * Without a choice it takes the default model, else the last usable one listed, so a fresh
 * library with only a trained model still works.
 */
import { computed, ref } from 'vue'
import type { ModelSummary } from '../../../src-shared/contract'
import { api, errorMessage } from '../api'
import { useActiveModel } from './useActiveModel'
import { useApiEvent } from './useApiEvent'

export function useComposerModels() {
  const models = ref<ModelSummary[]>([])
  const error = ref<string | null>(null)
  const { activeModelId, setActiveModel } = useActiveModel()

  const usable = computed(() => models.value.filter((m) => m.bestCheckpointId !== null))
  const selected = computed<ModelSummary | null>(() => {
    const list = usable.value
    return list.find((m) => m.id === activeModelId.value) ?? list.find((m) => m.isDefault) ?? list.at(-1) ?? null
  })

  async function reload(): Promise<void> {
    try {
      models.value = await api.training.listModels({})
      error.value = null
    } catch (err) {
      error.value = `Could not list the models: ${errorMessage(err)}`
    }
  }

  // A training run that writes a checkpoint may make a new model usable.
  useApiEvent('onTrainingProgress', (p) => {
    if (p.kind !== 'step') void reload()
  })
  void reload()

  return { models: usable, selected, choose: setActiveModel, error, reload }
}
