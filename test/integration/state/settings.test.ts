import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NoticeBoard } from '../../../electron/core/state/notices.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';
import { SETTING_REFUSALS, SettingsStore } from '../../../electron/core/state/settings.ts';
import type { UserError } from '../../../electron/core/user-error.ts';
import { refusalOf, stateFile, tempDir, writeRaw } from '../../support/state.ts';

const open = (dir: string, osLocales = ['en-US']) => new SettingsStore(stateFile(dir, 'settings'), new NoticeBoard(), { osLocales });

describe('SettingsStore', () => {
  it('tells listeners which values changed, apart from all the update named', () => {
    const store = open(tempDir());
    const heard: [string[], string[]][] = [];
    store.onChange((_settings, changed, named) => heard.push([Object.keys(changed).sort(), Object.keys(named).sort()]));
    store.update({ theme: 'dark', launchAtLogin: false, hotkeys: { openWindow: 'CommandOrControl+Alt+B', lookupClipboard: 'ctrl+alt+j' } });
    store.update({ theme: 'dark', historyLimit: 1_000 });
    expect(heard).toEqual([
      [
        ['hotkeys', 'theme'],
        ['hotkeys', 'launchAtLogin', 'theme'],
      ],
      [[], ['historyLimit', 'theme']],
    ]);
  });

  it('starts with the defaults, the language from the OS, and writes no file until something changes', () => {
    const dir = tempDir();
    expect(open(dir, ['ru-RU', 'en-US']).get()).toEqual({
      hotkeys: { openWindow: 'CommandOrControl+Alt+B', lookupClipboard: 'CommandOrControl+Alt+V' },
      defaultType: 'LEAD',
      launchAtLogin: false,
      theme: 'system',
      language: 'ru',
      historyLimit: 1000,
      openChatIn: 'browser',
      // New versions are looked for, among the releases only, until the person says otherwise.
      updateChecks: true,
      updateChannel: 'latest',
    });
    expect(stateFile(dir, 'settings').read()).toEqual({ kind: 'missing' });
  });

  it.each(['cs-CZ', 'sk', 'hu-HU'])('on a %s system the hotkeys start with Shift added, so Windows keeps AltGr+V (the @ there) for typing', (locale) => {
    const { hotkeys } = open(tempDir(), [locale, 'en-US']).get();
    expect(hotkeys).toEqual({ openWindow: 'CommandOrControl+Alt+Shift+B', lookupClipboard: 'CommandOrControl+Alt+Shift+V' });
  });

  it('keeps every changed setting across a restart, in canonical form', () => {
    const dir = tempDir();
    const settings = open(dir);
    settings.update({
      hotkeys: { openWindow: 'ctrl+shift+space', lookupClipboard: null },
      defaultType: 'сделка',
      launchAtLogin: true,
      theme: 'dark',
      language: 'ru',
      historyLimit: 250,
      openChatIn: 'desktop',
      updateChecks: false,
      updateChannel: 'beta',
    });
    const restarted = open(dir, ['en-US']);
    expect(restarted.get()).toEqual({
      hotkeys: { openWindow: 'Control+Shift+Space', lookupClipboard: null },
      defaultType: 'DEAL',
      launchAtLogin: true,
      theme: 'dark',
      language: 'ru',
      historyLimit: 250,
      openChatIn: 'desktop',
      updateChecks: false,
      updateChannel: 'beta',
    });
  });

  it('a setting left alone follows the OS: the language changes with it until the person picks one', () => {
    const dir = tempDir();
    open(dir, ['en-US']).update({ theme: 'light' });
    expect(open(dir, ['ru-RU']).get().language).toBe('ru');
  });

  it.each([
    [{ theme: 'purple' }, 'The theme is one of system, light, and dark.'],
    [{ historyLimit: -1 }, 'The history size is at least 0 (0 keeps no history).'],
    [{ historyLimit: 2.5 }, 'The history size is a whole number of lookups.'],
    [{ historyLimit: 1e9 }, 'The history size is at most 100,000 lookups.'],
    [{ launchAtLogin: 'yes' }, 'Launch at login is true or false.'],
    [{ defaultType: 'banana' }, /^"banana" is not a type\. Use LEAD, DEAL/],
    [{ hotkeys: { openWindow: 'B', lookupClipboard: null } }, /^"B" would take a key away from typing/],
    [{ hotkeys: { openWindow: 'Ctrl+Alt+J' } }, /^Hotkeys are \{ openWindow, lookupClipboard \}, each a hotkey or null\.$/],
    [{ hotkeys: { openWindow: 'Ctrl+V', lookupClipboard: null } }, /^"Ctrl\+V" is a shortcut other programs or the system use/],
    [
      { hotkeys: { openWindow: 'Ctrl+Alt+B', lookupClipboard: 'control+alt+b' } },
      'Control+Alt+B and Control+Alt+B are the same keys; one cannot both open the window and look up the clipboard.',
    ],
    [{ openChatIn: 'telegram' }, 'A found chat opens in the "browser" or the Bitrix24 "desktop" app.'],
    [{ fontSize: 14 }, /^There is no setting named "fontSize"; settings are hotkeys, defaultType/],
  ])('refuses %j with a message naming the setting, and stores nothing', async (patch, message) => {
    const dir = tempDir();
    const settings = open(dir);
    settings.update({ theme: 'dark' });
    const before = readFileSync(stateFile(dir, 'settings').path, 'utf8');
    const error = await refusalOf(() => settings.update({ language: 'ru', ...patch }));
    // A code of the settings' refusals, said from the catalog (the sentence names the setting).
    expect(SETTING_REFUSALS as readonly string[]).toContain(error.code);
    const said = say((error as UserError).refusal, 'en');
    if (typeof message === 'string') expect(said).toBe(message);
    else expect(said).toMatch(message);
    expect(readFileSync(stateFile(dir, 'settings').path, 'utf8')).toBe(before);
    expect(settings.get().language).toBe('en');
  });

  it.each([[null], [[]], ['theme=dark'], [5]])('refuses a change that is not a set of named settings (%j)', async (patch) => {
    const error = await refusalOf(() => open(tempDir()).update(patch));
    expect(error.code).toBe('settings_change_shape');
    expect(say((error as UserError).refusal, 'en')).toBe('A settings change names the settings to change, for example { "theme": "dark" }.');
  });

  it('refuses two hotkeys that are the same keys under different names', async () => {
    const error = await refusalOf(() => open(tempDir()).update({ hotkeys: { openWindow: 'CmdOrCtrl+Alt+B', lookupClipboard: 'Control+Option+B' } }));
    expect((error as UserError).refusal).toEqual({ code: 'hotkeys_same_keys', params: { first: 'CommandOrControl+Alt+B', second: 'Control+Option+B' } });
    expect(say((error as UserError).refusal, 'en')).toBe(
      'CommandOrControl+Alt+B and Control+Option+B are the same keys; one cannot both open the window and look up the clipboard.',
    );
  });

  it('a file that already holds clashing hotkeys does not block changing anything else', () => {
    const dir = tempDir();
    writeRaw(dir, 'settings', JSON.stringify({ schemaVersion: 1, values: { hotkeys: { openWindow: 'Control+Alt+B', lookupClipboard: 'ctrl+alt+b' } } }));
    expect(open(dir).update({ theme: 'dark' }).theme).toBe('dark');
  });

  it("keeps settings this version does not know (a newer version's) and writes them back unchanged", () => {
    const dir = tempDir();
    writeRaw(dir, 'settings', JSON.stringify({ schemaVersion: 1, values: { compactMode: true, theme: 'light' } }));
    const notices = new NoticeBoard();
    const settings = new SettingsStore(stateFile(dir, 'settings'), notices, { osLocales: ['en'] });
    settings.update({ theme: 'dark' });
    expect(notices.take()).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile(dir, 'settings').path, 'utf8')).values).toEqual({ compactMode: true, theme: 'dark' });
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a file holding a setting named %s opens (the name is kept as unknown)', (name) => {
    const dir = tempDir();
    writeRaw(dir, 'settings', `{"schemaVersion":1,"values":{"${name}":"x","theme":"dark"}}`);
    expect(open(dir).get().theme).toBe('dark');
  });

  it('tells listeners about every change', () => {
    const settings = open(tempDir());
    const seen: string[] = [];
    settings.onChange((values) => seen.push(values.theme));
    settings.update({ theme: 'dark' });
    settings.update({ theme: 'light' });
    expect(seen).toEqual(['dark', 'light']);
  });
});
