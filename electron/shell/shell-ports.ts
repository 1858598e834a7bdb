import { app, clipboard, globalShortcut, Notification, shell } from 'electron';
import type { ShellPorts, LoginItemPort } from '../core/app-services.ts';
import { autostartDir, autostartEntry, launchCommand, LinuxAutostart } from '../core/launch/autostart.ts';
import { LAUNCHED_AT_LOGIN_FLAG } from '../core/launch/command-line.ts';
import type { GlobalShortcutPort } from '../core/hotkeys/hotkeys.ts';
import { isOpenableLink } from '../core/links/link-policy.ts';

/** How many notifications keep their click handler; older ones are let go (the OS has long since hidden them). */
const NOTIFICATIONS_KEPT = 20;

/** The window as the shell ports need it (shell/lookup-window.ts). */
export interface PortWindow {
  show(): void;
  hide(): void;
  isShown(): boolean;
  pageListening(): boolean;
  /** Shows the window and resolves once it has the focus. */
  focused(): Promise<void>;
}

// libnotify shows a notification's text as markup where the notification service supports it (KDE, dunst, mako):
// a copied `<a href=…>` would become a link there. The text is escaped to stay text.
const escapeMarkup = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The shell ports of the core's actions over Electron: the clipboard (text only), notifications, links handed to
 * the OS, and the lookup window. `wayland`: the clipboard is read and written with the window focused (see focused()).
 */
export function shellPorts(window: PortWindow, { wayland, allowLocalPortals }: { wayland: boolean; allowLocalPortals: boolean }): ShellPorts {
  // A notification whose JS object is collected loses its click (electron/electron#12690), so each is held here.
  const shown = new Set<Notification>();
  const ready = (): Promise<void> => (wayland ? window.focused() : Promise.resolve());
  return {
    clipboard: {
      readText: async () => (await ready(), clipboard.readText()),
      writeText: async (text) => (await ready(), clipboard.writeText(text)),
    },
    notify({ title, body }, onClick, onFailed) {
      if (!Notification.isSupported()) {
        onFailed();
        return;
      }
      const markup = process.platform === 'linux' ? escapeMarkup : (text: string) => text;
      const notification = new Notification({ title: markup(title), body: markup(body), silent: true });
      notification.on('click', () => {
        shown.delete(notification);
        onClick();
      });
      // An unsigned macOS build, or Windows without the installer's Start-menu shortcut, shows nothing.
      notification.on('failed', () => {
        shown.delete(notification);
        onFailed();
      });
      shown.add(notification);
      for (const old of shown) {
        if (shown.size <= NOTIFICATIONS_KEPT) break;
        shown.delete(old);
      }
      notification.show();
    },
    async openExternal(url) {
      // The last gate before the OS: only a chat link of the exact shape the core builds leaves the app.
      if (!isOpenableLink(url, { allowLocalPortals }))
        throw new Error("Not a link the app opens (a chat, an entity page, a portal's sign-in page or the releases page).");
      // Without the Bitrix24 app, a bx: link would go nowhere (Linux's xdg-open does not even report it), so say so.
      if (url.startsWith('bx:') && app.getApplicationNameForProtocol('bx://') === '') throw new Error('No application opens bx: links.');
      await shell.openExternal(url, { activate: true });
    },
    showWindow: () => window.show(),
    hideWindow: () => window.hide(),
    windowShown: () => window.isShown(),
    pageListening: () => window.pageListening(),
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
  // Unpackaged, the program is Electron and the app is its folder.
  const appPath = process.defaultApp ? app.getAppPath() : undefined;
  if (process.platform === 'linux') {
    const autostart = new LinuxAutostart(autostartDir(process.env));
    const command = launchCommand({ execPath: process.execPath, appPath, env: process.env });
    return {
      set(enabled, { refresh }) {
        if (!enabled) return autostart.disable();
        // Switched off in the desktop's own startup settings (Hidden=true, GNOME's switch): a start leaves it off.
        if (refresh && autostart.exists() && !autostart.isEnabled()) return;
        autostart.enable(autostartEntry({ name: 'B24 Chat Lookup', comment: 'Find the Bitrix24 chat of a CRM entity', command }));
      },
    };
  }
  const args = process.platform === 'win32' ? [...(appPath === undefined ? [] : [appPath]), LAUNCHED_AT_LOGIN_FLAG] : [];
  return {
    set(enabled, { refresh }) {
      // At start, an item already registered is left as it is, so a "Disabled" the person chose in Task Manager's
      // startup apps stays.
      if (enabled && refresh && app.getLoginItemSettings({ args }).openAtLogin) return;
      app.setLoginItemSettings({ openAtLogin: enabled, args });
      if (process.platform !== 'darwin' || !enabled) return;
      // `status` comes from macOS 13's service management; older systems leave it out.
      const status: string | undefined = app.getLoginItemSettings().status;
      // Waiting for the person's approval in System Settings: said when they switch it on, not again at every start.
      if (status === 'requires-approval' && refresh) return;
      if (status === 'requires-approval') throw new Error('macOS asks you to allow it in System Settings → General → Login Items');
      if (status !== undefined && status !== 'enabled') throw new Error(`macOS did not register it (${status}); an installed, signed copy of the app can`);
    },
  };
}
