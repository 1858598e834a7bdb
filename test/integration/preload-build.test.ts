import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The preload build as `npm run build` runs it (vite.config.ts, --mode preload), on real entry files.
const projectRoot = resolve(import.meta.dirname, '../..');
let outDir: string;
beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'b24-preload-build-'));
});
afterEach(() => rmSync(outDir, { recursive: true, force: true }));

function buildPreload(entry: string) {
  return build({
    configFile: join(projectRoot, 'vite.config.ts'),
    mode: 'preload',
    logLevel: 'silent',
    build: { ssr: join(projectRoot, entry), outDir },
  });
}

describe('preload build', () => {
  it('emits CommonJS that requires nothing but electron, as a sandboxed preload must', async () => {
    await buildPreload('electron/preload.ts');
    const code = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).toContain('exposeInMainWorld("b24"');
  });

  it('fails the build when the preload imports a Node built-in, which the sandbox could not load', async () => {
    await expect(buildPreload('test/fixtures/preload/uses-node-builtin.ts')).rejects.toThrow(/sandboxed preload cannot load Node's 'node:path'/);
  });
});
