import { app, session, type WebContents } from 'electron';

/**
 * Electron's security checklist, applied app-wide so that every web contents the app ever makes (the lookup
 * window, a frame inside it, DevTools) gets it, not only the ones we remember to lock down:
 * no navigation or redirect away from the loaded page, no new windows, no <webview>, no permissions.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Neither fires for the app's own loadFile/loadURL; both catch the page (or a frame in it) going elsewhere.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
