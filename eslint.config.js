// @ts-check
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/**
 * The runtime boundaries are written in folder names and checked here, not left to discipline:
 * - electron/core/ (and everything under electron/ that is not the shell) runs under plain Node and is
 *   tested there, so it may not import `electron`, nor reach into the shell.
 * - renderer/ is an untrusted browser page: it may share the main process's *types* (`import type`),
 *   never its code, and never Node's built-ins or `electron`.
 * test/unit/lint-boundaries.test.ts proves both rules with fixtures that break them.
 */

/** The only files under electron/ that may import `electron` (ARCHITECTURE.md: the shell). */
export const SHELL_FILES = ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**'];

const CORE_MESSAGE =
  'Core code runs under plain Node and may not import Electron. Put Electron-facing code in electron/shell/ ' +
  'and hand it to the core as a port.';
const RENDERER_MESSAGE =
  'The window may share main-process types only: write `import type`. Its code reaches the main process ' +
  'through the preload API (window.b24), never by import.';

const coreBoundary = {
  paths: [{ name: 'electron', message: CORE_MESSAGE }],
  patterns: [
    { group: ['electron/*'], message: CORE_MESSAGE },
    { group: ['**/shell', '**/shell/**'], message: 'Core code may not depend on the shell; the shell depends on the core.' },
  ],
};

const rendererBoundary = {
  paths: [{ name: 'electron', message: 'The window never imports Electron; use the preload API (window.b24).' }],
  patterns: [
    { group: ['**/electron/**', '!**/node_modules/**'], allowTypeImports: true, message: RENDERER_MESSAGE },
    { group: ['node:*'], message: 'The window runs in a sandboxed browser page: no Node built-ins.' },
  ],
};

// `import('...')` is not an import declaration; the restricted-imports rules do not see it.
const noDynamicImportOfMainCode = {
  selector: "ImportExpression[source.value=/(^|\\/)electron(\\/|$)/]",
  message: RENDERER_MESSAGE,
};

export default tseslint.config(
  {
    // test/fixtures/ holds deliberately broken files that test/unit/lint-boundaries.test.ts lints on purpose.
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.test-reports/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      // TypeScript (tsc, svelte-check) already knows which globals exist in each runtime, and knows it better.
      'no-undef': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: SHELL_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', coreBoundary] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', rendererBoundary],
      'no-restricted-syntax': ['error', noDynamicImportOfMainCode],
    },
  },
);
