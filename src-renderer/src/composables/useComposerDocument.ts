/**
 * The tune open in the composer, shared app-wide so other views can hand one over
 * (`openInComposer`) and the shell can switch to the composer when they do. The text and where
 * it came from are kept in localStorage, so a reload reopens what was being written.
 */
import { ref, watch, type Ref } from 'vue'
import type { Piece, PieceParams } from '../../../src-shared/contract'

/** Where the open text came from: what a saved piece records besides the text. */
export interface ComposerOrigin {
  /** The piece this text was opened from or last saved as. */
  pieceId?: number
  title?: string
  /** The corpus tune it continues or varies. */
  parentTuneId?: number
  /** What the model was primed with, and how it sampled, for a generated text. */
  prompt?: string
  params?: PieceParams
  modelId?: number | null
}

interface Stored {
  text: string
  origin: ComposerOrigin
}

const STORAGE_KEY = 'tunesmith.composer'

export const STARTER_TUNE = 'X:1\nT:New tune\nM:6/8\nL:1/8\nR:jig\nK:D\n|:A|dfa afd|'

function load(): Stored {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<Stored>
      if (typeof parsed.text === 'string') return { text: parsed.text, origin: parsed.origin ?? {} }
    }
  } catch {
    // Unreadable storage (private mode, corrupt JSON): start fresh rather than fail.
  }
  return { text: STARTER_TUNE, origin: {} }
}

const initial = load()
/** The editor's text. */
export const composerText = ref(initial.text)
export const composerOrigin = ref<ComposerOrigin>(initial.origin)
/** Bumped on every open request, so the shell and the editor can react even to the same text. */
export const composerOpenRequests = ref(0)

let saveTimer: ReturnType<typeof setTimeout> | undefined

function store(): void {
  clearTimeout(saveTimer)
  saveTimer = undefined
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ text: composerText.value, origin: composerOrigin.value }))
  } catch {
    // Storage full or unavailable: the text is still in the editor.
  }
}

watch(
  [composerText, composerOrigin],
  () => {
    // Written after a short pause: typing must not hit storage per key.
    clearTimeout(saveTimer)
    saveTimer = setTimeout(store, 300)
  },
  { deep: true },
)
// A reload or close within that pause must not lose the last keys typed.
window.addEventListener('pagehide', () => {
  if (saveTimer !== undefined) store()
})

/** Opens ABC in the composer (replacing the editor's text) and asks the shell to show it. */
export function openInComposer(abc: string, origin: ComposerOrigin = {}): void {
  composerText.value = abc
  composerOrigin.value = origin
  composerOpenRequests.value++
}

/** Opens a saved piece: Save then updates that piece, keeping how it was made. */
export function openPieceInComposer(piece: Piece): void {
  openInComposer(piece.abc, {
    pieceId: piece.id,
    title: piece.title,
    parentTuneId: piece.parentTuneId ?? undefined,
    prompt: piece.prompt,
    params: piece.params,
    modelId: piece.modelId,
  })
}

/** For the shell: switch `current` to the composer view whenever something is opened in it. */
export function followComposerRequests(current: Ref<string>, viewId = 'composer'): void {
  watch(composerOpenRequests, () => (current.value = viewId))
}
