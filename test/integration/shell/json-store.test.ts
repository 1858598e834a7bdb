import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as fakeElectron from '../../fakes/electron.ts';
import { stateFile, tempDir, writeRaw } from '../../support/state.ts';

// The real electron-store (and conf beneath it) writing real files; only `electron` itself is the fake from
// test/fakes/electron.ts, aliased in vite.config.ts.

describe('ElectronStoreFile', () => {
  it('reads a missing file as missing, and what it wrote back after a restart', () => {
    const dir = tempDir();
    expect(stateFile(dir, 'settings').read()).toEqual({ kind: 'missing' });
    stateFile(dir, 'settings').write({ schemaVersion: 1, values: { theme: 'dark' } });

    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ schemaVersion: 1, values: { theme: 'dark' } });
    expect(stateFile(dir, 'settings').read()).toEqual({ kind: 'data', data: { schemaVersion: 1, values: { theme: 'dark' } } });
  });

  it.skipIf(process.platform === 'win32')('keeps the file and its backups readable by their owner only (Windows has no such mode bits)', () => {
    const dir = tempDir();
    const file = stateFile(dir, 'history');
    file.write({ entries: [] });
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    const copy = file.backUp('v0');
    expect(statSync(copy).mode & 0o777).toBe(0o600);

    // A damaged file someone left world-readable is moved aside owner-only too.
    const damaged = writeRaw(dir, 'profiles', '{"profiles": [');
    chmodSync(damaged, 0o644);
    const profiles = stateFile(dir, 'profiles');
    expect(profiles.read().kind).toBe('unreadable');
    expect(statSync(profiles.backUp('unreadable')).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['a truncated file', '{"schemaVersion":1,"values":{"theme":"da', 'it is not valid JSON'],
    ['an empty file', '', 'it is not valid JSON'],
    ['a JSON array', '[1,2,3]', 'it is not a JSON object'],
    ['a JSON string', '"hello"', 'it is not a JSON object'],
  ])('reports %s as unreadable without changing a byte of it or quoting it', (_name, content, reason) => {
    const dir = tempDir();
    const path = writeRaw(dir, 'settings', content);
    expect(stateFile(dir, 'settings').read()).toEqual({ kind: 'unreadable', reason });
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('moves an unreadable file aside, so a fresh one can be written in its place', () => {
    const dir = tempDir();
    writeRaw(dir, 'history', '{"entries": [');
    const file = stateFile(dir, 'history');
    expect(file.read().kind).toBe('unreadable');
    const copy = file.backUp('unreadable');

    expect(copy).toMatch(/history\.unreadable-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
    expect(readFileSync(copy, 'utf8')).toBe('{"entries": [');
    file.write({ schemaVersion: 1, entries: [] });
    expect(stateFile(dir, 'history').read()).toEqual({ kind: 'data', data: { schemaVersion: 1, entries: [] } });
  });

  it('copies a readable file aside and leaves the original in place', () => {
    const dir = tempDir();
    const file = stateFile(dir, 'settings');
    file.write({ values: { theme: 'dark' } });
    expect(file.read().kind).toBe('data');
    const copy = file.backUp('v0');
    expect(JSON.parse(readFileSync(copy, 'utf8'))).toEqual({ values: { theme: 'dark' } });
    expect(existsSync(file.path)).toBe(true);
  });

  it('reports a folder where the file should be as unreadable, and moves it aside whole', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'profiles.json'));
    const file = stateFile(dir, 'profiles');
    expect(file.read()).toEqual({ kind: 'unreadable', reason: 'EISDIR' });
    const copy = file.backUp('unreadable');
    expect(statSync(copy).isDirectory()).toBe(true);
    file.write({ profiles: [] });
    expect(readdirSync(dir).sort()).toEqual([`profiles.json`, copy.slice(dir.length + 1)].sort());
  });

  it("closes electron-store's own IPC channel, which answers any sender", async () => {
    // The alias in vite.config.ts makes this the same module electron-store imports.
    const { ipcListeners } = (await import('electron')) as unknown as typeof fakeElectron;
    stateFile(tempDir(), 'settings').write({ values: {} });
    expect(ipcListeners.has('electron-store-get-data')).toBe(false);
  });

  it('replaces the file atomically: a reader polling it meanwhile never sees half a document, nor none', async () => {
    const dir = tempDir();
    const file = stateFile(dir, 'history');
    const stop = join(dir, 'stop');
    const big = (n: number) => ({ schemaVersion: 1, entries: Array.from({ length: 3_000 }, (_, i) => ({ n, i, text: 'x'.repeat(40) })) });
    file.write(big(0));
    // Another process reads the file as fast as it can while this one rewrites it 100 times; every read must parse.
    const reader = spawn(process.execPath, [
      '-e',
      `const fs=require('fs');let bad=0,reads=0;console.log('ready');` +
        `while(!fs.existsSync(${JSON.stringify(stop)})){try{JSON.parse(fs.readFileSync(${JSON.stringify(file.path)},'utf8'));reads++}catch(e){bad++}}` +
        `console.log(JSON.stringify({bad,reads}))`,
    ]);
    const lines: string[] = [];
    reader.stdout.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const done = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    while (!lines.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 5));
    for (let n = 1; n <= 100; n += 1) {
      file.write(big(n));
      await new Promise((resolve) => setImmediate(resolve));
    }
    writeFileSync(stop, '');
    await done;
    const { bad, reads } = JSON.parse(lines.at(-1) ?? '{}') as { bad: number; reads: number };
    expect(reads).toBeGreaterThan(0);
    expect(bad).toBe(0);
  }, 30_000);
});
