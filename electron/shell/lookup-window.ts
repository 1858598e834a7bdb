import { app, BrowserWindow } from 'electron';

/** Where the window's page comes from: the built file in the app, or Vite's dev server during `npm run dev`. */
export type RendererSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export interface LookupWindowOptions {
  preloadPath: string;
  renderer: RendererSource;
}

const WINDOW_WIDTH_PX = 420;
const WINDOW_HEIGHT_PX = 320;

/**
 * Creates the quick-lookup window: the page runs sandboxed and isolated with no Node. (Navigation, new
 * windows and permissions are refused app-wide by hardenApp.)
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
      // DevTools are for development; a packaged app does not open them.
      devTools: !app.isPackaged,
    },
  });

  window.once('ready-to-show', () => window.show());

  if (renderer.kind === 'url') void window.loadURL(renderer.url);
  else void window.loadFile(renderer.path);
  return window;
}
