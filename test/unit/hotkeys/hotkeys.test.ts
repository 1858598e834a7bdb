import { describe, expect, it } from 'vitest';
import { hotkeyLimitation, hotkeyProblemOn } from '../../../electron/core/hotkeys/hotkeys.ts';
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
