/**
 * Light or dark: the user's choice (system, light, dark) is kept in localStorage; 'system' follows
 * prefers-color-scheme live. The resolved theme goes on <html data-theme>, which styles/theme.css
 * keys its palettes on, so components only ever read CSS variables.
 */
import { ref, watch, type Ref } from 'vue'

export type ThemeChoice = 'system' | 'light' | 'dark'
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']
const STORAGE_KEY = 'tunesmith.theme'

function readChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    return THEME_CHOICES.includes(saved as ThemeChoice) ? (saved as ThemeChoice) : 'system'
  } catch {
    // Storage refused (private mode, quota): the system theme still works.
    return 'system'
  }
}

const choice = ref<ThemeChoice>(readChoice())
let started = false

function apply(): void {
  const dark = choice.value === 'dark' || (choice.value === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
}

/** Sets data-theme now and keeps it in step; call once before mounting so nothing flashes. */
export function startTheme(): void {
  if (started) return
  started = true
  apply()
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', apply)
  watch(choice, (value) => {
    try {
      localStorage.setItem(STORAGE_KEY, value)
    } catch {
      // Not remembered across reloads, but applied now.
    }
    apply()
  })
}

export function useTheme(): { choice: Ref<ThemeChoice> } {
  startTheme()
  return { choice }
}
