import { BrowserWindow, session } from 'electron';

/** Where the window's page comes from: the built file in the app, or Vite's dev server during `npm run dev`. */
export type RendererSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export interface LookupWindowOptions {
  preloadPath: string;
  renderer: RendererSource;
}

const WINDOW_WIDTH_PX = 420;
const WINDOW_HEIGHT_PX = 320;

/**
 * Creates the quick-lookup window with Electron's security checklist applied: the page runs sandboxed and
 * isolated with no Node, may not navigate or open windows, and is granted no permission it asks for.
 */
export function createLookupWindow({ preloadPath, renderer }: LookupWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: WINDOW_WIDTH_PX,
    height: WINDOW_HEIGHT_PX,
    show: false,
    title: 'B24 Chat Lookup',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });

  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('will-redirect', (event) => event.preventDefault());
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());

  if (renderer.kind === 'url') void window.loadURL(renderer.url);
  else void window.loadFile(renderer.path);
  return window;
}

/** The window asks for nothing it needs a permission for; refuse every request and check. */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
