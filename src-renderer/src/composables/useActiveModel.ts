/**
 * The model the composer samples with: a setting shared by every view and kept across reloads.
 *
 *   const { activeModelId, setActiveModel, clear } = useActiveModel()
 *   api.model.continue({ ..., modelId: activeModelId.value ?? undefined })  // null → the default
 *
 * Stored as the plain model id under localStorage `tunesmith.composer.model`, the key the
 * composer's useComposerModels already reads when it mounts, so "Use this model" in the Training
 * view reaches it without either view importing the other. `activeModelId` is one ref shared by
 * all callers and follows other windows/tabs through the `storage` event. A model deleted since
 * is the reader's concern (useComposerModels falls back to the default).
 */
import { readonly, ref, type Ref } from 'vue'

export const ACTIVE_MODEL_KEY = 'tunesmith.composer.model'

function read(): number | null {
  const id = Number(localStorage.getItem(ACTIVE_MODEL_KEY))
  // Missing or hand-edited values mean "the default model", never a broken composer.
  return Number.isInteger(id) && id > 0 ? id : null
}

const active = ref<number | null>(read())
let listening = false

export function useActiveModel(): {
  activeModelId: Readonly<Ref<number | null>>
  setActiveModel: (id: number) => void
  clear: () => void
} {
  // The composer writes the same key through its own ref (no storage event in the same tab):
  // read it again whenever a component asks, so a view opened later shows the current choice.
  active.value = read()
  if (!listening) {
    listening = true
    window.addEventListener('storage', (e) => {
      if (e.key === ACTIVE_MODEL_KEY) active.value = read()
    })
  }
  return {
    activeModelId: readonly(active),
    setActiveModel(id) {
      active.value = id
      localStorage.setItem(ACTIVE_MODEL_KEY, String(id))
    },
    clear() {
      active.value = null
      localStorage.removeItem(ACTIVE_MODEL_KEY)
    },
  }
}
