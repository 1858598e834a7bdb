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
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('core code may not import Electron', () => {
  it('flags `import ... from "electron"` in electron/core/', async () => {
    const errors = await boundaryErrors('core-imports-electron.ts', 'electron/core/lookup/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('Core code runs under plain Node and may not import Electron')]);
  });

  it('flags Electron subpath imports too', async () => {
    const errors = await boundaryErrors('core-imports-electron-subpath.ts', 'electron/core/fixture.ts');
    expect(errors).toContainEqual(expect.stringContaining('may not import Electron'));
  });

  it('flags even a type-only import of Electron in the core, which would tie core types to the shell', async () => {
    const errors = await boundaryErrors('core-type-import-of-electron.ts', 'electron/core/fixture.ts');
    expect(errors).toHaveLength(1);
  });

  it('flags core code that reaches into the shell', async () => {
    const errors = await boundaryErrors('core-imports-shell.ts', 'electron/core/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('Core code may not depend on the shell')]);
  });

  it('flags core code that imports the composition root, a shell file outside shell/', async () => {
    const errors = await boundaryErrors('core-imports-main.ts', 'electron/core/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('Core code may not depend on the shell')]);
  });

  it('flags electron-store, which loads Electron itself', async () => {
    const errors = await boundaryErrors('core-imports-electron-store.ts', 'electron/core/state/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('may not import Electron')]);
  });

  it('flags a dynamic import() of Electron', async () => {
    const errors = await boundaryErrors('core-dynamic-import-electron.ts', 'electron/core/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('may not import Electron')]);
  });

  it('flags import() of a computed path, which no rule could check', async () => {
    const errors = await boundaryErrors('core-computed-import.ts', 'electron/core/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('imports by literal path only')]);
  });

  it('flags require(), plain or through createRequire', async () => {
    expect(await boundaryErrors('core-plain-require.ts', 'electron/core/fixture.ts')).toEqual([
      expect.stringContaining('use import, not require()'),
    ]);
    expect(await boundaryErrors('core-require-electron.ts', 'electron/core/fixture.ts')).toEqual([
      expect.stringContaining('createRequire would let core code load Electron unseen'),
    ]);
  });

  it.each(['electron/core/fixture.mts', 'electron/core/fixture.js', 'electron/core/fixture.cjs'])(
    'covers JavaScript and module-flavoured files too (%s)',
    async (path) => {
      expect(await boundaryErrors('core-imports-electron.ts', path)).toHaveLength(1);
    },
  );

  it('applies to every file under electron/ that is not the shell, such as the launcher', async () => {
    const errors = await boundaryErrors('core-imports-electron.ts', 'electron/launch-helper.ts');
    expect(errors).toHaveLength(1);
  });

  it.each(['electron/main.ts', 'electron/preload.ts', 'electron/shell/tray.ts'])('allows Electron in the shell file %s', async (path) => {
    expect(await boundaryErrors('core-imports-electron.ts', path)).toEqual([]);
  });
});

describe('the renderer may share main-process types, never its code', () => {
  it('flags a run-time import of main-process code', async () => {
    const errors = await boundaryErrors('renderer-imports-main-code.ts', 'renderer/src/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('The window may share main-process types only')]);
  });

  it('flags it inside a Svelte component as well', async () => {
    const errors = await boundaryErrors('RendererImportsMainCode.svelte', 'renderer/src/Fixture.svelte');
    expect(errors).toEqual([expect.stringContaining('The window may share main-process types only')]);
  });

  it('flags a dynamic import() of main-process code', async () => {
    const errors = await boundaryErrors('renderer-dynamic-import.ts', 'renderer/src/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('The window may share main-process types only')]);
  });

  it('flags a dynamic import() with a template path into main-process code', async () => {
    const errors = await boundaryErrors('renderer-template-import.ts', 'renderer/src/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('imports by literal path only')]);
  });

  it("flags Vite's import.meta.glob over main-process code", async () => {
    const errors = await boundaryErrors('renderer-glob-import.ts', 'renderer/src/fixture.ts');
    expect(errors).toEqual([expect.stringContaining('The window may share main-process types only')]);
  });

  it('flags Node built-ins, with or without the node: prefix, and Electron', async () => {
    expect(await boundaryErrors('renderer-imports-node.ts', 'renderer/src/fixture.ts')).toEqual([
      expect.stringContaining('no Node built-ins'),
    ]);
    expect(await boundaryErrors('renderer-imports-bare-builtin.ts', 'renderer/src/fixture.ts')).toEqual([
      expect.stringContaining('no Node built-ins'),
    ]);
    expect(await boundaryErrors('core-imports-electron.ts', 'renderer/src/fixture.ts')).toEqual([
      expect.stringContaining('The window never imports Electron'),
    ]);
    expect(await boundaryErrors('core-imports-electron-store.ts', 'renderer/src/fixture.ts')).toHaveLength(1);
  });

  it.each(['renderer/src/fixture.js', 'renderer/src/state.svelte.ts', 'renderer/src/fixture.mts'])(
    'covers every script flavour of the window (%s)',
    async (path) => {
      expect(await boundaryErrors('renderer-imports-main-code.ts', path)).toHaveLength(1);
    },
  );

  it('allows `import type` of main-process types', async () => {
    expect(await boundaryErrors('renderer-imports-main-types.ts', 'renderer/src/fixture.ts')).toEqual([]);
  });
});
