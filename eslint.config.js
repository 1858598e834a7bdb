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
 * - electron/common/ is the shared zone of pure code that main, preload and the window all run: no Node built-ins or
 *   globals, no Electron, no DOM, and nothing from outside electron/common/ but pure npm packages (valibot).
 * - electron/core/'s folders are layers (CORE_LAYERS): each may import only itself and the layers before it, so the
 *   core has one direction and no folder circles. test/unit/import-cycles.test.ts checks there are no file circles.
 * test/unit/lint-boundaries.test.ts proves the rules with fixtures that break them.
 */

/** The only files under electron/ that may import `electron` (ARCHITECTURE.md: the shell). */
export const SHELL_FILES = ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**'];

const CODE_FILES = '{ts,mts,cts,js,mjs,cjs}';

const CORE_MESSAGE =
  'Core code runs under plain Node and may not import Electron. Put Electron-facing code in electron/shell/ ' + 'and hand it to the core as a port.';
const CORE_SHELL_MESSAGE = 'Core code may not depend on the shell (shell/, main.ts, preload.ts); the shell depends on the core.';
const RENDERER_MESSAGE =
  'The window may share main-process types only: write `import type`. Its code reaches the main process ' +
  'through the preload API (window.b24), never by import.';
const RENDERER_CATALOGS_MESSAGE =
  'The window loads its one language with useLanguage (renderer/src/lib/i18n.svelte.ts); catalogs.ts holds every language, for the main process.';
const RENDERER_NODE_MESSAGE = 'The window runs in a sandboxed browser page: no Node built-ins.';

// Packages that load Electron when imported.
const ELECTRON_PACKAGES = ['electron', 'electron-store', 'electron-updater'];

const coreBoundary = {
  paths: ELECTRON_PACKAGES.map((name) => ({ name, message: CORE_MESSAGE })),
  patterns: [
    { group: ['electron/*'], message: CORE_MESSAGE },
    { group: ['**/shell', '**/shell/**', '**/main', '**/main.ts', '**/preload', '**/preload.ts'], message: CORE_SHELL_MESSAGE },
  ],
};

const coreSyntax = [
  {
    selector: 'ImportExpression[source.value=/^electron(-store)?(\\x2F|$)|(^|\\x2F)(shell|main|preload)(\\x2F|\\.ts$|$)/]',
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
    // …but not the main process's catalogs: every language at once would be the whole window's weight again.
    { regex: String.raw`(^|/)electron/common/i18n/catalogs(\.ts)?$`, allowTypeImports: true, message: RENDERER_CATALOGS_MESSAGE },
    { group: ['node:*'], message: RENDERER_NODE_MESSAGE },
  ],
};

// (esquery regexes cannot contain '/', so a slash is written \x2F.)
// `import()` and Vite's `import.meta.glob()` are not import declarations; the restricted-imports rules miss them.
const rendererSyntax = [
  { selector: 'ImportExpression[source.value=/(^|\\x2F)electron(-store)?(\\x2F(?!common\\x2F)|$)|^node:/]', message: RENDERER_MESSAGE },
  { selector: "ImportExpression[source.type!='Literal']", message: 'The window imports by literal path only, so the boundary rules can see what it loads.' },
  {
    selector: "CallExpression[callee.object.type='MetaProperty'][callee.property.name=/^glob/] Literal[value=/(^|\\x2F)electron\\x2F(?!common\\x2F)/]",
    message: RENDERER_MESSAGE,
  },
];

const COMMON_MESSAGE =
  'electron/common/ is pure code the main process, the preload and the window all run: no Node built-ins, no Electron, ' +
  'nothing outside electron/common/ but pure npm packages.';
const COMMON_GLOBAL_MESSAGE = 'electron/common/ runs in the main process and the window alike: no Node or DOM globals.';

/** What the shared zone may not load, for a file `depth` folders below electron/common/. */
const commonBoundary = (depth) => ({
  paths: [...ELECTRON_PACKAGES, ...builtinModules].map((name) => ({ name, message: COMMON_MESSAGE })),
  patterns: [
    { group: ['node:*'], message: COMMON_MESSAGE },
    { regex: String.raw`^(?:\.\./){${depth + 1}}`, message: COMMON_MESSAGE },
  ],
});
const COMMON_GLOBALS = [
  'process',
  'Buffer',
  'global',
  '__dirname',
  '__filename',
  'require',
  'module',
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
];

/**
 * The core's layers, lowest first: a file may import its own layer and those before it, never one after it. Each
 * layer is its folders and files under electron/core/. Derived from what the code imports: the services and the
 * handler table sit above the clipboard lookup they serve; the IPC contract, localize.ts and the sender check below it.
 */
export const CORE_LAYERS = [
  { name: 'base', folders: [], files: ['about', 'clock', 'portal-address', 'user-error'] },
  { name: 'bitrix', folders: ['bitrix'], files: [] },
  { name: 'state', folders: ['state'], files: [] },
  { name: 'lookup', folders: ['lookup'], files: [] },
  { name: 'launch', folders: ['launch'], files: [] },
  { name: 'links', folders: ['links'], files: [] },
  { name: 'sign-in', folders: ['sign-in'], files: [] },
  { name: 'updates', folders: ['updates'], files: [] },
  { name: 'hotkeys', folders: ['hotkeys'], files: [] },
  { name: 'tray', folders: ['tray'], files: [] },
  { name: 'window', folders: ['window'], files: [] },
  { name: 'ipc', folders: ['ipc'], files: [], except: ['ipc/handlers'] },
  { name: 'quick-lookup', folders: ['quick-lookup'], files: [] },
  { name: 'services', folders: [], files: ['services', 'ipc/handlers'] },
  { name: 'app-services', folders: [], files: ['app-services'] },
];

const LAYER_MESSAGE = (layer) => `The core's layers import downwards only (eslint.config.js, CORE_LAYERS): ${layer} may not import a later layer.`;

/** The files of a layer, as config globs. */
const layerFiles = (layer) => [
  ...layer.folders.map((folder) => `electron/core/${folder}/**/*.${CODE_FILES}`),
  ...layer.files.map((file) => `electron/core/${file}.${CODE_FILES}`),
];

/**
 * A specifier, written from inside electron/core/ (a root file writes `./x`, a folder's file `../x`), that reaches
 * one of these layers.
 */
function layerSpecifier(layers) {
  const alternatives = layers.flatMap((layer) => [
    ...layer.folders.map((folder) => (layer.except?.length ? `${folder}/(?!(?:${layer.except.map((e) => e.split('/').pop()).join('|')})\\.)` : `${folder}/`)),
    ...layer.files.map((file) => `${file}\\.`),
  ]);
  return String.raw`^\.\.?/(?:` + alternatives.join('|') + ')';
}

/** One config block per layer: the core boundary, plus no import of a later layer. */
const layerBlocks = CORE_LAYERS.map((layer, index) => {
  const later = CORE_LAYERS.slice(index + 1);
  const own = layer.except ? { ignores: layer.except.map((file) => `electron/core/${file}.${CODE_FILES}`) } : {};
  const rule = {
    paths: coreBoundary.paths,
    patterns: [
      ...coreBoundary.patterns,
      ...(later.length > 0 ? [{ regex: layerSpecifier(later), message: LAYER_MESSAGE(layer.name) }] : []),
      // A later layer's file in this layer's own folder (ipc/handlers.ts seen from ipc/contract.ts) is `./name`.
      ...later
        .flatMap((next) => next.files.filter((file) => layer.folders.includes(file.split('/')[0] ?? '')))
        .map((file) => ({ regex: String.raw`^\./${file.split('/')[1]}\.`, message: LAYER_MESSAGE(layer.name) })),
      { regex: String.raw`^(?:\.\./)+dev/`, message: "The product's core does not use the dev launcher's code (electron/dev/)." },
    ],
  };
  return { files: layerFiles(layer), ...own, rules: { '@typescript-eslint/no-restricted-imports': ['error', rule] } };
});

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
  ...layerBlocks,
  ...[0, 1, 2].map((depth) => ({
    files: [`electron/common/${'*/'.repeat(depth)}*.${CODE_FILES}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', commonBoundary(depth)],
      'no-restricted-globals': ['error', ...COMMON_GLOBALS.map((name) => ({ name, message: COMMON_GLOBAL_MESSAGE }))],
    },
  })),
  {
    files: [`renderer/**/*.${CODE_FILES}`, 'renderer/**/*.svelte'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', rendererBoundary],
      'no-restricted-syntax': ['error', ...rendererSyntax],
    },
  },
);
