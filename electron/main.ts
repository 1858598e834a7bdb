/**
 * The composition root of the main process: builds the shell's pieces and the core's services from them, and
 * wires them together, nothing else.
 */
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, type BrowserWindow, clipboard, dialog } from 'electron';
import { createDesktopApp } from './core/app-services.ts';
import { isTrustedSender } from './core/desktop/trusted-sender.ts';
import { exportThroughDialog } from './shell/export-dialog.ts';
import { hardenApp } from './shell/hardening.ts';
import { serveContract, windowEvents } from './shell/ipc.ts';
import { ElectronStoreFile } from './shell/json-store.ts';
import { createLookupWindow, type RendererSource } from './shell/lookup-window.ts';
import { safeStorageCipher } from './shell/safe-storage-cipher.ts';

// Bundled to dist/main/main.js; its siblings are dist/preload/ and dist/renderer/.
const distDir = dirname(dirname(fileURLToPath(import.meta.url)));

// `--user-data-dir=DIR` keeps a whole profile (settings, history, credentials) in DIR: used by the end-to-end
// tests and by anyone who wants a second, separate profile.
const userDataDir = app.commandLine.getSwitchValue('user-data-dir');
if (userDataDir) app.setPath('userData', userDataDir);

// During `npm run dev` the window comes from Vite's dev server; a packaged app always loads its own file.
const devServerUrl = app.isPackaged ? undefined : process.env.B24_RENDERER_URL;
const renderer: RendererSource = devServerUrl
  ? { kind: 'url', url: devServerUrl }
  : { kind: 'file', path: join(distDir, 'renderer', 'index.html') };
const appPageUrl = renderer.kind === 'url' ? renderer.url : pathToFileURL(renderer.path).href;

let lookupWindow: BrowserWindow | undefined;
const currentWindow = (): BrowserWindow | undefined => (lookupWindow && !lookupWindow.isDestroyed() ? lookupWindow : undefined);

function showLookupWindow(): void {
  if (!lookupWindow || lookupWindow.isDestroyed()) {
    lookupWindow = createLookupWindow({ preloadPath: join(distDir, 'preload', 'preload.cjs'), renderer });
    return;
  }
  if (lookupWindow.isMinimized()) lookupWindow.restore();
  lookupWindow.show();
  lookupWindow.focus();
}

function startServices(): void {
  const stateDir = app.getPath('userData');
  const desktop = createDesktopApp(
    {
      openFile: (name) => new ElectronStoreFile(name, stateDir),
      cipher: safeStorageCipher,
      // Node's fetch, not Electron's net.fetch: the REST client follows a renamed portal's redirects itself, and
      // net.fetch cannot hand back a redirect unfollowed.
      fetch: (url, init) => fetch(url, init),
      clipboard,
      exporter: exportThroughDialog(currentWindow),
      osLocales: app.getPreferredSystemLanguages(),
      appInfo: { name: app.getName(), version: app.getVersion(), platform: process.platform },
      log: (line) => console.log(line),
      // `npm start` and `npm run dev` talk to the fake portal on 127.0.0.1; an installed app never to this machine.
      allowLocalPortals: !app.isPackaged,
    },
    {
      emit: windowEvents(currentWindow),
      isTrustedSender: (sender) => isTrustedSender(sender, { webContentsId: currentWindow()?.webContents.id, appPageUrl }),
    },
  );
  serveContract(desktop.dispatch);
}

if (!app.requestSingleInstanceLock()) {
  // Another copy already runs for this user: it gets our arguments through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => showLookupWindow());
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(() => {
      hardenApp();
      startServices();
      showLookupWindow();
    })
    .catch((error: unknown) => {
      // Damaged files are handled by the stores; this is a bug, and a silent tray app would only look dead.
      dialog.showErrorBox('B24 Chat Lookup could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
