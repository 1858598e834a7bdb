/**
 * The composition root of the main process: builds the shell's pieces and wires them together, nothing else.
 */
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { isAppPage } from './core/desktop/trusted-sender.ts';
import { handleAppInfo } from './shell/app-info-ipc.ts';
import { hardenApp } from './shell/hardening.ts';
import { createLookupWindow, type RendererSource } from './shell/lookup-window.ts';

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

/** Only the top frame of our own window, showing our own page, may call the main process. */
function isFromLookupWindow(event: IpcMainInvokeEvent): boolean {
  return (
    lookupWindow !== undefined &&
    !lookupWindow.isDestroyed() &&
    event.sender.id === lookupWindow.webContents.id &&
    event.senderFrame !== null &&
    event.senderFrame.parent === null &&
    isAppPage(event.senderFrame.url, appPageUrl)
  );
}

function showLookupWindow(): void {
  if (!lookupWindow || lookupWindow.isDestroyed()) {
    lookupWindow = createLookupWindow({ preloadPath: join(distDir, 'preload', 'preload.cjs'), renderer });
    return;
  }
  if (lookupWindow.isMinimized()) lookupWindow.restore();
  lookupWindow.show();
  lookupWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  // Another copy already runs for this user: it gets our arguments through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => showLookupWindow());
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    hardenApp();
    handleAppInfo(isFromLookupWindow);
    showLookupWindow();
  });
}
