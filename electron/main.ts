/**
 * The composition root of the main process: builds the shell's pieces and the core's services from them, and
 * wires them together, nothing else.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, dialog, nativeTheme } from 'electron';
import { createMainApp } from './core/app-services.ts';
import { type LaunchRequest, launchRequestFrom, readLaunchRequest } from './core/launch/command-line.ts';
import { isTestBuild } from './dev/test-build.ts';
import { hotkeyLimitation, isWaylandSession } from './core/hotkeys/hotkeys.ts';
import { type TrayCommand, updateItem } from './core/tray/tray.ts';
import { canonicalFileUrl, isTrustedSender } from './core/ipc/trusted-sender.ts';
import { maskSecrets } from './common/references/secrets.ts';
import { shellPorts, globalShortcutPort, loginItemPort } from './shell/shell-ports.ts';
import { exportThroughDialog } from './shell/export-dialog.ts';
import { hardenApp, windowSession } from './shell/hardening.ts';
import { serveContract, windowEvents } from './shell/ipc.ts';
import { ElectronStoreFile } from './shell/json-store.ts';
import { LookupWindow, type RendererSource } from './shell/lookup-window.ts';
import { netRequestFetch } from './shell/net-request-fetch.ts';
import { safeStorageCipher } from './shell/safe-storage-cipher.ts';
import { AppTray } from './shell/tray.ts';
import { createUpdateEngine, thisInstallKind } from './shell/updater.ts';

// Bundled to dist/main/main.js; its siblings are dist/preload/ and dist/renderer/, its tray images dist/main/tray/.
const mainDir = dirname(fileURLToPath(import.meta.url));
const distDir = dirname(mainDir);

// `--user-data-dir=DIR` keeps a whole profile (settings, history, credentials) in DIR, for the end-to-end tests and
// anyone who wants a second profile. Electron applies it itself before the app runs, a relative DIR made absolute
// (electron_main_delegate.cc, PreSandboxStartup): app.setPath('userData', DIR) here would throw for a relative one.

// During `npm run dev` the window comes from Vite's dev server; a packaged app always loads its own file.
const devServerUrl = app.isPackaged ? undefined : process.env.B24_RENDERER_URL;
const renderer: RendererSource = devServerUrl ? { kind: 'url', url: devServerUrl } : { kind: 'file', path: join(distDir, 'renderer', 'index.html') };
const appPageUrl = renderer.kind === 'url' ? renderer.url : canonicalFileUrl(pathToFileURL(renderer.path).href);
// The packaged build the `_electron` spec drives (electron-builder.e2e.yml marks its package.json) is tested as the
// unpackaged app is: against the fake portal, its tray reachable. The installers' builds carry no such mark.
const testBuild = app.isPackaged && isTestBuild(readPackageJson());
// `npm start` and `npm run dev` talk to the fake portal on 127.0.0.1; an installed app never to this machine.
const allowLocalPortals = !app.isPackaged || testBuild;

function readPackageJson(): string | undefined {
  try {
    return readFileSync(join(app.getAppPath(), 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
}

// A failure no caller catches (a tray or notification handler, an event of Electron's) is logged, by kind and with
// secrets masked, instead of Electron's dialog quoting it.
const logUncaught = (error: unknown): void => {
  console.log(`Unexpected error: ${error instanceof Error ? `${error.name}: ${maskSecrets(error.message)}` : 'not an Error'}`);
};
process.on('uncaughtException', logUncaught);
process.on('unhandledRejection', logUncaught);

// What this launch asks for (`b24-chat-lookup-app "LEAD|13"`); a second launch hands it to the first and quits.
const launch = readLaunchRequest(process.argv, { defaultApp: process.defaultApp === true });
// Later launches hand their request over through 'second-instance', which can come while this one is still starting:
// a request that arrives before the window service exists waits for it.
let deliverLaunch: ((request: LaunchRequest) => void) | null = null;
const launchesWaiting: LaunchRequest[] = [];

function start(): void {
  hardenApp();
  const popup = new LookupWindow({ preloadPath: join(distDir, 'preload', 'preload.cjs'), renderer, session: windowSession(appPageUrl) });
  const stateDir = app.getPath('userData');
  // An update installed at quit can put the AppImage under the new version's name: launch at login then names that file.
  const appImageMoved = (path: string): void => {
    process.env.APPIMAGE = path;
    if (mainApp.services.settings.get().launchAtLogin) loginItemPort().set(true, { refresh: true });
  };
  // The packaged test build is no installer: it looks for no new versions.
  const kind = testBuild ? 'unpacked' : thisInstallKind(app.isPackaged);
  const mainApp = createMainApp(
    {
      openFile: (name) => new ElectronStoreFile(name, stateDir),
      cipher: safeStorageCipher,
      fetch: netRequestFetch(),
      exporter: exportThroughDialog(
        () => popup.current(),
        () => popup.toggle.holdOpen(),
      ),
      shell: shellPorts(popup, { wayland: isWaylandSession(process.platform, process.env), allowLocalPortals }),
      shortcuts: globalShortcutPort,
      loginItem: loginItemPort(),
      hotkeyLimitation: hotkeyLimitation(process.platform, process.env),
      osLocales: app.getPreferredSystemLanguages(),
      appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
      log: (line) => console.log(line),
      allowLocalPortals,
      // A lookup's answer goes out before its history entry is indexed and appended to the journal.
      writeHistoryLater: (write) => void setImmediate(write),
      updates: { kind, engine: createUpdateEngine(kind, (line) => console.log(line), appImageMoved) },
    },
    {
      emit: windowEvents(() => popup.current()),
      isTrustedSender: (sender) => isTrustedSender(sender, { webContentsId: popup.current()?.webContents.id, appPageUrl }),
    },
  );
  serveContract(mainApp.dispatch);
  const { settings, window, quickLookup, hotkeys, history, profiles, updates, chats } = mainApp.services;

  // The tray's update item: the releases page for a copy that cannot install a new version itself; otherwise the
  // download (shown in Settings' About, with the notes and the progress), then the install.
  const runUpdateItem = (): void => {
    const view = updates.view();
    if (!view.selfUpdating) return void chats.openReleases().catch(logUncaught);
    if (view.status === 'downloaded') return updates.installNow();
    window.present({ view: 'settings', section: 'about' });
    if (view.status !== 'downloading') updates.download().catch(logUncaught);
  };
  const runTrayCommand = (command: TrayCommand): void => {
    switch (command) {
      case 'update':
        return runUpdateItem();
      case 'lookupClipboard':
        void quickLookup.lookUpClipboard();
        return;
      case 'open':
        return window.present({ view: 'lookup' });
      case 'history':
      case 'settings':
        return window.present({ view: command });
      case 'launchAtLogin':
        settings.update({ launchAtLogin: !settings.get().launchAtLogin });
        return;
      case 'quit':
        app.quit();
    }
  };
  const tray = new AppTray({
    iconsDir: join(mainDir, 'tray'),
    settings: () => settings.get(),
    hotkeys: () => hotkeys.view(),
    update: () => updates.view(),
    onClick: (bounds) => popup.trayClicked(bounds),
    onCommand: runTrayCommand,
  });
  popup.useTrayBounds(() => tray.tray.getBounds());
  // The window is made and its page loaded now, hidden: the first hotkey only moves and focuses it.
  popup.preload();
  // The end-to-end tests click the tray through its own event (Electron has no API to find an app's tray icons).
  if (!app.isPackaged || testBuild) Object.assign(globalThis, { b24Tray: tray.tray });

  nativeTheme.themeSource = settings.get().theme;
  settings.onChange((values, changed) => {
    if (changed.theme !== undefined) nativeTheme.themeSource = values.theme;
    tray.refresh();
  });
  // The menu is built again when the update item's words change (a download's progress, by whole percents).
  let updateLabel: string | undefined;
  updates.onChange((view) => {
    const label = updateItem(view, settings.get().language)?.label;
    if (label === updateLabel) return;
    updateLabel = label;
    tray.refresh();
  });
  // What waits is written before the app ends: at a quit, and when Windows ends the session (no quit events then).
  const beforeEnd = (): void => {
    updates.stop();
    hotkeys.releaseAll();
    history.flush();
  };
  app.on('will-quit', beforeEnd);
  // macOS: opening the app again while it runs (Finder, Spotlight, the Dock) activates it rather than starting a
  // second copy ('activate', docs/api/app.md): the person asked for its window.
  app.on('activate', () => window.present({ view: 'lookup' }));
  popup.whenSessionEnds(beforeEnd);
  const atLogin = launch.atLogin || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
  window.launch({ ...launch, atLogin });
  deliverLaunch = (request) => {
    try {
      window.launch(request);
    } catch (error) {
      logUncaught(error);
    }
  };
  for (const request of launchesWaiting.splice(0)) deliverLaunch(request);
  // With the tray up: the history is read (100,000 entries take a while; nothing before the tray waits for it), and
  // a local application's sign-in close to its 180 days is renewed once (profiles.ts).
  setImmediate(() => {
    try {
      history.load();
    } catch (error) {
      logUncaught(error);
    }
  });
  profiles.renewAgingSignIns().catch(logUncaught);
  // The first look for a new version comes a little after the tray and the window, then once a day (update-service.ts).
  updates.start();
}

if (!app.requestSingleInstanceLock({ ...launch })) {
  // Another copy already runs for this user: it gets this launch's request through 'second-instance'.
  app.quit();
} else {
  // A tray app: no Dock icon (the packaged app says so in its Info.plist, LSUIElement), and closing the window
  // does not quit it.
  app.dock?.hide();
  // Windows shows notifications only for an app with an AppUserModelID, the installer's appId.
  if (process.platform === 'win32') app.setAppUserModelId('com.b24chatlookup.app');
  app.on('window-all-closed', () => undefined);
  app.on('second-instance', (_event, _argv, _workingDirectory, additionalData) => {
    const request = launchRequestFrom(additionalData);
    if (deliverLaunch) deliverLaunch(request);
    else launchesWaiting.push(request);
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // Damaged files are handled by the stores; this is a bug, and a silent tray app would only look dead.
      dialog.showErrorBox('B24 Chat Lookup could not start', maskSecrets(error instanceof Error ? error.message : String(error)));
      app.exit(1);
    });
}
