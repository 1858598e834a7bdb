import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Menu, type MenuItemConstructorOptions, nativeImage, nativeTheme, type Rectangle, Tray } from 'electron';
import { systemUsesLightTheme, type TrayCommand, trayIconName, trayMenu, trayTooltip } from '../core/tray/tray.ts';
import type { HotkeysView } from '../core/hotkeys/hotkeys.ts';
import type { Settings } from '../core/state/settings.ts';
import type { UpdateView } from '../core/updates/update-service.ts';

export interface TrayOptions {
  /** The folder of the tray images (dist/main/tray). */
  iconsDir: string;
  settings: () => Settings;
  /** The hotkeys' states: the menu shows a hotkey only when it works. */
  hotkeys: () => HotkeysView;
  /** A new version: the menu's first item while one is out. */
  update: () => UpdateView;
  /** A left click on the icon, with its bounds where the OS gives them. */
  onClick: (bounds: Rectangle | undefined) => void;
  onCommand: (command: TrayCommand) => void;
}

/**
 * The tray icon and its menu (the core's trayMenu), rebuilt when the settings or the theme change.
 * Clicks differ by system (electron/electron#6773, #14941; tray.md "Platform Considerations"):
 * - macOS and Windows: a left click toggles the window, a right click pops the menu up. (A menu set with
 *   setContextMenu would take over the left click on macOS.)
 * - Linux: the StatusNotifier host decides what a click does, and many only ever open the menu, so the menu is set on
 *   the icon and starts with the items that matter. It must be set again after every change.
 */
export class AppTray {
  readonly #tray: Tray;
  readonly #options: TrayOptions;
  #menu: Menu;
  /**
   * The OS's own darkness, read while the app's theme follows it: once the person picks a theme for the app,
   * shouldUseDarkColors answers that choice, and the panel the icon sits on did not change. Construct the tray
   * before nativeTheme.themeSource is set.
   */
  #systemDark = nativeTheme.shouldUseDarkColors;
  /** Windows: the taskbar's theme from the registry, until Electron learns it from a theme change. */
  #darkTaskbar: boolean | undefined;

  constructor(options: TrayOptions) {
    this.#options = options;
    this.#tray = new Tray(this.#image());
    this.#menu = this.#buildMenu();
    if (process.platform === 'linux') this.#tray.setContextMenu(this.#menu);
    else this.#tray.on('right-click', () => this.#tray.popUpContextMenu(this.#menu));
    // A double click would race the blur-hide and flicker (gitify-app/electron-menubar).
    if (process.platform === 'darwin') this.#tray.setIgnoreDoubleClickEvents(true);
    this.#tray.on('click', (_event, bounds) => options.onClick(bounds));
    this.#tray.setToolTip(trayTooltip(options.settings().language));
    nativeTheme.on('updated', () => {
      if (nativeTheme.themeSource === 'system') this.#systemDark = nativeTheme.shouldUseDarkColors;
      this.#darkTaskbar = undefined;
      this.#tray.setImage(this.#image());
    });
    if (process.platform === 'win32') {
      const key = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize';
      execFile('reg', ['query', key, '/v', 'SystemUsesLightTheme'], { windowsHide: true }, (error, stdout) => {
        const light = error ? undefined : systemUsesLightTheme(stdout);
        if (light === undefined) return;
        this.#darkTaskbar = !light;
        this.#tray.setImage(this.#image());
      });
    }
  }

  /** Rebuilds the menu and tooltip (language, hotkeys, launch at login, a new version). */
  refresh(): void {
    this.#menu = this.#buildMenu();
    if (process.platform === 'linux') this.#tray.setContextMenu(this.#menu);
    this.#tray.setToolTip(trayTooltip(this.#options.settings().language));
  }

  /** The tray icon itself, for the end-to-end tests to click (through the same handler a click runs). */
  get tray(): Tray {
    return this.#tray;
  }

  #image(): Electron.NativeImage {
    const name = trayIconName(process.platform, {
      darkColors: this.#systemDark,
      darkSystemUi: this.#darkTaskbar ?? nativeTheme.shouldUseDarkColorsForSystemIntegratedUI,
      currentDesktop: process.env.XDG_CURRENT_DESKTOP,
    });
    // From a path, so the @2x file beside it is picked up for high-density screens.
    const image = nativeImage.createFromPath(join(this.#options.iconsDir, `${name}.png`));
    if (process.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }

  #buildMenu(): Menu {
    const template = trayMenu(this.#options.settings(), this.#options.hotkeys(), this.#options.update()).map((entry): MenuItemConstructorOptions => {
      if (entry.kind === 'separator') return { type: 'separator' };
      const { command, label, accelerator, checked } = entry;
      return {
        label,
        click: () => this.#options.onCommand(command),
        ...(checked === undefined ? {} : { type: 'checkbox' as const, checked }),
        // Shown as a hint; the global hotkey itself is registered by the hotkey registry.
        ...(accelerator === undefined ? {} : { accelerator, registerAccelerator: false }),
      };
    });
    return Menu.buildFromTemplate(template);
  }
}
