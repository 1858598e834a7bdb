import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJsonStore } from '../../../electron/shell/json-store.ts';

// The real electron-store (and conf beneath it) writing real files; only `electron` itself is the fake
// from test/fakes/electron.ts, aliased in vite.config.ts.

type Prefs = { defaultType: string; launchAtLogin: boolean };
const defaults: Prefs = { defaultType: 'LEAD', launchAtLogin: false };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'b24-json-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openJsonStore', () => {
  it('writes a real JSON file that a later start of the app reads back', () => {
    const first = openJsonStore<Prefs>({ name: 'settings', cwd: dir, defaults });
    first.set('defaultType', 'DEAL');

    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk).toEqual({ defaultType: 'DEAL', launchAtLogin: false });

    const afterRestart = openJsonStore<Prefs>({ name: 'settings', cwd: dir, defaults });
    expect(afterRestart.get('defaultType')).toBe('DEAL');
    expect(afterRestart.get('launchAtLogin')).toBe(false);
  });

  it.skipIf(process.platform === 'win32')('keeps the file readable by its owner only', () => {
    const store = openJsonStore<Prefs>({ name: 'settings', cwd: dir, defaults });
    store.set('launchAtLogin', true);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('refuses to open a corrupt file instead of wiping it, so nothing the user had is lost', () => {
    const path = join(dir, 'settings.json');
    const corrupt = '{"defaultType": "DEAL", "launchAt';
    writeFileSync(path, corrupt);

    expect(() => openJsonStore<Prefs>({ name: 'settings', cwd: dir, defaults })).toThrow(SyntaxError);
    expect(readFileSync(path, 'utf8')).toBe(corrupt);
  });
});
