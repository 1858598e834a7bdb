import { describe, expect, it } from 'vitest';
import { systemUsesLightTheme, trayIconName, trayMenu, trayTooltip } from '../../../electron/core/tray/tray.ts';
import { defaultSettings } from '../../../electron/core/state/settings.ts';

const light = { darkColors: false, darkSystemUi: false, currentDesktop: undefined };
const active = (accelerator: string) => ({ accelerator, status: 'active' as const, message: null });
const hotkeys = { openWindow: active('CommandOrControl+Alt+B'), lookupClipboard: active('CommandOrControl+Alt+V'), limitation: null };

describe('trayMenu', () => {
  it('offers look up, open, history, settings, launch at login and quit, with the hotkeys shown', () => {
    const menu = trayMenu({ ...defaultSettings(['en-US']), launchAtLogin: true }, hotkeys);
    expect(menu).toEqual([
      { kind: 'item', command: 'lookupClipboard', label: 'Look Up Clipboard', accelerator: 'CommandOrControl+Alt+V' },
      { kind: 'item', command: 'open', label: 'Open B24 Chat Lookup', accelerator: 'CommandOrControl+Alt+B' },
      { kind: 'item', command: 'history', label: 'History…' },
      { kind: 'item', command: 'settings', label: 'Settings…' },
      { kind: 'separator' },
      { kind: 'item', command: 'launchAtLogin', label: 'Launch at Login', checked: true },
      { kind: 'separator' },
      { kind: 'item', command: 'quit', label: 'Quit B24 Chat Lookup' },
    ]);
  });

  it('speaks Russian, and shows no hotkey that is off or could not be registered', () => {
    const states = {
      openWindow: {
        accelerator: 'CommandOrControl+Alt+B',
        status: 'unavailable' as const,
        message: { code: 'hotkey_taken', params: { hotkey: 'CommandOrControl+Alt+B' } } as const,
      },
      lookupClipboard: active('Control+Shift+F13'),
      limitation: null,
    };
    const menu = trayMenu(defaultSettings(['ru-RU']), states);
    expect(menu[0]).toEqual({ kind: 'item', command: 'lookupClipboard', label: 'Найти чат из буфера обмена', accelerator: 'Control+Shift+F13' });
    expect(menu[1]).toEqual({ kind: 'item', command: 'open', label: 'Открыть B24 Chat Lookup' });
    expect(trayMenu(defaultSettings(['en']), { ...states, lookupClipboard: { accelerator: null, status: 'off', message: null } })[0]).not.toHaveProperty(
      'accelerator',
    );
    expect(menu.at(-1)).toMatchObject({ label: 'Выйти из B24 Chat Lookup' });
    expect(trayTooltip('ru')).toMatch(/^B24 Chat Lookup: /);
  });
});

describe('trayIconName', () => {
  it('uses the template image on macOS, whatever the theme', () => {
    expect(trayIconName('darwin', { ...light, darkColors: true })).toBe('trayTemplate');
  });

  it('follows the Windows taskbar, which can be dark while apps are light', () => {
    expect(trayIconName('win32', { ...light, darkSystemUi: true })).toBe('tray-light');
    expect(trayIconName('win32', { ...light, darkColors: true })).toBe('tray-dark');
  });

  it("puts a light glyph on GNOME's always-dark top bar and follows the theme on other Linux desktops", () => {
    expect(trayIconName('linux', { ...light, currentDesktop: 'ubuntu:GNOME' })).toBe('tray-light');
    expect(trayIconName('linux', { ...light, currentDesktop: 'KDE' })).toBe('tray-dark');
    expect(trayIconName('linux', { ...light, darkColors: true, currentDesktop: 'KDE' })).toBe('tray-light');
  });
});

describe('systemUsesLightTheme', () => {
  it('reads the Windows taskbar theme from reg query', () => {
    const output = (value: string) =>
      `\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize\r\n    SystemUsesLightTheme    REG_DWORD    ${value}\r\n\r\n`;
    expect(systemUsesLightTheme(output('0x0'))).toBe(false);
    expect(systemUsesLightTheme(output('0x1'))).toBe(true);
    expect(systemUsesLightTheme('ERROR: The system was unable to find the specified registry key or value.')).toBeUndefined();
  });
});
