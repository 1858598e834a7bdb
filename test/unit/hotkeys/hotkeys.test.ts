import { describe, expect, it } from 'vitest';
import { HotkeyRegistry, hotkeyLimitation, hotkeyProblemOn } from '../../../electron/core/hotkeys/hotkeys.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';

describe('hotkeyProblemOn', () => {
  it('refuses keys the system does not have, before asking the OS', () => {
    // The accelerator is the message's parameter, for the window to write the platform's way.
    const command = hotkeyProblemOn('Command+Alt+B', 'win32');
    expect(command).toEqual({ code: 'hotkey_command_not_mac', params: { hotkey: 'Command+Alt+B' } });
    expect(say(command ?? { code: 'internal' }, 'en')).toMatch(/^Command\+Alt\+B uses Command, a key only Macs have/);
    expect(hotkeyProblemOn('Command+Alt+B', 'darwin')).toBeNull();
    expect(hotkeyProblemOn('AltGr+Control+B', 'darwin')).toMatchObject({ code: 'hotkey_altgr_mac' });
    expect(hotkeyProblemOn('CommandOrControl+Alt+B', 'linux')).toBeNull();
    expect(hotkeyProblemOn('Alt+Super+Space', 'linux')).toMatchObject({ code: 'hotkey_super_linux', params: { hotkey: 'Alt+Super+Space' } });
    expect(hotkeyProblemOn('Alt+Super+Space', 'win32')).toBeNull();
  });
});

describe('hotkeyLimitation', () => {
  it('warns on a Wayland session only', () => {
    expect(hotkeyLimitation('linux', { XDG_SESSION_TYPE: 'wayland' })).toEqual({ code: 'hotkeys_wayland' });
    expect(say({ code: 'hotkeys_wayland' }, 'en')).toMatch(/^This is a Wayland session: global hotkeys work only where/);
    expect(hotkeyLimitation('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ code: 'hotkeys_wayland' });
    expect(hotkeyLimitation('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toBeNull();
    expect(hotkeyLimitation('linux', { WAYLAND_DISPLAY: '' })).toBeNull();
    expect(hotkeyLimitation('win32', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
  });
});

describe('HotkeyRegistry', () => {
  /**
   * A shortcuts port as Electron's GlobalShortcuts portal path behaves on a Wayland session: register() answers true and
   * keeps the callback, unregister() lets go of nothing, so every chord once registered keeps calling its callback.
   */
  function portalPort() {
    const callbacks = new Map<string, (() => void)[]>();
    return {
      register: (accelerator: string, callback: () => void) => (callbacks.set(accelerator, [...(callbacks.get(accelerator) ?? []), callback]), true),
      unregister: () => undefined,
      press: (accelerator: string) => (callbacks.get(accelerator) ?? []).forEach((callback) => callback()),
    };
  }

  it('a hotkey moved to other keys no longer fires from its old ones, even where unregister lets go of nothing', () => {
    const port = portalPort();
    const fired: string[] = [];
    const registry = new HotkeyRegistry({
      port,
      platform: 'linux',
      limitation: { code: 'hotkeys_wayland' },
      actions: { openWindow: () => fired.push('open'), lookupClipboard: () => fired.push('clipboard') },
    });
    registry.apply({ openWindow: 'CommandOrControl+Alt+B', lookupClipboard: 'CommandOrControl+Alt+V' });
    port.press('CommandOrControl+Alt+B');
    expect(fired).toEqual(['open']);
    // The person swaps the two hotkeys' keys in Settings.
    registry.apply({ openWindow: 'CommandOrControl+Alt+V', lookupClipboard: 'CommandOrControl+Alt+B' });
    fired.length = 0;
    port.press('CommandOrControl+Alt+B');
    expect(fired).toEqual(['clipboard']);
    // Turned off: its keys do nothing, whatever the OS still holds.
    registry.apply({ openWindow: null, lookupClipboard: null });
    fired.length = 0;
    port.press('CommandOrControl+Alt+B');
    port.press('CommandOrControl+Alt+V');
    expect(fired).toEqual([]);
  });
});
