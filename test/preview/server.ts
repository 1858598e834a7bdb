/**
 * server.ts is over 300 lines because the preview is one server: its routes, its guards and the desktop it stands in for are read together.
 *
 * The browser preview of the tray window: serves the built window (dist/renderer) on 127.0.0.1 with a bridge
 * (bridge.ts) that gives the page the preload's `window.b24` over HTTP, answered by the real main-process app. The app
 * is built by createMainApp as main.ts builds it, on real electron-store files in a data folder, with a real
 * AES-GCM cipher, Node's fetch, and a desktop that records what the OS would have been asked to do.
 *
 *   GET  /, /index.html     the window, its CSP opened to this server and the bridge loaded before the app
 *   GET  /preview-bridge.js the bridge, type-stripped, with the contract's call and event names
 *   POST /ipc/<call>        {"payload": …} → the IpcResult, dispatched as the app's window
 *   GET  /events            Server-Sent Events: every event the app sends its window
 *   GET  /preview/desktop   what the desktop was asked to do (clipboard, links, notifications, window, hotkeys, …);
 *                           a link is recorded only if the shell would hand it to the OS (isOpenableLink). The sign-in
 *                           page of a portal on 127.0.0.1 (the fake one) is also visited as the person's browser would
 *                           (sign-in-browser.ts), so a sign-in started in the window completes.
 *   POST /preview/clipboard {"text": …} sets the clipboard
 *   POST /preview/hotkey    {"action": "openWindow" | "lookupClipboard"} presses that global hotkey
 *   GET  anything else      a file of dist/renderer
 *
 * Any page open in the same browser can send requests to a loopback port, so only this server's own page is
 * answered: a request carrying another Origin is refused, a call of the app must carry this one, and a Host other
 * than 127.0.0.1:<port> (a foreign name made to point here, DNS rebinding) is refused.
 *
 * Under plain Node electron-store cannot load the real `electron` (it is only a path there): cli.ts and demo.ts alias
 * it first (electron-alias.ts), and Vitest's `shell` project does the same for tests that import this module.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { stripTypeScriptTypes } from 'node:module';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { createMainApp, type Ports } from '../../electron/core/app-services.ts';
import { previewUpdates } from './updates.ts';
import { parseWebhookUrl, portalOrigin } from '../../electron/core/bitrix/credentials.ts';
import { HOTKEY_NAMES } from '../../electron/core/hotkeys/hotkeys.ts';
import { say } from '../../electron/common/i18n/catalogs.ts';
import { isOpenableLink } from '../../electron/core/links/link-policy.ts';
import { isTrustedSender, type SenderInfo } from '../../electron/core/ipc/trusted-sender.ts';
import { type EmitEvent, EVENTS, INVOKES, type InvokeName } from '../../electron/core/ipc/contract.ts';
import { maskSecrets } from '../../electron/common/references/secrets.ts';
import type { Services } from '../../electron/core/services.ts';
import { ElectronStoreFile } from '../../electron/shell/json-store.ts';
import { isLoopbackHost } from '../../electron/core/bitrix/credentials.ts';
import { isAuthorizeLink, visitSignIn } from '../support/sign-in-browser.ts';
import { testCipher } from '../support/test-cipher.ts';

const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const BRIDGE_SOURCE = new URL('./bridge.ts', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The key sealing saved webhooks, in the data folder: a preview restarted on it opens what it saved. */
export const KEY_FILE = 'preview-cipher.key';
const MAX_BODY_BYTES = 1024 * 1024;
const KEEP_ALIVE_MS = 15_000;
/** The webContents id the page's calls are dispatched as: there is one window, and only this server speaks for it. */
const PAGE_ID = 1;

export interface PreviewOptions {
  /** 0 (the default): any free port. */
  port?: number;
  /** Settings, portals, history, the cipher's key and exports are kept here; created when missing. */
  dataDir: string;
  /** Connect this portal at start, unless a profile for it exists already (B24_WEBHOOK_URL). */
  webhookUrl?: string;
  /** The OS languages the default language is chosen from. */
  osLocales?: readonly string[];
  /** The built window; dist/renderer by default. */
  rendererDir?: string;
  /** Where the app's log lines go (they never hold a secret); stderr, prefixed "[preview] ", by default. */
  log?: (line: string) => void;
  /** How long to wait for the portal and between retries (the app's own defaults otherwise); tests shorten them. */
  client?: Ports['client'];
  /** The sign-in handler's port on 127.0.0.1 (the app's own, 31024, unless tests run several previews at once). */
  oauthHandlerPort?: number;
  /** Plays an AppImage whose release feed (on 127.0.0.1) offers this version (updates.ts); none by default. */
  newVersion?: string;
}

/** What the desktop was asked to do, in order, and what it holds now. */
export interface PreviewDesktop {
  clipboard: string;
  /** Links handed to the OS (never opened). */
  opened: string[];
  notifications: { title: string; body: string }[];
  window: ('show' | 'hide')[];
  /** The global hotkeys registered now: accelerator → what the OS runs when it is pressed. */
  hotkeys: Map<string, () => void>;
  /** Each launch-at-login change asked of the OS (`refresh` at start). */
  loginItem: { enabled: boolean; refresh: boolean }[];
  /** Files the history was exported to. */
  exports: string[];
}

export interface PreviewServer {
  /** The page to open: `http://127.0.0.1:<port>/`. */
  url: string;
  /** `http://127.0.0.1:<port>`, the only Origin whose calls are answered. */
  origin: string;
  desktop: PreviewDesktop;
  services: Services;
  /** Ends the event streams and stops the server. */
  close(): Promise<void>;
}

/** The portal to connect at start (`webhookUrl`) was refused or not reached; the message is masked, safe to print. */
export class PortalConnectError extends Error {
  override name = 'PortalConnectError';
}

/** A refusal with its HTTP status, answered as an IpcResult's error. */
class HttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const COMMON_HEADERS: OutgoingHttpHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const CONTENT_TYPES: Record<string, string> = {
  '.html': HTML,
  '.js': JAVASCRIPT,
  '.css': 'text/css; charset=utf-8',
  '.json': JSON_TYPE,
  '.map': JSON_TYPE,
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const clipboardBody = v.strictObject({ text: v.string('The clipboard text is a string.') });
const hotkeyBody = v.strictObject({ action: v.picklist(HOTKEY_NAMES, `The action is one of ${HOTKEY_NAMES.join(', ')}.`) });

/** Starts the preview; rejects with a message for the person when dist/renderer is missing or the portal fails. */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const indexPath = join(rendererDir, 'index.html');
  // Checked now, so a missing or unexpected build fails the start rather than the first page load.
  previewIndex(readBuild(indexPath));
  const bridge = bridgeScript();
  const log = options.log ?? ((line: string) => void process.stderr.write(`[preview] ${line}\n`));
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });

  const server = createServer();
  const port = await listen(server, options.port ?? 0);
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;

  const streams = new Set<ServerResponse>();
  const emit: EmitEvent = (event, payload) => {
    // JSON escapes line breaks, so the message is one `data:` line.
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const desktop: PreviewDesktop = { clipboard: '', opened: [], notifications: [], window: [], hotkeys: new Map(), loginItem: [], exports: [] };
  const appPageUrl = `${origin}/index.html`;
  // The page's calls reach the dispatcher only after the Origin check: the browser's word for which page sent a
  // request, as senderFrame.url is Electron's. frame-ancestors 'none' on the page stands in for isMainFrame.
  const page: SenderInfo = { webContentsId: PAGE_ID, frameUrl: appPageUrl, isMainFrame: true };
  const updates = options.newVersion === undefined ? null : await previewUpdates(options.dataDir, { current: version, newVersion: options.newVersion, log });
  const { services, dispatch } = createMainApp(
    { ...previewPorts(options, desktop, log, () => streams.size > 0), ...(updates ? { updates: { ...updates.port, startDelayMs: 0 } } : {}) },
    {
      emit,
      isTrustedSender: (sender) => isTrustedSender(sender, { webContentsId: PAGE_ID, appPageUrl }),
    },
  );
  // As main.ts does once the tray is up.
  services.history.load();
  services.updates.start();

  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS);
  const close = async (): Promise<void> => {
    clearInterval(keepAlive);
    services.updates.stop();
    await updates?.close();
    for (const stream of streams) stream.end();
    streams.clear();
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeAllConnections();
    await closed;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const refusal = refusalOf(request, host, origin);
    if (refusal) throw refusal;
    const path = pathOf(request.url ?? '/');
    if (path.startsWith('/ipc/')) {
      requireMethod(request, 'POST');
      // Browsers send Origin with every POST; a call without one is not from a page, so not from the app's.
      if (request.headers.origin === undefined) throw new HttpError(403, 'forbidden', 'A call must come from the preview page.');
      const body = await readJson(request);
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new HttpError(400, 'invalid_request', 'A call is sent as {"payload": …}.');
      }
      // An unknown name goes through too: the dispatcher answers it as Electron's would.
      const result = await dispatch(path.slice('/ipc/'.length) as InvokeName, page, (body as { payload?: unknown }).payload);
      return sendJson(response, 200, result);
    }
    switch (path) {
      case '/':
      case '/index.html':
        requireMethod(request, 'GET');
        return send(response, 200, HTML, previewIndex(readBuild(indexPath)), {
          // The one frame the app runs in: a page that framed the preview could make it call the app.
          'Content-Security-Policy': "frame-ancestors 'none'",
        });
      case '/preview-bridge.js':
        requireMethod(request, 'GET');
        return send(response, 200, JAVASCRIPT, bridge);
      case '/events':
        requireMethod(request, 'GET');
        response.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8' });
        // A first line sends the headers now, so the page's EventSource opens at once.
        response.write(': connected\n\n');
        streams.add(response);
        response.on('close', () => streams.delete(response));
        return;
      case '/preview/desktop':
        requireMethod(request, 'GET');
        return sendJson(response, 200, { ...desktop, hotkeys: [...desktop.hotkeys.keys()] });
      case '/preview/clipboard': {
        requireMethod(request, 'POST');
        desktop.clipboard = parseBody(clipboardBody, await readJson(request), '{"text": "…"}').text;
        return sendJson(response, 200, { clipboard: desktop.clipboard });
      }
      case '/preview/hotkey': {
        requireMethod(request, 'POST');
        const { action } = parseBody(hotkeyBody, await readJson(request), '{"action": "openWindow" | "lookupClipboard"}');
        const accelerator = services.settings.get().hotkeys[action];
        if (accelerator === null) throw new HttpError(409, 'hotkey_off', `The ${action} hotkey is off in the settings.`);
        const press = desktop.hotkeys.get(accelerator);
        if (!press) {
          const why = services.hotkeys.view()[action].message;
          throw new HttpError(409, 'hotkey_unavailable', `${accelerator} (${action}) is not registered.${why === null ? '' : ` ${say(why, 'en')}`}`);
        }
        press();
        return sendJson(response, 200, { pressed: accelerator });
      }
      default:
        requireMethod(request, 'GET');
        return serveFile(response, rendererDir, path);
    }
  };

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.status === 403) log(`Refused ${described(request)}: ${error.message}`);
        return sendError(response, error);
      }
      log(`${described(request)} failed: ${maskSecrets(error instanceof Error ? error.message : String(error))}`);
      sendError(response, new HttpError(500, 'internal', 'The preview server failed; the details are in its log.'));
    });
  });

  // Last, so a request that arrives meanwhile (on a port chosen in advance) is answered rather than left hanging.
  if (options.webhookUrl !== undefined) {
    try {
      await connectPortal(services, options.webhookUrl);
    } catch (error) {
      await close();
      const reason = error instanceof Error ? error.message : String(error);
      throw new PortalConnectError(`The portal could not be connected: ${maskSecrets(reason)}`, { cause: error });
    }
  }

  return { url: `${origin}/`, origin, desktop, services, close };
}

/** The app's ports over the data folder and the recording desktop. */
function previewPorts(options: PreviewOptions, desktop: PreviewDesktop, log: (line: string) => void, listening: () => boolean): Ports {
  const { dataDir } = options;
  return {
    openFile: (name) => new ElectronStoreFile(name, dataDir),
    // In the preview a key file stands in for the OS keychain.
    cipher: testCipher('os_keychain', cipherKey(dataDir)),
    fetch: (url, init) => fetch(url, init),
    shell: {
      clipboard: { readText: () => desktop.clipboard, writeText: (text) => void (desktop.clipboard = text) },
      // Recorded and logged; nobody can click them, so their click and failure callbacks never run.
      notify: ({ title, body }) => {
        desktop.notifications.push({ title, body });
        log(`Notification: ${title}: ${body}`);
      },
      openExternal: async (url) => {
        // The shell's last gate before the OS, kept here too: a link the app would refuse is refused in the preview.
        if (!isOpenableLink(url, { allowLocalPortals: true })) throw new Error('Not a link the app opens.');
        desktop.opened.push(url);
        if (!isAuthorizeLink(url) || !isLoopbackHost(new URL(url).hostname)) {
          log(`Would open ${url}`);
          return;
        }
        // The fake portal's sign-in: the browser goes there and back to the app's listener, as after "Allow". Not
        // awaited, as the OS does not wait for the browser either; the state in the link stays out of the log.
        log(`Would open the sign-in page of ${new URL(url).host}; following it as the browser would.`);
        void visitSignIn(url).then(
          (visit) =>
            log(
              `The browser came back from the sign-in page: ` +
                `${visit.status === null ? `HTTP ${visit.authorizeStatus}, not sent back to the app` : `the app answered HTTP ${visit.status}`}.`,
            ),
          (error: unknown) => log(`The browser could not finish the sign-in: ${error instanceof Error ? error.name : 'error'}.`),
        );
      },
      showWindow: () => void desktop.window.push('show'),
      hideWindow: () => void desktop.window.push('hide'),
      // The browser tab is the window, and it is on screen whenever someone clicks in it: a recorded "hide" (Esc) must
      // not make the preview refuse the window's own open and copy calls from then on.
      windowShown: () => true,
      // The tab hears events once its event stream is open (the bridge opens it before the app mounts).
      pageListening: () => listening(),
    },
    // Like Electron's globalShortcut: keys already registered cannot be registered again.
    shortcuts: {
      register: (accelerator, callback) => {
        if (desktop.hotkeys.has(accelerator)) return false;
        desktop.hotkeys.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator) => void desktop.hotkeys.delete(accelerator),
    },
    loginItem: { set: (enabled, { refresh }) => void desktop.loginItem.push({ enabled, refresh }) },
    exporter: {
      save: async ({ suggestedName, content }) => {
        const folder = join(dataDir, 'exports');
        await mkdir(folder, { recursive: true });
        const path = join(folder, basename(suggestedName));
        await writeFile(path, content);
        desktop.exports.push(path);
        log(`Exported the history to ${path}`);
        return path;
      },
    },
    osLocales: options.osLocales ?? ['en-US'],
    // The fake portal is on 127.0.0.1.
    allowLocalPortals: true,
    appInfo: { name: 'B24 Chat Lookup', version, platform: process.platform },
    log,
    ...(options.client ? { client: options.client } : {}),
    ...(options.oauthHandlerPort === undefined ? {} : { oauthHandlerPort: options.oauthHandlerPort }),
  };
}

/** The cipher's key, made (owner-only) the first time the folder is used. */
function cipherKey(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE);
  try {
    writeFileSync(path, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(path);
  if (key.length !== 32) throw new Error(`${path} is not a preview key (32 bytes). Delete it and add the portals again.`);
  return key;
}

/** Connects the webhook's portal, unless a profile for it exists (a restart on the same data folder). */
async function connectPortal(services: Services, webhookUrl: string): Promise<void> {
  const parsed = parseWebhookUrl(webhookUrl);
  if (parsed.ok && services.profiles.forPortal(portalOrigin(parsed.value))) return;
  // An unparsable address is refused here, with the store's own message.
  await services.profiles.addWebhook({ webhookUrl });
}

function readBuild(indexPath: string): string {
  try {
    return readFileSync(indexPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${indexPath} is missing: run \`npm run build\` first.`, { cause: error });
    throw error;
  }
}

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"/i;
// Vite writes the quotes of the policy as &#39;.
const CONNECT_NONE = /connect-src (?:'|&#39;)none(?:'|&#39;)/;
const MODULE_SCRIPT = '<script type="module"';

/**
 * The built page as the preview serves it: its policy lets it connect to this server (the bridge's calls and event
 * stream), and the bridge loads first. A build that no longer looks like this is an error, not a page that
 * silently cannot reach the app.
 */
function previewIndex(html: string): string {
  const meta = CSP_META.exec(html)?.[0];
  const scriptAt = html.indexOf(MODULE_SCRIPT);
  if (meta === undefined || !CONNECT_NONE.test(meta) || scriptAt < 0) {
    throw new Error(`The built index.html has no CSP with connect-src 'none' or no ${MODULE_SCRIPT}: the preview cannot add its bridge to it.`);
  }
  const withBridge = `${html.slice(0, scriptAt)}<script src="./preview-bridge.js"></script>\n    ${html.slice(scriptAt)}`;
  return withBridge.replace(meta, () => meta.replace(CONNECT_NONE, "connect-src 'self'"));
}

/** The bridge as a classic script: its types stripped, inside a function that declares the contract's names first. */
function bridgeScript(): string {
  const contract = JSON.stringify({ invokes: Object.keys(INVOKES), events: Object.keys(EVENTS) });
  // All on the first line, so the script's line numbers are bridge.ts's.
  return `(() => { 'use strict'; const PREVIEW_CONTRACT = ${contract}; ${stripTypesQuietly(readFileSync(BRIDGE_SOURCE, 'utf8'))}\n})();\n`;
}

/**
 * Node's type stripping, without the ExperimentalWarning it prints the first time (a contributor would take it for a
 * problem with the preview). Only warnings of this one synchronous call are dropped.
 */
function stripTypesQuietly(source: string): string {
  const { emitWarning } = process;
  process.emitWarning = () => undefined;
  try {
    return stripTypeScriptTypes(source);
  } finally {
    process.emitWarning = emitWarning;
  }
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      done((server.address() as AddressInfo).port);
    });
  });
}

/** Why a request is refused before it is routed, if it is: a foreign Host or Origin. */
function refusalOf(request: IncomingMessage, host: string, origin: string): HttpError | null {
  if (request.headers.host !== host) return new HttpError(403, 'forbidden', `The preview answers at http://${host}/ only.`);
  const from = request.headers.origin;
  if (from !== undefined && from !== origin) return new HttpError(403, 'forbidden', 'Only the preview page may ask this.');
  // A GET carries no Origin, but a browser says where it comes from: another site's page may not open the event
  // stream (endless) or read what the desktop was asked, even blind.
  if (request.headers['sec-fetch-site'] === 'cross-site') return new HttpError(403, 'forbidden', 'Only the preview page may ask this.');
  return null;
}

/** A request for a log line: its method and address, shortened, with any secret in it masked. */
function described(request: IncomingMessage): string {
  return `${request.method ?? '?'} ${maskSecrets(request.url ?? '').slice(0, 100)}`;
}

/** The decoded path; the URL parser has already resolved `..` and `%2e%2e` segments. */
function pathOf(url: string): string {
  const { pathname } = new URL(url, 'http://preview.invalid');
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, 'invalid_request', 'The address is not valid.');
  }
}

function requireMethod(request: IncomingMessage, method: 'GET' | 'POST'): void {
  if (request.method !== method) throw new HttpError(405, 'invalid_request', `Use ${method} here.`);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'invalid_request', 'Send JSON (Content-Type: application/json).');
  const tooLarge = new HttpError(413, 'invalid_request', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_request', 'The body is not valid JSON.');
  }
}

function parseBody<T extends v.GenericSchema>(schema: T, body: unknown, shape: string): v.InferOutput<T> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', `The body is ${shape}. ${parsed.issues[0].message}`);
  return parsed.output;
}

async function serveFile(response: ServerResponse, rendererDir: string, path: string): Promise<void> {
  const file = resolve(rendererDir, `.${path}`);
  // An escaped slash or backslash survives the URL parser and is decoded only now: the resolved file must still be
  // inside the build.
  const notFound = new HttpError(404, 'not_found', 'There is no such file in the preview.');
  if (!file.startsWith(rendererDir + sep) || file.includes('\0')) throw notFound;
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    // Missing, or a folder.
    throw notFound;
  }
  send(response, 200, CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', content);
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Type': contentType });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON_TYPE, JSON.stringify(body));
}

function sendError(response: ServerResponse, error: HttpError): void {
  // A failure after an event stream began cannot change its status.
  if (response.headersSent) return void response.end();
  // The preview's own refusals (a hotkey that is off, say) are not the app's messages: the code, and the reason in English.
  const result = { ok: false, error: { code: error.code, detail: error.message } };
  // A refused body may be partly unread: close the connection rather than read the rest.
  if (error.status === 413) response.setHeader('Connection', 'close');
  sendJson(response, error.status, result);
}
