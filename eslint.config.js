// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import { LAYERS, layersPlugin } from './scripts/layers.mjs'

/** Layering (VS Code style): these folders run in plain Node (tests, web mode, CLI, workers). */
const electronFree = ['src-main/library/**', 'src-main/model/**', 'src-main/engine/**',
  'src-main/services/**', 'src-main/web/**', 'src-main/cli/**', 'src-shared/**']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'build/**', '.tmp/**', 'node_modules/**', 'resources/**', 'src-main/engine/native/**', '**/*.wasm'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src-main/**', 'electron', 'node:*'], message: 'The renderer talks only to the API (window.api).' }] }],
    },
  },
  {
    // The folder dependency order (scripts/layers.mjs, docs/ARCHITECTURE.md), on every import.
    files: LAYERS.map((l) => `${l.folder}/**`),
    plugins: { layers: layersPlugin },
    rules: { 'layers/order': 'error' },
  },
  {
    files: electronFree,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Services run in plain Node: take paths as arguments, never import electron.' }] }],
    },
  },
)
