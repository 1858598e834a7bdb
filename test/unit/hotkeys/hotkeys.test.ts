import { describe, expect, it } from 'vitest';
import { hotkeyLimitation, hotkeyProblemOn } from '../../../electron/core/hotkeys/hotkeys.ts';

describe('hotkeyProblemOn', () => {
  it('refuses keys the system does not have, before asking the OS', () => {
    expect(hotkeyProblemOn('Command+Alt+B', 'win32')).toMatch(/^Command\+Alt\+B uses Command, a key only Macs have/);
    expect(hotkeyProblemOn('Command+Alt+B', 'darwin')).toBeNull();
    expect(hotkeyProblemOn('AltGr+Control+B', 'darwin')).toMatch(/Macs do not have/);
    expect(hotkeyProblemOn('CommandOrControl+Alt+B', 'linux')).toBeNull();
    expect(hotkeyProblemOn('Alt+Super+Space', 'linux')).toMatch(/Super key, which Linux desktops keep/);
    expect(hotkeyProblemOn('Alt+Super+Space', 'win32')).toBeNull();
  });
});

describe('hotkeyLimitation', () => {
  it('warns on a Wayland session only', () => {
    expect(hotkeyLimitation('linux', { XDG_SESSION_TYPE: 'wayland' })).toMatch(/^This is a Wayland session: global hotkeys work only where/);
    expect(hotkeyLimitation('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toMatch(/Wayland/);
    expect(hotkeyLimitation('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toBeNull();
    expect(hotkeyLimitation('linux', { WAYLAND_DISPLAY: '' })).toBeNull();
    expect(hotkeyLimitation('win32', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
  });
});
