/**
 * Decides whether an IPC message comes from the app's own page. Electron hands every handler the URL of
 * the frame that sent it; anything other than the page the app itself loaded (an iframe, a page the window
 * was somehow navigated to, a devtools extension) is refused.
 */
export function isAppPage(senderUrl: string | undefined, appPageUrl: string): boolean {
  const sender = URL.parse(senderUrl ?? '');
  const app = URL.parse(appPageUrl);
  if (!sender || !app) return false;
  if (sender.protocol !== app.protocol) return false;
  // A file:// page is identified by host and path (its origin is opaque; a host there is a network share,
  // file://server/…, so it must match too); a served page by its origin.
  if (app.protocol === 'file:') return sender.host === app.host && sender.pathname === app.pathname;
  return sender.origin === app.origin;
}

/**
 * A file URL as Chromium writes it: on Windows the drive letter upper-case (`file:///C:/…`). Node keeps the case the
 * program was started with, and a page URL that differs from the sender's by that letter would refuse the app its
 * own page.
 */
export function canonicalFileUrl(href: string): string {
  return href.replace(/^file:\/\/\/([a-z]):/, (_match, drive: string) => `file:///${drive.toUpperCase()}:`);
}

/** Who sent an IPC message, as the shell reads it off Electron's event. */
export interface SenderInfo {
  /** `event.sender.id`. */
  webContentsId: number;
  /** `event.senderFrame.url`; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** Whether the message came from the top frame (not an iframe). */
  isMainFrame: boolean;
}

/** Only the top frame of the app's own window, showing the app's own page, may call the main process. */
export function isTrustedSender(sender: SenderInfo, window: { webContentsId: number | undefined; appPageUrl: string }): boolean {
  return (
    window.webContentsId !== undefined && sender.webContentsId === window.webContentsId && sender.isMainFrame && isAppPage(sender.frameUrl, window.appPageUrl)
  );
}

/**
 * Whether the window may load a URL at all (the window session's webRequest filter): the app's own files (the page's
 * folder, for a built app), the dev server and its hot-reload socket during `npm run dev`, inline `data:` images, and
 * DevTools. Everything else, a portal included, is cancelled: the page talks to the network only through the main
 * process.
 */
export function isAppResource(url: string, appPageUrl: string): boolean {
  const resource = URL.parse(url);
  const app = URL.parse(appPageUrl);
  if (!resource || !app) return false;
  if (resource.protocol === 'devtools:' || resource.protocol === 'data:') return true;
  if (app.protocol === 'file:') {
    const folder = app.pathname.slice(0, app.pathname.lastIndexOf('/') + 1);
    // The URL parser has already resolved `..` and percent-escaped dots, so a prefix check cannot be walked out of;
    // an escaped slash, backslash or NUL, which only Chromium's own file reader refuses, is refused here too.
    return resource.protocol === 'file:' && resource.host === app.host && resource.pathname.startsWith(folder) && !/%(?:2f|5c|00)/i.test(resource.pathname);
  }
  if (resource.origin === app.origin) return true;
  const socket = resource.protocol === 'ws:' || resource.protocol === 'wss:';
  return socket && resource.host === app.host && (resource.protocol === 'wss:') === (app.protocol === 'https:');
}
