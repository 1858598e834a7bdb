import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATE_FILES, type StateFileName } from '../../../electron/core/app-services.ts';
import type { LookupView, Notice, ProfilesView, SettingsView } from '../../../electron/core/ipc/contract.ts';
import type { HistoryPage } from '../../../electron/core/state/history.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';
import { type Notice as BoardNotice, NoticeBoard } from '../../../electron/core/state/notices.ts';
import { ProfileStore } from '../../../electron/core/state/profiles/profile-store.ts';
import { SettingsStore } from '../../../electron/core/state/settings.ts';
import { ElectronStoreFile } from '../../../electron/shell/json-store.ts';
import { historyStore, startTestApp, stateFile, tempDir, type TestApp, testCipher, UnmovableFile, valueOf, writeRaw } from '../../support/state.ts';
import { portalFor } from '../bitrix/support.ts';

/** A notice as the person reads it (in English). */
const said = (notice: BoardNotice | undefined): string => (notice ? say(notice.message, 'en') : '');

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
  const history = historyStore(stateFile(dir, 'history'), notices);
  // As the app does once its tray is up.
  history.load();
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
    expect(said(notices[0])).toContain('history.json could not be read');
    expect(said(notices[0])).toContain(join(dir, backup ?? ''));

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
    expect(said(notices.take()[0])).toMatch(/could not be read \(EISDIR\)/);
    settings.update({ theme: 'dark' });
    expect(new SettingsStore(stateFile(dir, 'settings'), new NoticeBoard(), { osLocales: ['en'] }).get().theme).toBe('dark');
  });

  it('keeps the entries it can read, leaves out the ones it cannot, and keeps the whole original aside', () => {
    const dir = tempDir();
    const original = JSON.stringify({ schemaVersion: 1, entries: [entry(3), { id: 'broken', at: 'yesterday' }, entry(2), 42, entry(1)] });
    writeRaw(dir, 'history', original);

    const { history, notices } = openHistory(dir);
    expect(history.list().entries.map((e) => e.id)).toEqual(['id-3', 'id-2', 'id-1']);
    expect(notices.map(said)).toEqual([
      expect.stringMatching(
        new RegExp(
          String.raw`^2 items in .*history\.json could not be read and were left out\. ` +
            String.raw`A copy of the file as it was is kept at .*history\.damaged-.*\.json\. Everything readable was kept\.$`,
        ),
      ),
    ]);
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
    expect(said(notices.take()[0])).toMatch(/^2 items in .*settings\.json could not be read/);
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

  it(
    'a file from a newer version: what this version understands is used; the file is left as it is until something changes, ' +
      'and then a copy is kept for the newer one first',
    () => {
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
      const history = historyStore(stateFile(dir, 'history'), notices);
      history.record([{ ...entry(3), outcome: 'found' }]);
      // A lookup is appended to the journal beside it: the newer version's file is still as it was.
      expect(notices.take()).toEqual([]);
      expect(readFileSync(join(dir, 'history.json'), 'utf8')).toBe(v7);
      history.compact();
      expect(notices.take().map(said)).toEqual([
        expect.stringMatching(
          new RegExp(
            String.raw`^.*history\.json was written by a newer version of B24 Chat Lookup\. ` +
              String.raw`A copy of it is kept at .*history\.v7-.*\.json\. Everything readable was kept\.$`,
          ),
        ),
      ]);
      expect(readFileSync(join(dir, backupsIn(dir, 'history')[0] ?? ''), 'utf8')).toBe(v7);
      expect(openHistory(dir).history.size).toBe(2);
    },
  );

  it('a profiles file without a version number is read as it is', () => {
    const dir = tempDir();
    writeRaw(dir, 'profiles', JSON.stringify({ activeId: null, profiles: [] }));
    const notices = new NoticeBoard();
    new ProfileStore(stateFile(dir, 'profiles'), notices, {
      cipher: testCipher(),
      connect: () => {
        throw new Error('not used');
      },
    });
    expect(notices.take()).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')).schemaVersion).toBe(1);
  });

  it('a version that is not a number is treated as unreadable: kept aside, and the next start is quiet', () => {
    const dir = tempDir();
    const odd = JSON.stringify({ schemaVersion: 'two', entries: [entry(1)] });
    writeRaw(dir, 'history', odd);
    const { history, notices } = openHistory(dir);
    expect(history.size).toBe(0);
    expect(said(notices[0])).toContain('has no version this app understands');
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
    expect(notices.take().map(said)).toEqual([
      expect.stringMatching(/is from an older version of B24 Chat Lookup and could not be copied aside before updating it, so it was left untouched/),
    ]);
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
      expect(notices.take().map(said)).toEqual([expect.stringMatching(/settings\.json could not be saved \(EPERM\)/)]);
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
    const history = historyStore(new UnmovableFile('history', dir), notices);
    history.record([entry(1)]);

    expect(history.size).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe('{"entries": [');
    const [notice, ...more] = notices.take();
    expect(more).toEqual([]);
    expect(notice?.level).toBe('error');
    expect(said(notice)).toMatch(
      new RegExp(
        String.raw`history\.json could not be read \(.*\) nor copied aside, so it was left untouched\. ` +
          String.raw`It will not be saved in this session; the app tries again at its next start\.$`,
      ),
    );
  });

  it('a save that fails is told once, the data stays in memory, and saving resumes when the folder comes back', () => {
    const dir = tempDir();
    // The store's folder is a file, so every write fails with ENOTDIR.
    const blocker = writeRaw(dir, 'blocker', 'a file, not a folder');
    const notices = new NoticeBoard();
    const history = historyStore(stateFile(join(blocker, 'state'), 'history'), notices);
    history.record([entry(1)]);
    history.record([entry(2)]);
    expect(history.size).toBe(2);
    const told = notices.take();
    expect(told).toHaveLength(1);
    expect(said(told[0])).toMatch(/history\.json could not be saved \(ENOTDIR\)\. Changes are kept until the app quits/);

    rmSync(blocker);
    history.record([entry(3)]);
    expect(notices.take().map(said)).toEqual([`${join(blocker, 'state', 'history.json')} is being saved again.`]);
    expect(JSON.parse(readFileSync(join(blocker, 'state', 'history.json'), 'utf8')).entries).toHaveLength(3);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzzed files, loaded by the whole app (startTestApp builds it as main.ts does): random bytes, the app's own files cut
// short at every Nth byte, its own files with one part swapped for JSON of the wrong shape, huge numbers and deep
// nesting. Whatever the file holds, the app starts, with what could be read; a notice says what happened; and the file
// as it was is kept byte for byte in a copy before anything is written in its place.

/** What the app's own files look like after some use: two portals, changed settings, a dozen lookups. */
const originals = {} as Record<StateFileName, Buffer>;
/** The keychain those files were sealed with, so the app can open them again. */
const KEY = randomBytes(32);
const CHAT_LINK = 'https://acme.bitrix24.ru/online/?IM_DIALOG=chat7';

beforeAll(async () => {
  const [first, second] = await Promise.all([portalFor(), portalFor({ userId: 2, user: { NAME: 'Oleg', LAST_NAME: 'Sidorov' } })]);
  const dir = tempDir();
  const app = startTestApp(dir, { cipher: testCipher('os_keychain', KEY) });
  await valueOf(app.call('profilesAddWebhook', { webhookUrl: first?.webhookUrl, name: 'Acme' }));
  await valueOf(app.call('profilesAddWebhook', { webhookUrl: second?.webhookUrl, name: 'Second' }));
  await valueOf(
    app.call('settingsUpdate', {
      theme: 'dark',
      defaultType: 'DEAL',
      historyLimit: 500,
      hotkeys: { openWindow: 'CommandOrControl+Alt+K', lookupClipboard: null },
    }),
  );
  for (const text of ['LEAD|13\nD_5', 'DEAL|99999', 'hello', 'CONTACT|25\nCOMPANY|7\nQ_4', 'chat 1437', 'сделка 5\nT80_3'])
    await valueOf(app.call('lookup', { text }));
  // Lookups are appended to the history's journal; the history file is written whole every 1,000 of them.
  app.services.history.compact();
  for (const name of STATE_FILES) originals[name] = readFileSync(join(dir, `${name}.json`));
});

const copiesOf = (dir: string, name: string): string[] => readdirSync(dir).filter((file) => file.startsWith(`${name}.`) && file !== `${name}.json`);
const parsedOriginal = (name: StateFileName): Record<string, unknown> => JSON.parse(originals[name].toString('utf8')) as Record<string, unknown>;

interface Loaded {
  app: TestApp;
  dir: string;
  notices: Notice[];
  settings: SettingsView;
  profiles: ProfilesView;
  history: HistoryPage;
}

/**
 * Starts the app on the app's own files with `name` replaced by `content`, and checks what must hold whatever the
 * content: the start does not throw; the other files are untouched; if the file is no longer as it was, a copy of it
 * as it was is beside it; every copy kept because of damage is named in a notice; each notice names this file's
 * store; and the app answers. Then it changes something in every store, starts again, and checks the change was kept
 * and the second start is quiet.
 */
async function loadWith(name: StateFileName, content: Buffer): Promise<Loaded> {
  const dir = tempDir();
  for (const file of STATE_FILES) writeFileSync(join(dir, `${file}.json`), file === name ? content : originals[file]);
  let app: TestApp | undefined;
  expect(() => (app = startTestApp(dir, { cipher: testCipher('os_keychain', KEY) }))).not.toThrow();
  if (!app) throw new Error('unreachable');

  const main = join(dir, `${name}.json`);
  const now = existsSync(main) ? readFileSync(main) : null;
  const copies = copiesOf(dir, name);
  if (now === null || !now.equals(content)) {
    expect(
      copies.some((copy) => readFileSync(join(dir, copy)).equals(content)),
      `${name}: the file as it was is kept`,
    ).toBe(true);
  }
  for (const other of STATE_FILES.filter((file) => file !== name)) {
    expect(readFileSync(join(dir, `${other}.json`)).equals(originals[other]), `${other} untouched`).toBe(true);
    expect(copiesOf(dir, other)).toEqual([]);
  }
  const notices = await valueOf<Notice[]>(app.call('noticesTake'));
  for (const notice of notices) {
    // Each notice names the file it is about by its path, and says a whole sentence of it.
    expect(notice.message.params).toMatchObject({ file: join(dir, `${name}.json`) });
    expect(said(notice)).toMatch(/^\S.*\.$/s);
    for (const path of said(notice).match(new RegExp(`${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}[^ ]*\\.json`, 'g')) ?? []) {
      expect(existsSync(path), `a notice names ${path}`).toBe(true);
    }
  }
  for (const copy of copies.filter((file) => /\.(unreadable|damaged)-/.test(file))) {
    expect(
      notices.some((notice) => said(notice).includes(join(dir, copy))),
      `a notice names ${copy}`,
    ).toBe(true);
  }
  const loaded: Loaded = {
    app,
    dir,
    notices,
    settings: await valueOf<SettingsView>(app.call('settingsGet')),
    profiles: await valueOf<ProfilesView>(app.call('profilesList')),
    history: await valueOf<HistoryPage>(app.call('historyList', { limit: 500 })),
  };

  // The app goes on working with the file: a change to each store is saved, and read back at the next start.
  await valueOf(app.call('settingsUpdate', { theme: 'light' }));
  await valueOf<LookupView>(app.call('lookup', { text: CHAT_LINK }));
  const [profile] = loaded.profiles.profiles;
  if (profile) await valueOf(app.call('profilesRename', { id: profile.id, name: 'Renamed' }));
  const again = startTestApp(dir, { cipher: testCipher('os_keychain', KEY) });
  expect(await valueOf<Notice[]>(again.call('noticesTake')), `${name}: the second start is quiet`).toEqual([]);
  expect((await valueOf<SettingsView>(again.call('settingsGet'))).values.theme).toBe('light');
  expect((await valueOf<HistoryPage>(again.call('historyList', {}))).entries[0]).toMatchObject({ input: CHAT_LINK, outcome: 'found' });
  if (profile) expect((await valueOf<ProfilesView>(again.call('profilesList'))).profiles.find((p) => p.id === profile.id)?.name).toBe('Renamed');
  return loaded;
}

/** What a store holds when it started empty. */
function expectStartedEmpty(name: StateFileName, loaded: Loaded): void {
  if (name === 'settings') expect(loaded.settings.values).toMatchObject({ theme: 'system', defaultType: 'LEAD', historyLimit: 1000 });
  if (name === 'profiles') expect(loaded.profiles.profiles).toEqual([]);
  if (name === 'history') expect(loaded.history.total).toBe(0);
}

// Raw JSON text a value stands for where JSON.stringify cannot write it: numbers past a double, and deep nesting.
const RAW = '\u0000raw:';
const raw = (text: string): string => `${RAW}${text}`;
const withRaw = (value: unknown): string =>
  JSON.stringify(value).replace(/"\\u0000raw:([^"]*)"/g, (_match, text: string) => text.replace(/\\u005b/g, '[').replace(/\\u005d/g, ']'));
const deep = (depth: number): string => raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);

/** Values a state file can hold by mistake or by malice. */
const hostileJson = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 6 },
  {
    arbitrary: fc.constantFrom<unknown>(
      1e308,
      -1e308,
      5e-324,
      -0,
      2 ** 53 + 2,
      raw('1e400'),
      raw('-1e400'),
      raw('123456789012345678901234567890'),
      raw('1E-400'),
      '',
      ' ',
      '\u0000',
      '\ud800',
      'x'.repeat(100_000),
      [],
      {},
      [[]],
      null,
      true,
      JSON.parse('{"__proto__":{"polluted":true}}'),
      JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
      deep(100),
      deep(5_000),
    ),
    weight: 4,
  },
);

/** Every path in a JSON document (objects and arrays), to four levels. */
function pathsOf(value: unknown, path: (string | number)[] = [], into: (string | number)[][] = []): (string | number)[][] {
  into.push(path);
  if (path.length >= 4 || value === null || typeof value !== 'object') return into;
  for (const [key, child] of Object.entries(value)) pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key], into);
  return into;
}

/** The document with the value at `path` replaced (the root, when the path is empty). */
function replaced(document: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path.at(-1) ?? ''] = value;
  return copy;
}

/** The collection a store keeps its items in, so a swapped item can be told from the ones that must survive it. */
const COLLECTION: Record<StateFileName, string> = { settings: 'values', profiles: 'profiles', history: 'entries' };

describe('fuzzed state files, loaded by the whole app', () => {
  it.each(STATE_FILES)(
    '%s: 100 files of random bytes are kept aside byte for byte, the person is told, and the store starts empty',
    async (name) => {
      const contents = fc.sample(
        fc.oneof(
          fc.uint8Array({ maxLength: 3_000 }),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.concat([Buffer.from('{"schemaVersion":1,'), bytes])),
        ),
        { numRuns: 100, seed: 7 },
      );
      for (const bytes of contents) {
        const loaded = await loadWith(name, Buffer.from(bytes));
        expect(loaded.notices.map(said)).toEqual([
          expect.stringMatching(new RegExp(`could not be read .*A copy of it is kept at .*${name}\\.unreadable-.*The app started with it empty\\.$`)),
        ]);
        expectStartedEmpty(name, loaded);
      }
    },
    120_000,
  );

  it.each(STATE_FILES)(
    "%s: the app's own file cut short at every Nth byte (about 100 cuts) is kept aside whole, and the store starts empty",
    async (name) => {
      const whole = originals[name];
      const step = Math.ceil(whole.length / 100);
      for (let cut = 0; cut < whole.length; cut += step) {
        const loaded = await loadWith(name, whole.subarray(0, cut));
        expect(loaded.notices).toHaveLength(1);
        expect(said(loaded.notices[0])).toMatch(/could not be read \((it is not valid JSON|[A-Z]+)\)/);
        expectStartedEmpty(name, loaded);
      }
    },
    120_000,
  );

  it.each(STATE_FILES)(
    "%s: 200 of the app's own files with one part swapped for JSON of the wrong shape: what could be read is kept, and nothing is lost",
    async (name) => {
      const document = parsedOriginal(name);
      const paths = pathsOf(document);
      const swaps = fc.sample(fc.record({ path: fc.constantFrom(...paths), value: hostileJson }), { numRuns: 200, seed: 11 });
      for (const { path, value } of swaps) {
        const loaded = await loadWith(name, Buffer.from(withRaw(replaced(document, path, value))));
        // An item swapped inside the store's collection costs that item at most: every other one is still there.
        const [top, index] = path;
        if (top !== COLLECTION[name] || index === undefined) continue;
        if (name === 'history') {
          const kept = new Set(loaded.history.entries.map((entry) => entry.id));
          const others = (document.entries as { id: string }[]).filter((_entry, i) => i !== index);
          for (const entry of others) expect(kept.has(entry.id), `entry ${entry.id} kept after ${JSON.stringify(path)} was swapped`).toBe(true);
        } else if (name === 'profiles') {
          const kept = new Set(loaded.profiles.profiles.map((profile) => profile.id));
          for (const profile of (document.profiles as { id: string }[]).filter((_profile, i) => i !== index)) expect(kept.has(profile.id)).toBe(true);
        } else {
          const values = document.values as Record<string, unknown>;
          for (const setting of Object.keys(values).filter((key) => key !== index)) {
            expect(loaded.settings.values[setting as keyof SettingsView['values']], `setting ${setting} kept after ${String(index)} was swapped`).toEqual(
              values[setting],
            );
          }
        }
      }
      // No file taught the app's objects anything.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    120_000,
  );

  it('huge numbers: a value past what its field holds is left out (with a copy and a notice), and its neighbours are kept', async () => {
    const history = parsedOriginal('history') as { schemaVersion: number; entries: Record<string, unknown>[] };
    const [one, two, three, ...rest] = history.entries;
    const huge = withRaw({
      ...history,
      entries: [{ ...one, at: 1e308 }, { ...two, chatId: raw('1e400') }, { ...three, chatId: raw('123456789012345678901234567890') }, ...rest],
    });
    const loaded = await loadWith('history', Buffer.from(huge));
    expect(loaded.history.entries.map((e) => e.id)).toEqual(rest.map((e) => e.id));
    expect(loaded.notices.map(said)).toEqual([
      expect.stringMatching(/^3 items in .*history\.json could not be read and were left out\. A copy of the file as it was is kept at .*history\.damaged-/),
    ]);

    const settings = parsedOriginal('settings') as { values: Record<string, unknown> };
    const settingsLoaded = await loadWith('settings', Buffer.from(withRaw({ ...settings, values: { ...settings.values, historyLimit: raw('1e400') } })));
    expect(settingsLoaded.settings.values).toMatchObject({ theme: 'dark', defaultType: 'DEAL', historyLimit: 1000 });
    expect(settingsLoaded.notices.map(said)).toEqual([expect.stringMatching(/^1 item in .*settings\.json could not be read and was left out\./)]);

    const profiles = parsedOriginal('profiles') as { profiles: Record<string, unknown>[] };
    const [acme, second] = profiles.profiles;
    const profilesLoaded = await loadWith(
      'profiles',
      Buffer.from(withRaw({ ...profiles, profiles: [{ ...acme, userId: 1e308, checkedAt: raw('1e400') }, second] })),
    );
    expect(profilesLoaded.profiles.profiles.map((p) => p.name)).toEqual(['Second']);

    // A version no build has: unreadable, kept aside.
    const versionLoaded = await loadWith('history', Buffer.from(withRaw({ ...history, schemaVersion: raw('1e400') })));
    expect(said(versionLoaded.notices[0])).toMatch(/has no version this app understands/);
  }, 60_000);

  it.each([100, 10_000, 1_000_000])(
    'deep nesting, %i levels: the app starts, keeps what it can write back, and leaves out (with a copy and a notice) what it cannot',
    async (depth) => {
      const history = parsedOriginal('history') as { entries: unknown[] };
      const historyLoaded = await loadWith('history', Buffer.from(withRaw({ ...history, entries: [...history.entries, deep(depth)] })));
      expect(historyLoaded.history.total).toBe(history.entries.length);
      expect(historyLoaded.notices.map(said)).toEqual([expect.stringMatching(/^1 item in .*history\.json could not be read and was left out\./)]);

      // A setting this version does not know is kept for the version that wrote it, as long as it can be written back.
      const settings = parsedOriginal('settings') as { values: Record<string, unknown> };
      const settingsLoaded = await loadWith('settings', Buffer.from(withRaw({ ...settings, values: { ...settings.values, fromANewerVersion: deep(depth) } })));
      expect(settingsLoaded.settings.values).toMatchObject({ theme: 'dark', defaultType: 'DEAL', historyLimit: 500 });
      const written = JSON.parse(readFileSync(join(settingsLoaded.dir, 'settings.json'), 'utf8')) as { values: Record<string, unknown> };
      if (depth <= 100) {
        expect(settingsLoaded.notices).toEqual([]);
        expect(written.values.fromANewerVersion).toBeDefined();
      } else {
        expect(settingsLoaded.notices.map(said)).toEqual([expect.stringMatching(/^1 item in .*settings\.json could not be read and was left out\./)]);
        expect(written.values.fromANewerVersion).toBeUndefined();
      }

      const profiles = parsedOriginal('profiles') as { profiles: Record<string, unknown>[] };
      const profilesLoaded = await loadWith(
        'profiles',
        Buffer.from(withRaw({ ...profiles, profiles: [...profiles.profiles, { formerPortals: deep(depth) }] })),
      );
      expect(profilesLoaded.profiles.profiles.map((p) => p.name)).toEqual(['Acme', 'Second']);
    },
    60_000,
  );
});
