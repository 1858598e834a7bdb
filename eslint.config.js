// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/**
 * The runtime boundaries are written in folder names and checked here, not left to discipline:
 * - electron/ outside the shell runs under plain Node and is tested there, so it may not load `electron`
 *   (nor electron-store, which loads it), nor reach into the shell, by static import, `import()` or `require`.
 * - renderer/ is an untrusted browser page: it may share the main process's *types* (`import type`),
 *   never its code, and never Node's built-ins or `electron`.
 * test/unit/lint-boundaries.test.ts proves both rules with fixtures that break them.
 */

/** The only files under electron/ that may import `electron` (ARCHITECTURE.md: the shell). */
export const SHELL_FILES = ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**'];

const CODE_FILES = '{ts,mts,cts,js,mjs,cjs}';

const CORE_MESSAGE =
  'Core code runs under plain Node and may not import Electron. Put Electron-facing code in electron/shell/ ' +
  'and hand it to the core as a port.';
const CORE_SHELL_MESSAGE = 'Core code may not depend on the shell (shell/, main.ts, preload.ts); the shell depends on the core.';
const RENDERER_MESSAGE =
  'The window may share main-process types only: write `import type`. Its code reaches the main process ' +
  'through the preload API (window.b24), never by import.';
const RENDERER_NODE_MESSAGE = 'The window runs in a sandboxed browser page: no Node built-ins.';

// Packages that load Electron when imported.
const ELECTRON_PACKAGES = ['electron', 'electron-store'];

const coreBoundary = {
  paths: ELECTRON_PACKAGES.map((name) => ({ name, message: CORE_MESSAGE })),
  patterns: [
    { group: ['electron/*'], message: CORE_MESSAGE },
    { group: ['**/shell', '**/shell/**', '**/main', '**/main.ts', '**/preload', '**/preload.ts'], message: CORE_SHELL_MESSAGE },
  ],
};

const coreSyntax = [
  {
    selector: "ImportExpression[source.value=/^electron(-store)?(\\x2F|$)|(^|\\x2F)(shell|main|preload)(\\x2F|\\.ts$|$)/]",
    message: CORE_MESSAGE,
  },
  {
    selector: "ImportExpression[source.type!='Literal']",
    message: 'Core code imports by literal path only, so the boundary rules can see what it loads.',
  },
  { selector: "CallExpression[callee.name='require']", message: 'Core code is ES modules: use import, not require().' },
  {
    selector: "ImportSpecifier[imported.name='createRequire']",
    message: 'createRequire would let core code load Electron unseen; use import (or import.meta.resolve for a path).',
  },
];

const rendererBoundary = {
  paths: [
    ...ELECTRON_PACKAGES.map((name) => ({ name, message: 'The window never imports Electron; use the preload API (window.b24).' })),
    ...builtinModules.map((name) => ({ name, message: RENDERER_NODE_MESSAGE })),
  ],
  patterns: [
    // electron/common/ is the shared zone of pure code: the window may run it.
    { regex: String.raw`(^|/)electron/(?!common/)`, allowTypeImports: true, message: RENDERER_MESSAGE },
    { group: ['node:*'], message: RENDERER_NODE_MESSAGE },
  ],
};

// (esquery regexes cannot contain '/', so a slash is written \x2F.)
// `import()` and Vite's `import.meta.glob()` are not import declarations; the restricted-imports rules miss them.
const rendererSyntax = [
  { selector: "ImportExpression[source.value=/(^|\\x2F)electron(-store)?(\\x2F(?!common\\x2F)|$)|^node:/]", message: RENDERER_MESSAGE },
  { selector: "ImportExpression[source.type!='Literal']", message: 'The window imports by literal path only, so the boundary rules can see what it loads.' },
  {
    selector: "CallExpression[callee.object.type='MetaProperty'][callee.property.name=/^glob/] Literal[value=/(^|\\x2F)electron\\x2F(?!common\\x2F)/]",
    message: RENDERER_MESSAGE,
  },
];

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
    files: [`electron/**/*.${CODE_FILES}`],
    ignores: SHELL_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', coreBoundary],
      'no-restricted-syntax': ['error', ...coreSyntax],
    },
  },
  {
    files: [`renderer/**/*.${CODE_FILES}`, 'renderer/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', rendererBoundary],
      'no-restricted-syntax': ['error', ...rendererSyntax],
    },
  },
);
