import { app, Menu, session, type Session, type WebContents } from 'electron';
import { isAppResource } from '../core/ipc/trusted-sender.ts';

/** The lookup window's own session: in memory only (the page keeps nothing; settings live in the main process). */
const WINDOW_PARTITION = 'lookup-window';

function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}

/**
 * Electron's security checklist, applied app-wide so that every web contents the app ever makes (the lookup
 * window, a frame inside it, DevTools) gets it, not only the ones we remember to lock down:
 * no navigation or redirect away from the loaded page, no new windows, no <webview>, no permissions. And no
 * application menu: Electron's default one (docs/api/menu.md, "Default menu") would give the popup Ctrl+W (close:
 * the window is gone), Ctrl+R (reload), Ctrl+Q (quit) and the zoom keys. macOS keeps the Edit menu alone, because
 * that is where Cmd+C, Cmd+V, Cmd+X and Cmd+A reach a text box from.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  denyPermissions(session.defaultSession);
  Menu.setApplicationMenu(process.platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'editMenu' }]) : null);
}

/**
 * The session the lookup window runs in: no permission is ever granted, and no request leaves it but for the app's
 * own files (or the dev server). The page has no business with the network: lookups go through the main process,
 * whose REST requests use the default session and so are not caught here.
 */
export function windowSession(appPageUrl: string): Session {
  const windowSession = session.fromPartition(WINDOW_PARTITION);
  denyPermissions(windowSession);
  windowSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAppResource(details.url, appPageUrl) }));
  return windowSession;
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Neither fires for the app's own loadFile/loadURL; both catch the page (or a frame in it) going elsewhere.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
