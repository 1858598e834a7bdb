/**
 * The tray icon as data: its image for the system and theme, its tooltip, and its context menu (what each item is
 * called in the person's language, which hotkey it shows, whether "Launch at login" is ticked). The shell turns
 * this into Electron's Tray and Menu and runs the commands.
 */
import type { AppMessage } from '../../common/messages/index.ts';
import { say } from '../../common/i18n/catalogs.ts';
import type { Settings } from '../state/settings.ts';
import type { HotkeysView } from '../hotkeys/hotkeys.ts';
import type { UpdateView } from '../updates/update-service.ts';

export type TrayCommand = 'update' | 'lookupClipboard' | 'open' | 'history' | 'settings' | 'launchAtLogin' | 'quit';

export type TrayMenuItem = { kind: 'item'; command: TrayCommand; label: string; accelerator?: string; checked?: boolean };
export type TrayMenuEntry = TrayMenuItem | { kind: 'separator' };

/** Each command's label in the catalogs (the tray menu is a surface the main process says itself); the update item's is updateItem's. */
const LABELS = {
  lookupClipboard: 'tray_look_up_clipboard',
  open: 'tray_open',
  history: 'tray_history',
  settings: 'tray_settings',
  launchAtLogin: 'tray_launch_at_login',
  quit: 'tray_quit',
} as const satisfies Record<Exclude<TrayCommand, 'update'>, AppMessage['code']>;

/**
 * The menu's first item while a new version is out: "Update to 1.4.0…" (the click downloads it), its progress, then
 * "Restart to Update…" (the click installs it); for a copy that cannot install it, "Version 1.4.0 Is Out…" (the click
 * opens the releases page). Nothing otherwise.
 */
export function updateItem(update: UpdateView | undefined, language: Settings['language']): TrayMenuItem | null {
  const version = update?.release?.version;
  if (!update || version === undefined) return null;
  const item = (message: AppMessage): TrayMenuItem => ({ kind: 'item', command: 'update', label: say(message, language) });
  if (!update.selfUpdating) return item({ code: 'tray_update_releases', params: { version } });
  switch (update.status) {
    case 'downloading':
      return item({ code: 'tray_update_downloading', params: { percent: Math.floor(update.progress?.percent ?? 0) } });
    case 'downloaded':
      return item({ code: 'tray_update_ready', params: { version } });
    default:
      // `available`, and `failed` after a download that went wrong: the click tries again.
      return item({ code: 'tray_update_available', params: { version } });
  }
}

/** The menu for the current settings; an item's hotkey is shown only when it works (registered with the OS). */
export function trayMenu(settings: Pick<Settings, 'language' | 'launchAtLogin'>, hotkeys: HotkeysView, update?: UpdateView): TrayMenuEntry[] {
  const label = (command: keyof typeof LABELS): string => say({ code: LABELS[command] }, settings.language);
  const item = (command: keyof typeof LABELS, hotkey?: HotkeysView['openWindow']): TrayMenuEntry => ({
    kind: 'item',
    command,
    label: label(command),
    ...(hotkey?.status === 'active' && hotkey.accelerator !== null ? { accelerator: hotkey.accelerator } : {}),
  });
  const newVersion = updateItem(update, settings.language);
  return [
    ...(newVersion ? [newVersion, { kind: 'separator' } as const] : []),
    item('lookupClipboard', hotkeys.lookupClipboard),
    item('open', hotkeys.openWindow),
    item('history'),
    item('settings'),
    { kind: 'separator' },
    { kind: 'item', command: 'launchAtLogin', label: label('launchAtLogin'), checked: settings.launchAtLogin },
    { kind: 'separator' },
    item('quit'),
  ];
}

/** The tray icon's tooltip. */
export function trayTooltip(language: Settings['language']): string {
  return say({ code: 'tray_tooltip' }, language);
}

export interface TrayTheme {
  /** Whether the OS theme is dark (`nativeTheme.shouldUseDarkColors` read while the app's own theme follows the OS). */
  darkColors: boolean;
  /** Windows: whether the taskbar is dark (the registry's SystemUsesLightTheme; see systemUsesLightTheme). */
  darkSystemUi: boolean;
  /** Linux: `$XDG_CURRENT_DESKTOP`, such as `ubuntu:GNOME` or `KDE`. */
  currentDesktop: string | undefined;
}

// Desktops whose top bar is dark whatever the theme.
const ALWAYS_DARK_PANELS = /gnome|unity|pantheon|budgie/i;

/**
 * The tray image's file name (without `.png`; a `@2x` file sits beside each for high-density screens). macOS gets a
 * template image, which the menu bar tints itself for light, dark and highlighted; elsewhere the taskbar or panel's
 * darkness picks a light glyph (`tray-light`) or a dark one (`tray-dark`).
 */
export function trayIconName(platform: string, theme: TrayTheme): 'trayTemplate' | 'tray-light' | 'tray-dark' {
  if (platform === 'darwin') return 'trayTemplate';
  const darkPanel = platform === 'win32' ? theme.darkSystemUi : theme.darkColors || ALWAYS_DARK_PANELS.test(theme.currentDesktop ?? '');
  return darkPanel ? 'tray-light' : 'tray-dark';
}

/**
 * Reads `reg query HKCU\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize /v SystemUsesLightTheme`:
 * whether the Windows taskbar is light. Electron's shouldUseDarkColorsForSystemIntegratedUI only learns it from a
 * theme change, so until then it answers the apps' theme, and Windows 10's default is light apps on a dark taskbar.
 * Undefined when the value is not there (Windows before 1903).
 */
export function systemUsesLightTheme(regOutput: string): boolean | undefined {
  const match = /SystemUsesLightTheme\s+REG_DWORD\s+0x([0-9a-f]+)/i.exec(regOutput);
  return match ? Number.parseInt(match[1] ?? '0', 16) !== 0 : undefined;
}
