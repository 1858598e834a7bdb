/**
 * A stand-in for the `electron` module under plain Node: Vitest aliases `electron` to this file (vite.config.ts), and
 * the bench's loader does the same (bench/harness.ts). Outside Electron the real module is only the path of a binary.
 *
 * Two kinds of tests use it:
 * - the stores and IPC handlers over the real electron-store, which touches `app` (data folder, version), `ipcMain.on`
 *   (its renderer bridge, which the app closes) and `shell`;
 * - the lifecycle test (test/lifecycle/), which runs the built `dist/main/main.js` against it and drives it as a
 *   person would: every API the shell calls is here, and `standIn` records what the app did with them.
 *
 * Every export is typed against Electron 45's own declarations (node_modules/electron/electron.d.ts): each object and
 * class `satisfies` or `implements` a Pick of the real interface, so a member whose signature differs from Electron's
 * (a sync `clipboard.readText`, a `globalShortcut.register` that returns nothing) fails the type check. What the
 * stand-in cannot show is how Electron itself behaves: that is the `_electron` spec's (test/electron/app.spec.ts).
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage as NodeIncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import type * as Electron from 'electron';

type Rectangle = Electron.Rectangle;

// ---------------------------------------------------------------------------------------------------------------
// What the app did, for the tests to read and steer

/** A notification the app showed, with the click a person would give it. */
export interface ShownNotification {
  title: string;
  body: string;
  click(): void;
}

/** The stand-in's state: what the test sets up (`given`) and what the app did (the rest). Reset by `standIn.reset()`. */
function freshState() {
  return {
    given: {
      /** Paths by name (`userData`, `downloads`); `userData` defaults to a temporary folder named on first use. */
      paths: new Map<string, string>(),
      /** Chromium's command-line switches; `user-data-dir` is applied as Electron applies it (see userDataPath). */
      switches: new Map<string, string>(),
      /** Accelerators another app holds: register() answers false for them, as Electron does. */
      takenAccelerators: new Set<string>(),
      /** false: another copy holds the single-instance lock. */
      singleInstanceLock: true,
      encryptionAvailable: true,
      storageBackend: 'gnome_libsecret' as ReturnType<Electron.SafeStorage['getSelectedStorageBackend']>,
      preferredLanguages: ['en-US'],
      notificationsSupported: true,
      /** The program that opens `bx:` links ('' when none does). */
      bxHandler: '',
      /** macOS: what System Settings says of a login item once it is asked for (`requires-approval` until allowed). */
      loginItemStatus: 'enabled' as Electron.LoginItemSettings['status'],
      /** Where the save dialog says to save (null: the person cancels it). */
      saveTo: null as string | null,
      /** app.getVersion(): package.json's version in a real build. */
      version: '0.0.0-test',
      /** app.isPackaged: an installed copy (whose `process.resourcesPath` holds app-update.yml). */
      packaged: false,
    },
    clipboardText: '',
    notifications: [] as ShownNotification[],
    openedExternally: [] as string[],
    errorBoxes: [] as { title: string; content: string }[],
    /** The options of every save dialog shown. */
    saveDialogs: [] as Electron.SaveDialogOptions[],
    windows: [] as StandInBrowserWindow[],
    trays: [] as StandInTray[],
    registeredShortcuts: new Map<string, () => void>(),
    /** safeStorage.setUsePlainTextEncryption(true) was called. */
    plainTextEncryption: false,
    /** What Menu.setApplicationMenu was given: undefined while it was never called (Electron's default menu stays). */
    applicationMenu: undefined as StandInMenu | null | undefined,
    loginItem: { openAtLogin: false, args: [] as string[] },
    /** How many times app.hide() was called (macOS: the focus goes back to the app before). */
    appHidden: 0,
    /** How the app ended: `quit` (app.quit) or an exit code (app.exit). */
    ended: null as null | { how: 'quit' } | { how: 'exit'; code: number },
    /** Called synchronously as the app ends, before any later turn of the event loop: what is on disk then stays. */
    onEnd: [] as (() => void)[],
  };
}

let state = freshState();
let madeUserData: string | undefined;

function userDataPath(): string {
  const given = state.given.paths.get('userData');
  if (given !== undefined) return given;
  // As Electron: `--user-data-dir` is the profile folder, a relative one taken from the working directory.
  const switched = state.given.switches.get('user-data-dir');
  if (switched !== undefined && switched !== '') return resolve(switched);
  // Named, not made: whatever writes there makes it (electron-store does), and most runs never do (a preview server is
  // stopped by a signal, which no exit handler outlives).
  madeUserData ??= join(tmpdir(), `b24-fake-electron-userdata-${randomUUID()}`);
  return madeUserData;
}
// The folder a run wrote to goes with the process.
process.once('exit', () => {
  if (madeUserData) rmSync(madeUserData, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// app

class StandInApp
  extends EventEmitter
  implements
    Pick<
      Electron.App,
      | 'getPath'
      | 'setPath'
      | 'getVersion'
      | 'getName'
      | 'getAppPath'
      | 'getPreferredSystemLanguages'
      | 'requestSingleInstanceLock'
      | 'whenReady'
      | 'quit'
      | 'exit'
      | 'setAppUserModelId'
      | 'getLoginItemSettings'
      | 'setLoginItemSettings'
      | 'getApplicationNameForProtocol'
      | 'hide'
    >
{
  isPackaged = false;
  /** macOS only, as in Electron. */
  get dock(): Pick<Electron.Dock, 'hide'> | undefined {
    return process.platform === 'darwin' ? { hide: () => undefined } : undefined;
  }
  #ready = Promise.withResolvers<void>();

  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    if (name === 'userData') return userDataPath();
    const path = state.given.paths.get(name);
    if (path === undefined) throw new Error(`The electron stand-in has no path named ${name}.`);
    return path;
  }

  setPath(name: string, path: string): void {
    state.given.paths.set(name, path);
  }

  getVersion(): string {
    return state.given.version;
  }

  getName(): string {
    return 'B24 Chat Lookup';
  }

  getAppPath(): string {
    return process.cwd();
  }

  getPreferredSystemLanguages(): string[] {
    return [...state.given.preferredLanguages];
  }

  requestSingleInstanceLock(): boolean {
    return state.given.singleInstanceLock;
  }

  whenReady(): Promise<void> {
    return this.#ready.promise;
  }

  /** Back to before `ready`, for the next start. */
  notReady(): void {
    this.#ready = Promise.withResolvers<void>();
  }

  /** What Electron does once it has started: `ready`, then whenReady() resolves. */
  becomeReady(): void {
    this.emit('ready');
    this.#ready.resolve();
  }

  quit(): void {
    const beforeQuit = { defaultPrevented: false, preventDefault: () => void (beforeQuit.defaultPrevented = true) };
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = { defaultPrevented: false, preventDefault: () => void (willQuit.defaultPrevented = true) };
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    // "Emitted when the application is quitting", with its exit code (docs/api/app.md, Event: 'quit'):
    // electron-updater installs a downloaded update here (ElectronAppAdapter.onQuit).
    this.emit('quit', {}, 0);
    this.#end({ how: 'quit' });
  }

  exit(exitCode = 0): void {
    this.#end({ how: 'exit', code: exitCode });
  }

  #end(how: NonNullable<typeof state.ended>): void {
    if (state.ended) return;
    state.ended = how;
    for (const callback of state.onEnd) callback();
  }

  setAppUserModelId(): void {}

  hide(): void {
    state.appHidden += 1;
  }

  getLoginItemSettings(): Electron.LoginItemSettings {
    return {
      // macOS reports it on only once allowed: `openAtLogin` is `status == "enabled"` there (browser_mac.mm).
      openAtLogin: state.loginItem.openAtLogin && (process.platform !== 'darwin' || state.given.loginItemStatus === 'enabled'),
      wasOpenedAtLogin: false,
      status: state.loginItem.openAtLogin ? state.given.loginItemStatus : 'not-registered',
      executableWillLaunchAtLogin: state.loginItem.openAtLogin,
      launchItems: [],
    };
  }

  setLoginItemSettings(settings: Electron.Settings): void {
    state.loginItem = { openAtLogin: settings.openAtLogin ?? false, args: settings.args ?? [] };
  }

  getApplicationNameForProtocol(): string {
    return state.given.bxHandler;
  }
}

export const app = new StandInApp();

// ---------------------------------------------------------------------------------------------------------------
// Windows and what is in them

let nextWebContentsId = 1;

class StandInWebContents
  extends EventEmitter
  implements Pick<Electron.WebContents, 'send' | 'isLoading' | 'isCrashed' | 'isDevToolsOpened' | 'setWindowOpenHandler' | 'isDestroyed'>
{
  readonly id = nextWebContentsId++;
  /** Everything sent to the page, in order. */
  readonly sent: { channel: string; payload: unknown }[] = [];
  /** Every page load asked for: loadFile's path or loadURL's address. */
  readonly loads: string[] = [];
  loading = false;
  crashed = false;
  windowOpenHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | undefined;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, payload: args[0] });
  }

  isLoading(): boolean {
    return this.loading;
  }

  isCrashed(): boolean {
    return this.crashed;
  }

  isDevToolsOpened(): boolean {
    return false;
  }

  isDestroyed(): boolean {
    return false;
  }

  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]): void {
    this.windowOpenHandler = handler;
  }
}

export class StandInBrowserWindow
  extends EventEmitter
  implements
    Pick<
      Electron.BrowserWindow,
      'isDestroyed' | 'isVisible' | 'isFocused' | 'show' | 'hide' | 'focus' | 'setBounds' | 'getBounds' | 'setVisibleOnAllWorkspaces' | 'loadFile' | 'loadURL'
    >
{
  readonly webContents = new StandInWebContents();
  readonly options: Electron.BrowserWindowConstructorOptions;
  #visible = false;
  #focused = false;
  #bounds: Rectangle;
  /** Every time the window was put on screen. */
  shows = 0;

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    this.options = options;
    this.#bounds = { x: 0, y: 0, width: options.width ?? 800, height: options.height ?? 600 };
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }

  isDestroyed(): boolean {
    return false;
  }

  isVisible(): boolean {
    return this.#visible;
  }

  isFocused(): boolean {
    return this.#focused;
  }

  show(): void {
    this.#visible = true;
    this.shows += 1;
  }

  hide(): void {
    const had = this.#focused;
    this.#visible = false;
    this.#focused = false;
    if (had) this.emit('blur');
  }

  focus(): void {
    if (!this.#visible || this.#focused) return;
    this.#focused = true;
    this.emit('focus');
  }

  /** Another app took the focus (the person clicked elsewhere). */
  loseFocus(): void {
    if (!this.#focused) return;
    this.#focused = false;
    this.emit('blur');
  }

  setBounds(bounds: Partial<Rectangle>): void {
    this.#bounds = { ...this.#bounds, ...bounds };
  }

  getBounds(): Rectangle {
    return { ...this.#bounds };
  }

  setVisibleOnAllWorkspaces(): void {}

  /** The page loads: Electron says `ready-to-show` once it has drawn. */
  loadFile(filePath: string): Promise<void> {
    return this.#load(filePath);
  }

  loadURL(url: string): Promise<void> {
    return this.#load(url);
  }

  #load(target: string): Promise<void> {
    this.webContents.loads.push(target);
    this.webContents.loading = true;
    return new Promise((done) =>
      setImmediate(() => {
        this.webContents.loading = false;
        this.emit('ready-to-show');
        done();
      }),
    );
  }
}

export const BrowserWindow = StandInBrowserWindow;

// ---------------------------------------------------------------------------------------------------------------
// Tray, menus, images, theme, screen

export class StandInMenu implements Pick<Electron.Menu, 'items'> {
  readonly template: Electron.MenuItemConstructorOptions[];
  readonly items: Electron.MenuItem[] = [];

  constructor(template: Electron.MenuItemConstructorOptions[]) {
    this.template = template;
  }

  /** Clicks the item with this label, as a person would in the menu. */
  click(label: string): void {
    const item = this.template.find((entry) => entry.label === label);
    if (!item?.click) throw new Error(`The menu has no item "${label}": ${this.template.map((entry) => entry.label ?? '—').join(', ')}`);
    item.click({} as Electron.MenuItem, undefined, {} as Electron.KeyboardEvent);
  }

  static buildFromTemplate(template: Electron.MenuItemConstructorOptions[]): StandInMenu {
    return new StandInMenu(template);
  }

  static setApplicationMenu(menu: Electron.Menu | null): void {
    state.applicationMenu = menu as unknown as StandInMenu | null;
  }
}

export const Menu = StandInMenu;

export class StandInNativeImage implements Pick<Electron.NativeImage, 'isEmpty' | 'setTemplateImage'> {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  isEmpty(): boolean {
    return !existsSync(this.path);
  }

  setTemplateImage(): void {}
}

export const nativeImage = {
  createFromPath: (path: string) => new StandInNativeImage(path),
} satisfies Record<keyof Pick<typeof Electron.nativeImage, 'createFromPath'>, (path: string) => Pick<Electron.NativeImage, 'isEmpty'>>;

export class StandInTray
  extends EventEmitter
  implements Pick<Electron.Tray, 'setContextMenu' | 'popUpContextMenu' | 'setIgnoreDoubleClickEvents' | 'setToolTip' | 'getBounds'>
{
  image: StandInNativeImage;
  menu: StandInMenu | null = null;
  tooltip = '';

  constructor(image: StandInNativeImage) {
    super();
    this.image = image;
    state.trays.push(this);
  }

  // The app hands in what Menu.buildFromTemplate made, which is this stand-in's menu.
  setContextMenu(menu: Electron.Menu | null): void {
    this.menu = menu as unknown as StandInMenu | null;
  }

  popUpContextMenu(menu?: Electron.Menu): void {
    if (menu) this.menu = menu as unknown as StandInMenu;
  }

  setIgnoreDoubleClickEvents(): void {}

  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }

  setImage(image: StandInNativeImage): void {
    this.image = image;
  }

  /** Linux gives no tray bounds (zeros), as Electron documents for it. */
  getBounds(): Rectangle {
    return { x: 0, y: 0, width: 0, height: 0 };
  }

  /** A left click on the icon, with the bounds Windows and macOS give (Linux gives none). */
  click(bounds?: Rectangle): void {
    this.emit('click', {}, bounds ?? this.getBounds(), { x: 0, y: 0 });
  }
}

export const Tray = StandInTray;

class StandInNativeTheme
  extends EventEmitter
  implements Pick<Electron.NativeTheme, 'shouldUseDarkColors' | 'shouldUseDarkColorsForSystemIntegratedUI' | 'themeSource'>
{
  shouldUseDarkColors = false;
  shouldUseDarkColorsForSystemIntegratedUI = false;
  themeSource: Electron.NativeTheme['themeSource'] = 'system';
}

export const nativeTheme = new StandInNativeTheme();

const DISPLAY = { bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };

export const screen = {
  getCursorScreenPoint: (): Electron.Point => ({ x: 1900, y: 1060 }),
  getAllDisplays: () => [DISPLAY as Electron.Display],
} satisfies Pick<Electron.Screen, 'getCursorScreenPoint' | 'getAllDisplays'>;

// ---------------------------------------------------------------------------------------------------------------
// Sessions

class StandInSession implements Pick<
  Electron.Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler'
> {
  readonly partition: string;
  permissionsDenied = 0;
  requestFilter: ((details: { url: string }) => boolean) | undefined;
  readonly webRequest = {
    onBeforeRequest: (listener: (details: Electron.OnBeforeRequestListenerDetails, callback: (response: Electron.CallbackResponse) => void) => void) => {
      this.requestFilter = (details) => {
        let cancelled = false;
        listener({ url: details.url } as Electron.OnBeforeRequestListenerDetails, (response) => (cancelled = response.cancel === true));
        return !cancelled;
      };
    },
  };

  constructor(partition: string) {
    this.partition = partition;
  }

  setPermissionRequestHandler(): void {
    this.permissionsDenied += 1;
  }

  setPermissionCheckHandler(): void {}
  setDevicePermissionHandler(): void {}
  setDisplayMediaRequestHandler(): void {}
}

const partitions = new Map<string, StandInSession>();

export const session = {
  defaultSession: new StandInSession(''),
  fromPartition: (partition: string): StandInSession => {
    const existing = partitions.get(partition) ?? new StandInSession(partition);
    partitions.set(partition, existing);
    return existing;
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The desktop: clipboard, hotkeys, notifications, links, dialogs

export const clipboard = {
  // Promise-returning, as Electron 45 declares them (electron.d.ts, Clipboard.readText/writeText).
  readText: async (): Promise<string> => state.clipboardText,
  writeText: async (text: string): Promise<void> => void (state.clipboardText = text),
} satisfies Pick<Electron.Clipboard, 'readText' | 'writeText'>;

export const globalShortcut = {
  register: (accelerator: string, callback: () => void): boolean => {
    if (state.given.takenAccelerators.has(accelerator) || state.registeredShortcuts.has(accelerator)) return false;
    state.registeredShortcuts.set(accelerator, callback);
    return true;
  },
  unregister: (accelerator: string): void => void state.registeredShortcuts.delete(accelerator),
} satisfies Pick<Electron.GlobalShortcut, 'register' | 'unregister'>;

export class StandInNotification extends EventEmitter implements Pick<Electron.Notification, 'show' | 'title' | 'body'> {
  title: string;
  body: string;

  constructor(options: Electron.NotificationConstructorOptions = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
  }

  show(): void {
    state.notifications.push({ title: this.title, body: this.body, click: () => this.emit('click', {}) });
  }

  static isSupported(): boolean {
    return state.given.notificationsSupported;
  }
}

export const Notification = StandInNotification;

export const shell = {
  openExternal: async (url: string): Promise<void> => void state.openedExternally.push(url),
  openPath: async (): Promise<string> => '',
} satisfies Pick<Electron.Shell, 'openExternal' | 'openPath'>;

export const dialog = {
  showErrorBox: (title: string, content: string): void => void state.errorBoxes.push({ title, content }),
  // showSaveDialog([window,] options), as Electron's two signatures take it.
  showSaveDialog: async (...args: [Electron.SaveDialogOptions] | [unknown, Electron.SaveDialogOptions]): Promise<Electron.SaveDialogReturnValue> => {
    const options = args.length === 1 ? args[0] : args[1];
    state.saveDialogs.push(options);
    const { saveTo } = state.given;
    return saveTo === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: saveTo };
  },
} satisfies Pick<Electron.Dialog, 'showErrorBox'> & { showSaveDialog: (...args: [Electron.SaveDialogOptions]) => Promise<Electron.SaveDialogReturnValue> };

// ---------------------------------------------------------------------------------------------------------------
// IPC

type InvokeHandler = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Listeners by channel, so a test can see which channels the code leaves open (electron-store opens one). */
export const ipcListeners = new Map<string, number>();
const invokeHandlers = new Map<string, InvokeHandler>();

export const ipcMain = {
  on: (channel: string): void => void ipcListeners.set(channel, (ipcListeners.get(channel) ?? 0) + 1),
  handle: (channel: string, handler: InvokeHandler): void => {
    if (invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, handler);
  },
  removeHandler: (channel: string): void => void invokeHandlers.delete(channel),
  removeAllListeners: (channel?: string): void => void (channel === undefined ? ipcListeners.clear() : ipcListeners.delete(channel)),
} satisfies Pick<Electron.IpcMain, 'handle' | 'removeHandler'> & Record<'on' | 'removeAllListeners', (...args: never[]) => void>;

// ---------------------------------------------------------------------------------------------------------------
// The network: net.request over Node's http, with Electron's events

/** Electron decodes header values as UTF-8; Node keeps them as bytes (latin1). */
const electronHeaders = (headers: NodeIncomingMessage['headers']): Record<string, string | string[]> =>
  Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) => {
      if (value === undefined) return [];
      const decode = (text: string): string => Buffer.from(text, 'latin1').toString('utf8');
      return [[name, Array.isArray(value) ? value.map(decode) : decode(value)]];
    }),
  );

export class StandInClientRequest extends EventEmitter implements Pick<Electron.ClientRequest, 'setHeader' | 'write' | 'end' | 'abort'> {
  readonly #options: Electron.ClientRequestConstructorOptions;
  readonly #headers = new Map<string, string>();
  readonly #chunks: Buffer[] = [];
  #request: ReturnType<typeof httpRequest> | undefined;
  #aborted = false;

  constructor(options: Electron.ClientRequestConstructorOptions) {
    super();
    this.#options = options;
  }

  setHeader(name: string, value: string): void {
    this.#headers.set(name, value);
  }

  write(chunk: string | Buffer): boolean {
    this.#chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    return true;
  }

  end(chunk?: string | Buffer): Electron.ClientRequest {
    if (chunk !== undefined) this.write(chunk);
    // A URL, or its parts (electron-updater's requests give protocol, hostname, port and path, as Node's do).
    const { protocol = 'http:', hostname, host, port, path = '/' } = this.#options;
    const url = new URL(this.#options.url ?? `${protocol}//${hostname ?? host ?? ''}${port === undefined ? '' : `:${port}`}${path}`);
    if (url.protocol !== 'http:') throw new Error(`The electron stand-in's net.request speaks http to 127.0.0.1 only, not ${url.protocol}`);
    const given = Object.entries(this.#options.headers ?? {}).map(([name, value]) => [name, String(value)]);
    const request = httpRequest(url, {
      method: this.#options.method ?? 'GET',
      headers: { ...Object.fromEntries(given), ...Object.fromEntries(this.#headers) },
    });
    this.#request = request;
    request.on('response', (response) => {
      if (this.#aborted) return void response.resume();
      const headers = electronHeaders(response.headers);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location !== undefined && this.#options.redirect === 'manual') {
        response.resume();
        this.emit('redirect', status, this.#options.method ?? 'GET', new URL(location, url).href, headers);
        return;
      }
      // Electron's IncomingMessage is a readable stream (client-request.md): electron-updater pipes it into the file.
      const message = Object.assign(new PassThrough(), { statusCode: status, statusMessage: response.statusMessage ?? '', headers });
      this.emit('response', message);
      response.on('error', (error) => message.destroy(error));
      // A connection that drops before the body's end is an error of the response, as in Electron.
      response.on('aborted', () => message.destroy(new Error('net::ERR_CONNECTION_RESET')));
      response.pipe(message);
    });
    request.on('error', (error) => {
      if (!this.#aborted) this.emit('error', new Error(`net::ERR_CONNECTION_REFUSED (${error.message})`));
    });
    request.end(Buffer.concat(this.#chunks));
    // Electron returns the request itself; the app never reads it.
    return this as unknown as Electron.ClientRequest;
  }

  abort(): void {
    this.#aborted = true;
    this.#request?.destroy();
    this.emit('abort');
  }
}

export const net = {
  request: (options: Electron.ClientRequestConstructorOptions | string) => new StandInClientRequest(typeof options === 'string' ? { url: options } : options),
} satisfies Record<
  'request',
  (options: Electron.ClientRequestConstructorOptions | string) => Pick<Electron.ClientRequest, 'setHeader' | 'write' | 'end' | 'abort'>
>;

// ---------------------------------------------------------------------------------------------------------------
// safeStorage: a reversible stand-in cipher (the tests read what is stored, never a real keychain)

const SEALED_PREFIX = 'stand-in-sealed:';

export const safeStorage = {
  isEncryptionAvailable: (): boolean => state.given.encryptionAvailable || (state.plainTextEncryption && state.given.storageBackend === 'basic_text'),
  getSelectedStorageBackend: () => state.given.storageBackend,
  encryptString: (plainText: string): Buffer => {
    if (!safeStorage.isEncryptionAvailable())
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    return Buffer.from(`${SEALED_PREFIX}${Buffer.from(plainText, 'utf8').toString('hex')}`, 'utf8');
  },
  decryptString: (encrypted: Buffer): string => {
    if (!safeStorage.isEncryptionAvailable())
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    const text = encrypted.toString('utf8');
    if (!text.startsWith(SEALED_PREFIX)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(SEALED_PREFIX.length), 'hex').toString('utf8');
  },
  // Linux without a keyring: Chromium's own key (basic_text), as Electron does once told to use it.
  setUsePlainTextEncryption: (usePlainText: boolean): void => void (state.plainTextEncryption = usePlainText),
} satisfies Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString' | 'setUsePlainTextEncryption'>;

// ---------------------------------------------------------------------------------------------------------------
// The preload's side: contextBridge and ipcRenderer

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(apiKey: string, api: unknown): void {
    this.exposed.set(apiKey, api);
  },
} satisfies Pick<Electron.ContextBridge, 'exposeInMainWorld'> & { exposed: Map<string, unknown> };

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: async (channel: string, ...args: unknown[]): Promise<unknown> => {
    const handler = invokeHandlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    const window = state.windows.at(-1);
    const event = { sender: window?.webContents, senderFrame: pageFrame } as unknown as Electron.IpcMainInvokeEvent;
    return handler(event, ...args);
  },
}) satisfies Pick<Electron.IpcRenderer, 'invoke'>;

/** The frame the window's page runs in, as IPC events name it; the test sets its URL to the page the app loaded. */
const pageFrame = { url: '', parent: null as unknown };

// ---------------------------------------------------------------------------------------------------------------
// The test's handle

export const standIn = {
  get state() {
    return state;
  },
  /** Everything back to a first start, with these givens. */
  reset(given: Partial<ReturnType<typeof freshState>['given']> = {}): void {
    state = freshState();
    Object.assign(state.given, given);
    invokeHandlers.clear();
    ipcListeners.clear();
    partitions.clear();
    app.removeAllListeners();
    app.notReady();
    nativeTheme.removeAllListeners();
    app.isPackaged = state.given.packaged;
    pageFrame.url = '';
  },
  /** The address the page's frame reports to IPC (the app checks it against the page it loaded). */
  setPageUrl(url: string): void {
    pageFrame.url = url;
  },
  /** Calls an IPC channel as the window's page does (the preload's invoke), from the app's own window. */
  invoke: (channel: string, payload?: unknown): Promise<unknown> => ipcRenderer.invoke(channel, payload),
  /** Presses a global hotkey. */
  press(accelerator: string): void {
    const callback = state.registeredShortcuts.get(accelerator);
    if (!callback) throw new Error(`No hotkey ${accelerator} is registered (registered: ${[...state.registeredShortcuts.keys()].join(', ')})`);
    callback();
  },
  /** Whether a request of the window's session would be let through. */
  windowSessionAllows(url: string): boolean {
    const filter = [...partitions.values()].find((entry) => entry.requestFilter)?.requestFilter;
    return filter ? filter({ url }) : true;
  },
};

export default {
  app,
  BrowserWindow,
  Menu,
  nativeImage,
  Tray,
  nativeTheme,
  screen,
  session,
  clipboard,
  globalShortcut,
  Notification,
  shell,
  dialog,
  ipcMain,
  net,
  safeStorage,
  contextBridge,
  ipcRenderer,
};
