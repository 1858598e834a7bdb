import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The runtime boundaries of eslint.config.js, proven with fixtures that break them. Each fixture is linted
// by the project's real config as if it stood at the given path.
const projectRoot = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: projectRoot });

async function boundaryErrors(fixture: string, pretendPath: string): Promise<string[]> {
  const code = readFileSync(join(projectRoot, 'test/fixtures/lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: join(projectRoot, pretendPath) });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, 'the fixture must parse').toEqual([]);
  return result.messages
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-syntax' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

interface Violation {
  what: string;
  fixture: string;
  at: string;
  says: string;
}

const ELECTRON_IN_CORE = 'Core code runs under plain Node and may not import Electron';
const SHELL_IN_CORE = 'Core code may not depend on the shell';
const LITERAL_ONLY = 'imports by literal path only';
const MAIN_CODE_IN_WINDOW = 'The window may share main-process types only';
const NODE_IN_WINDOW = 'no Node built-ins';

const coreViolations: Violation[] = [
  { what: 'a static import of electron', fixture: 'core-imports-electron.ts', at: 'electron/core/lookup/fixture.ts', says: ELECTRON_IN_CORE },
  { what: 'an Electron subpath', fixture: 'core-imports-electron-subpath.ts', at: 'electron/core/fixture.ts', says: ELECTRON_IN_CORE },
  { what: 'a type-only import of Electron', fixture: 'core-type-import-of-electron.ts', at: 'electron/core/fixture.ts', says: ELECTRON_IN_CORE },
  { what: 'electron-store, which loads Electron', fixture: 'core-imports-electron-store.ts', at: 'electron/core/state/fixture.ts', says: ELECTRON_IN_CORE },
  { what: 'a dynamic import() of Electron', fixture: 'core-dynamic-import-electron.ts', at: 'electron/core/fixture.ts', says: ELECTRON_IN_CORE },
  { what: 'import() of a computed path', fixture: 'core-computed-import.ts', at: 'electron/core/fixture.ts', says: LITERAL_ONLY },
  { what: 'require()', fixture: 'core-plain-require.ts', at: 'electron/core/fixture.ts', says: 'use import, not require()' },
  {
    what: 'createRequire',
    fixture: 'core-require-electron.ts',
    at: 'electron/core/fixture.ts',
    says: 'createRequire would let core code load Electron unseen',
  },
  { what: 'a reach into shell/', fixture: 'core-imports-shell.ts', at: 'electron/core/fixture.ts', says: SHELL_IN_CORE },
  { what: 'the composition root (main.ts)', fixture: 'core-imports-main.ts', at: 'electron/core/fixture.ts', says: SHELL_IN_CORE },
  { what: 'Electron from a non-shell file outside core/', fixture: 'core-imports-electron.ts', at: 'electron/launch-helper.ts', says: ELECTRON_IN_CORE },
  { what: "Electron from the dev launcher's code", fixture: 'core-imports-electron.ts', at: 'electron/dev/fixture.ts', says: ELECTRON_IN_CORE },
  { what: 'Electron from a .mts file', fixture: 'core-imports-electron.ts', at: 'electron/core/fixture.mts', says: ELECTRON_IN_CORE },
  { what: 'Electron from a .js file', fixture: 'core-imports-electron.ts', at: 'electron/core/fixture.js', says: ELECTRON_IN_CORE },
  { what: 'Electron from a .cjs file', fixture: 'core-imports-electron.ts', at: 'electron/core/fixture.cjs', says: ELECTRON_IN_CORE },
];

const LATER_LAYER = "The core's layers import downwards only";
const NOT_PURE = 'electron/common/ is pure code';

const layerViolations: Violation[] = [
  { what: 'state importing the hotkeys, a later layer', fixture: 'core-imports-later-layer.ts', at: 'electron/core/state/fixture.ts', says: LATER_LAYER },
  { what: 'the base (clock.ts) importing a later layer', fixture: 'core-imports-later-layer.ts', at: 'electron/core/clock.ts', says: LATER_LAYER },
  {
    what: 'lookup importing the services, a later root file',
    fixture: 'core-imports-later-root-file.ts',
    at: 'electron/core/lookup/fixture.ts',
    says: LATER_LAYER,
  },
  {
    what: "the IPC contract's layer importing the handler table beside it",
    fixture: 'core-imports-later-sibling.ts',
    at: 'electron/core/ipc/fixture.ts',
    says: LATER_LAYER,
  },
  { what: "the dev launcher's code in the core", fixture: 'core-imports-dev.ts', at: 'electron/core/lookup/fixture.ts', says: 'does not use the dev launcher' },
  { what: 'the shared zone reaching into the core', fixture: 'common-imports-core.ts', at: 'electron/common/references/fixture.ts', says: NOT_PURE },
  { what: 'the same from the top of the shared zone', fixture: 'common-imports-core.ts', at: 'electron/common/fixture.ts', says: NOT_PURE },
  { what: 'a node: built-in in the shared zone', fixture: 'renderer-imports-node.ts', at: 'electron/common/references/fixture.ts', says: NOT_PURE },
  { what: 'a bare built-in in the shared zone', fixture: 'renderer-imports-bare-builtin.ts', at: 'electron/common/lookup/fixture.ts', says: NOT_PURE },
  { what: 'Electron in the shared zone', fixture: 'core-imports-electron.ts', at: 'electron/common/fixture.ts', says: NOT_PURE },
  {
    what: "Node's process global in the shared zone",
    fixture: 'common-uses-node-global.ts',
    at: 'electron/common/i18n/fixture.ts',
    says: 'no Node or DOM globals',
  },
];

const rendererViolations: Violation[] = [
  { what: 'a run-time import of main-process code', fixture: 'renderer-imports-main-code.ts', at: 'renderer/src/fixture.ts', says: MAIN_CODE_IN_WINDOW },
  { what: 'the same inside a Svelte component', fixture: 'RendererImportsMainCode.svelte', at: 'renderer/src/Fixture.svelte', says: MAIN_CODE_IN_WINDOW },
  { what: 'the same in a .svelte.ts module', fixture: 'renderer-imports-main-code.ts', at: 'renderer/src/state.svelte.ts', says: MAIN_CODE_IN_WINDOW },
  { what: 'the same in a .js file', fixture: 'renderer-imports-main-code.ts', at: 'renderer/src/fixture.js', says: MAIN_CODE_IN_WINDOW },
  { what: 'a dynamic import() of main-process code', fixture: 'renderer-dynamic-import.ts', at: 'renderer/src/fixture.ts', says: MAIN_CODE_IN_WINDOW },
  { what: 'a dynamic import() with a template path', fixture: 'renderer-template-import.ts', at: 'renderer/src/fixture.ts', says: LITERAL_ONLY },
  { what: "Vite's import.meta.glob over main-process code", fixture: 'renderer-glob-import.ts', at: 'renderer/src/fixture.ts', says: MAIN_CODE_IN_WINDOW },
  { what: 'a node: built-in', fixture: 'renderer-imports-node.ts', at: 'renderer/src/fixture.ts', says: NODE_IN_WINDOW },
  { what: 'a bare built-in (fs)', fixture: 'renderer-imports-bare-builtin.ts', at: 'renderer/src/fixture.ts', says: NODE_IN_WINDOW },
  { what: 'electron', fixture: 'core-imports-electron.ts', at: 'renderer/src/fixture.ts', says: 'The window never imports Electron' },
  { what: 'electron-store', fixture: 'core-imports-electron-store.ts', at: 'renderer/src/fixture.ts', says: 'The window never imports Electron' },
];

const allowed = [
  { what: 'Electron in the composition root', fixture: 'core-imports-electron.ts', at: 'electron/main.ts' },
  { what: 'Electron in the preload', fixture: 'core-imports-electron.ts', at: 'electron/preload.ts' },
  { what: 'Electron in the shell', fixture: 'core-imports-electron.ts', at: 'electron/shell/tray.ts' },
  { what: '`import type` of main-process types in the window', fixture: 'renderer-imports-main-types.ts', at: 'renderer/src/fixture.ts' },
  { what: 'a layer importing an earlier one (ipc, the hotkeys)', fixture: 'core-imports-later-layer.ts', at: 'electron/core/ipc/fixture.ts' },
  { what: 'the handler table importing the services, its own layer', fixture: 'core-imports-later-root-file.ts', at: 'electron/core/ipc/handlers.ts' },
  { what: 'the shared zone importing itself and valibot', fixture: 'common-imports-common.ts', at: 'electron/common/references/fixture.ts' },
  { what: 'the window running the shared zone', fixture: 'renderer-imports-common.ts', at: 'renderer/src/fixture.ts' },
];

describe('core code may not load Electron or the shell', () => {
  it.each(coreViolations)('flags $what ($at)', async ({ fixture, at, says }) => {
    expect(await boundaryErrors(fixture, at)).toContainEqual(expect.stringContaining(says));
  });
});

describe("the core's layers import downwards, and electron/common/ stays pure", () => {
  it.each(layerViolations)('flags $what ($at)', async ({ fixture, at, says }) => {
    expect(await boundaryErrors(fixture, at)).toContainEqual(expect.stringContaining(says));
  });
});

describe('the window may share main-process types, never its code', () => {
  it.each(rendererViolations)('flags $what ($at)', async ({ fixture, at, says }) => {
    expect(await boundaryErrors(fixture, at)).toContainEqual(expect.stringContaining(says));
  });
});

describe('what the boundaries allow', () => {
  it.each(allowed)('allows $what ($at)', async ({ fixture, at }) => {
    expect(await boundaryErrors(fixture, at)).toEqual([]);
  });
});
