import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../electron/core/state/history.ts';
import { NoticeBoard } from '../../../electron/core/state/notices.ts';
import { ProfileStore } from '../../../electron/core/state/profiles.ts';
import { SettingsStore } from '../../../electron/core/state/settings.ts';
import { ElectronStoreFile } from '../../../electron/shell/json-store.ts';
import { stateFile, tempDir, testCipher, UnmovableFile, writeRaw } from '../../support/state.ts';

// Every way a state file can be found on disk, through the real electron-store: whatever it holds, the user's data
// is either read or kept in a copy beside it, the person is told once, and the app goes on working.

const backupsIn = (dir: string, name: string): string[] => readdirSync(dir).filter((file) => file.startsWith(`${name}.`) && file !== `${name}.json`);

const entry = (n: number) => ({
  id: `id-${n}`,
  at: 1_700_000_000_000 + n,
  input: `LEAD|${n}`,
  outcome: 'found' as const,
  entityType: 'CRM',
  entityId: `LEAD|${n}`,
  label: `lead ${n}`,
  chatId: 1000 + n,
  portal: 'https://acme.bitrix24.ru',
  code: null,
  message: null,
});

function openHistory(dir: string) {
  const notices = new NoticeBoard();
  const history = new HistoryStore(stateFile(dir, 'history'), notices);
  return { history, notices: notices.take() };
}

describe('a damaged state file', () => {
  const damaged: [string, string | Buffer][] = [
    ['truncated mid-write', `{"schemaVersion":1,"entries":[${JSON.stringify(entry(1))},{"id":"id-2","at":17`],
    ['random bytes', randomBytes(4096)],
    ['empty', ''],
    ['a JSON array instead of an object', JSON.stringify([entry(1)])],
  ];

  it.each(damaged)('%s: is kept aside byte for byte, the person is told once, and history starts empty and works', (_name, content) => {
    const dir = tempDir();
    writeRaw(dir, 'history', content);

    const { history, notices } = openHistory(dir);
    expect(history.size).toBe(0);
    const [backup, ...more] = backupsIn(dir, 'history');
    expect(more).toEqual([]);
    expect(readFileSync(join(dir, backup ?? 'missing'))).toEqual(Buffer.from(content));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.level).toBe('warning');
    expect(notices[0]?.message).toContain('Your history file could not be read');
    expect(notices[0]?.message).toContain(join(dir, backup ?? ''));

    history.record([{ ...entry(9), outcome: 'found' }]);
    const restarted = openHistory(dir);
    expect(restarted.history.size).toBe(1);
    expect(restarted.notices).toEqual([]);
    expect(backupsIn(dir, 'history')).toHaveLength(1);
  });

  it('a folder in the place of the file: moved aside whole, and settings start from the defaults', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'settings.json'));
    writeRaw(join(dir, 'settings.json'), 'inside', 'kept');
    const notices = new NoticeBoard();
    const settings = new SettingsStore(stateFile(dir, 'settings'), notices, { osLocales: ['en'] });
    expect(settings.get().theme).toBe('system');
    const [backup] = backupsIn(dir, 'settings');
    expect(readFileSync(join(dir, backup ?? '', 'inside.json'), 'utf8')).toBe('kept');
    expect(notices.take()[0]?.message).toMatch(/could not be read \(EISDIR\)/);
    settings.update({ theme: 'dark' });
    expect(new SettingsStore(stateFile(dir, 'settings'), new NoticeBoard(), { osLocales: ['en'] }).get().theme).toBe('dark');
  });

  it('keeps the entries it can read, leaves out the ones it cannot, and keeps the whole original aside', () => {
    const dir = tempDir();
    const original = JSON.stringify({ schemaVersion: 1, entries: [entry(3), { id: 'broken', at: 'yesterday' }, entry(2), 42, entry(1)] });
    writeRaw(dir, 'history', original);

    const { history, notices } = openHistory(dir);
    expect(history.list().entries.map((e) => e.id)).toEqual(['id-3', 'id-2', 'id-1']);
    expect(notices.map((n) => n.message)).toEqual([expect.stringMatching(/^2 items in your history file could not be read and were left out\. A copy of it as it was is kept at .*history\.damaged-.*\.json\. Everything readable was kept\.$/)]);
    const [backup] = backupsIn(dir, 'history');
    expect(readFileSync(join(dir, backup ?? ''), 'utf8')).toBe(original);
    // The file now holds only what was kept, so the next start is quiet.
    expect(openHistory(dir).notices).toEqual([]);
  });

  it('a settings value this version cannot read is dropped back to its default; the others stay', () => {
    const dir = tempDir();
    writeRaw(dir, 'settings', JSON.stringify({ schemaVersion: 1, values: { theme: 'dark', historyLimit: -5, language: 'klingon' } }));
    const notices = new NoticeBoard();
    const settings = new SettingsStore(stateFile(dir, 'settings'), notices, { osLocales: ['ru-RU'] });
    expect(settings.get()).toMatchObject({ theme: 'dark', historyLimit: 1000, language: 'ru' });
    expect(notices.take()[0]?.message).toMatch(/^2 items in your settings file could not be read/);
  });
});

describe('a file from another schema version', () => {
  it('an older (version 0) settings file is migrated, and the original is kept quietly for an older build', () => {
    const dir = tempDir();
    const v0 = JSON.stringify({ defaultType: 'DEAL', launchAtLogin: true });
    writeRaw(dir, 'settings', v0);
    const notices = new NoticeBoard();
    const settings = new SettingsStore(stateFile(dir, 'settings'), notices, { osLocales: ['en'] });

    expect(settings.get()).toMatchObject({ defaultType: 'DEAL', launchAtLogin: true, theme: 'system' });
    expect(notices.take()).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ schemaVersion: 1, values: { defaultType: 'DEAL', launchAtLogin: true } });
    const [backup] = backupsIn(dir, 'settings');
    expect(backup).toMatch(/^settings\.v0-/);
    expect(readFileSync(join(dir, backup ?? ''), 'utf8')).toBe(v0);
  });

  it('an older history file without a version keeps every entry', () => {
    const dir = tempDir();
    writeRaw(dir, 'history', JSON.stringify({ entries: [entry(2), entry(1)] }));
    const { history, notices } = openHistory(dir);
    expect(history.list().entries.map((e) => e.id)).toEqual(['id-2', 'id-1']);
    expect(notices).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('a file from a newer version: what this version understands is used; the file is left as it is until something changes, and then a copy is kept for the newer one first', () => {
    const dir = tempDir();
    const v7 = JSON.stringify({ schemaVersion: 7, entries: [entry(1), { ...entry(2), outcome: 'teleported' }], pinned: ['id-1'] });
    writeRaw(dir, 'history', v7);
    for (let start = 0; start < 2; start += 1) {
      const { history, notices } = openHistory(dir);
      expect(history.list().entries.map((e) => e.id)).toEqual(['id-1']);
      expect(notices).toEqual([]);
      expect(readFileSync(join(dir, 'history.json'), 'utf8')).toBe(v7);
    }
    expect(backupsIn(dir, 'history')).toEqual([]);

    const notices = new NoticeBoard();
    const history = new HistoryStore(stateFile(dir, 'history'), notices);
    history.record([{ ...entry(3), outcome: 'found' }]);
    expect(notices.take().map((n) => n.message)).toEqual([
      expect.stringMatching(/^Your history file was written by a newer version of B24 Chat Lookup\. A copy of it is kept at .*history\.v7-.*\.json\. Everything readable was kept\.$/),
    ]);
    expect(readFileSync(join(dir, backupsIn(dir, 'history')[0] ?? ''), 'utf8')).toBe(v7);
    expect(openHistory(dir).history.size).toBe(2);
  });

  it('a profiles file without a version number is read as it is', () => {
    const dir = tempDir();
    writeRaw(dir, 'profiles', JSON.stringify({ activeId: null, profiles: [] }));
    const notices = new NoticeBoard();
    new ProfileStore(stateFile(dir, 'profiles'), notices, { cipher: testCipher(), connect: () => { throw new Error('not used'); } });
    expect(notices.take()).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('a version that is not a number is treated as unreadable: kept aside, and the next start is quiet', () => {
    const dir = tempDir();
    const odd = JSON.stringify({ schemaVersion: 'two', entries: [entry(1)] });
    writeRaw(dir, 'history', odd);
    const { history, notices } = openHistory(dir);
    expect(history.size).toBe(0);
    expect(notices[0]?.message).toContain('has no version this app understands');
    expect(readFileSync(join(dir, backupsIn(dir, 'history')[0] ?? ''), 'utf8')).toBe(odd);
    expect(openHistory(dir).notices).toEqual([]);
    expect(backupsIn(dir, 'history')).toHaveLength(1);
  });

  it('an older file that cannot be copied aside is not migrated in place: its data is used from memory, and the person told', () => {
    const dir = tempDir();
    const v0 = JSON.stringify({ defaultType: 'DEAL' });
    const path = writeRaw(dir, 'settings', v0);
    const notices = new NoticeBoard();
    const settings = new SettingsStore(new UnmovableFile('settings', dir), notices, { osLocales: ['en'] });
    expect(settings.get().defaultType).toBe('DEAL');
    settings.update({ theme: 'dark' });
    expect(readFileSync(path, 'utf8')).toBe(v0);
    expect(notices.take().map((n) => n.message)).toEqual([expect.stringMatching(/is from an older version of B24 Chat Lookup and could not be copied aside before updating it, so it was left untouched/)]);
  });

  it('when the rewrite after a copy fails, the copy is removed again: no pile of copies on every start', () => {
    const dir = tempDir();
    class ReadOnlyFile extends ElectronStoreFile {
      override write(): void {
        throw Object.assign(new Error('read-only file'), { code: 'EPERM' });
      }
    }
    const v0 = JSON.stringify({ defaultType: 'DEAL' });
    writeRaw(dir, 'settings', v0);
    for (let start = 0; start < 3; start += 1) {
      const notices = new NoticeBoard();
      expect(new SettingsStore(new ReadOnlyFile('settings', dir), notices, { osLocales: ['en'] }).get().defaultType).toBe('DEAL');
      expect(notices.take().map((n) => n.message)).toEqual([expect.stringMatching(/^Your settings could not be saved to .* \(EPERM\)/)]);
    }
    expect(backupsIn(dir, 'settings')).toEqual([]);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(v0);
  });

  it('copies made one after another get names of their own, never one over another', () => {
    const dir = tempDir();
    const file = stateFile(dir, 'settings');
    file.write({ values: {} });
    file.read();
    const copies = Array.from({ length: 5 }, () => file.backUp('v0'));
    expect(new Set(copies).size).toBe(5);
  });

  it('a byte-order mark at the start (as Notepad saves one) is not damage', () => {
    const dir = tempDir();
    writeRaw(dir, 'settings', `\uFEFF${JSON.stringify({ schemaVersion: 1, values: { theme: 'dark' } })}`);
    const notices = new NoticeBoard();
    expect(new SettingsStore(stateFile(dir, 'settings'), notices, { osLocales: ['en'] }).get().theme).toBe('dark');
    expect(notices.take()).toEqual([]);
  });
});

describe('a file that can be neither read nor moved, or written', () => {
  it('an unreadable file that cannot be kept aside is left untouched, and the app runs from memory, saying so', () => {
    const dir = tempDir();
    const path = writeRaw(dir, 'history', '{"entries": [');
    const notices = new NoticeBoard();
    const history = new HistoryStore(new UnmovableFile('history', dir), notices);
    history.record([entry(1)]);

    expect(history.size).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe('{"entries": [');
    const [notice, ...more] = notices.take();
    expect(more).toEqual([]);
    expect(notice?.level).toBe('error');
    expect(notice?.message).toMatch(/could not be copied aside either, so it was left untouched at .*history\.json\. Your history will not be saved in this session; the app tries again at its next start\.$/);
  });

  it('a save that fails is told once, the data stays in memory, and saving resumes when the folder comes back', () => {
    const dir = tempDir();
    // The store's folder is a file, so every write fails with ENOTDIR.
    const blocker = writeRaw(dir, 'blocker', 'a file, not a folder');
    const notices = new NoticeBoard();
    const history = new HistoryStore(stateFile(join(blocker, 'state'), 'history'), notices);
    history.record([entry(1)]);
    history.record([entry(2)]);
    expect(history.size).toBe(2);
    const told = notices.take();
    expect(told).toHaveLength(1);
    expect(told[0]?.message).toMatch(/^Your history could not be saved to .*history\.json \(ENOTDIR\)\. Changes are kept until the app quits/);

    rmSync(blocker);
    history.record([entry(3)]);
    expect(notices.take().map((n) => n.message)).toEqual(['Your history is being saved again.']);
    expect(JSON.parse(readFileSync(join(blocker, 'state', 'history.json'), 'utf8')).entries).toHaveLength(3);
  });
});
