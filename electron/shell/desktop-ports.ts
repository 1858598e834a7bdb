import { app, clipboard, globalShortcut, Notification, shell } from 'electron';
import type { LoginItemPort } from '../core/app-services.ts';
import { autostartDir, autostartEntry, launchCommand, LinuxAutostart } from '../core/desktop/autostart.ts';
import { LAUNCHED_AT_LOGIN_FLAG } from '../core/desktop/command-line.ts';
import type { DesktopPorts } from '../core/desktop/desktop-actions.ts';
import type { GlobalShortcutPort } from '../core/desktop/hotkeys.ts';

/** How many notifications keep their click handler; older ones are let go (the OS has long since hidden them). */
const NOTIFICATIONS_KEPT = 20;

/**
 * The desktop ports of the core's actions over Electron: the clipboard (text only), notifications, links handed to
 * the OS, and the lookup window.
 */
export function desktopPorts(window: { show(): void; hide(): void }): DesktopPorts {
  // A notification whose JS object is collected loses its click (electron/electron#12690), so each is held here.
  const shown = new Set<Notification>();
  return {
    clipboard: { readText: () => clipboard.readText(), writeText: (text) => clipboard.writeText(text) },
    notify({ title, body }, onClick) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body, silent: true });
      notification.on('click', () => {
        shown.delete(notification);
        onClick();
      });
      notification.on('failed', () => shown.delete(notification));
      shown.add(notification);
      for (const old of shown) {
        if (shown.size <= NOTIFICATIONS_KEPT) break;
        shown.delete(old);
      }
      notification.show();
    },
    async openExternal(url) {
      // Without the Bitrix24 app, a bx: link would go nowhere (Linux's xdg-open does not even report it), so say so.
      if (url.startsWith('bx:') && app.getApplicationNameForProtocol('bx://') === '') throw new Error('No application opens bx: links.');
      await shell.openExternal(url, { activate: true });
    },
    showWindow: () => window.show(),
    hideWindow: () => window.hide(),
  };
}

/** Electron's globalShortcut as the core's hotkey registry needs it. */
export const globalShortcutPort: GlobalShortcutPort = {
  register: (accelerator, callback) => globalShortcut.register(accelerator, callback),
  unregister: (accelerator) => globalShortcut.unregister(accelerator),
};

/**
 * Launch at login: an XDG autostart entry on Linux (Electron's login items do nothing there), Electron's login items
 * on macOS (which reports a start at login itself) and Windows (where the flag in `args` tells).
 */
export function loginItemPort(): LoginItemPort {
  if (process.platform === 'linux') {
    const autostart = new LinuxAutostart(autostartDir(process.env));
    const command = launchCommand({ execPath: process.execPath, appPath: process.defaultApp ? app.getAppPath() : undefined, env: process.env });
    return {
      set: (enabled) =>
        enabled ? autostart.enable(autostartEntry({ name: 'B24 Chat Lookup', comment: 'Find the Bitrix24 chat of a CRM entity', command })) : autostart.disable(),
    };
  }
  const args = process.platform === 'win32' ? [LAUNCHED_AT_LOGIN_FLAG] : [];
  return {
    set(enabled) {
      app.setLoginItemSettings({ openAtLogin: enabled, args });
      if (process.platform === 'darwin' && enabled && app.getLoginItemSettings().status === 'requires-approval') {
        throw new Error('macOS asks you to allow it in System Settings → General → Login Items');
      }
    },
  };
}
