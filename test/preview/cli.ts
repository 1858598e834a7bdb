/**
 * `npm run preview`: the tray window in a browser, backed by the real main process (test/preview/server.ts), for
 * working on the window where Electron cannot run. Builds nothing itself (the npm script runs `vite build` first).
 *
 *   npm run preview -- [--port N] [--data-dir DIR] [--lang en|ru|de|es|pt-BR|pl|uk] [--oauth-port N] [--new-version V]
 *     --new-version V   plays an AppImage whose release feed offers version V (Settings → About shows the update)
 *   B24_WEBHOOK_URL=<incoming webhook> npm run preview    connects that portal at start (once per data folder)
 */
import './electron-alias.ts';
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { maskSecrets } from '../../electron/common/references/secrets.ts';
import { LANGUAGES } from '../../electron/common/i18n/catalogs.ts';

const USAGE =
  'Usage: npm run preview -- [--port N] [--data-dir DIR] [--lang en|ru|de|es|pt-BR|pl|uk] [--request-timeout MS] [--retry-delay MS] [--oauth-port N]' +
  ' [--new-version V]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/** A failure that is not the command line's: said in one line, with any secret in it masked. */
function failToStart(message: string): never {
  process.stderr.write(`${maskSecrets(message)}\n`);
  process.exit(1);
}

let values: {
  port?: string;
  'data-dir'?: string;
  lang?: string;
  'request-timeout'?: string;
  'retry-delay'?: string;
  'oauth-port'?: string;
  'new-version'?: string;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      lang: { type: 'string' },
      // How long the app waits for the portal, and between retries: shortened, a timeout or a rate limit shows at once.
      'request-timeout': { type: 'string' },
      'retry-delay': { type: 'string' },
      // Where the sign-in's handler listens (the local application's handler address); the app's own port otherwise.
      'oauth-port': { type: 'string' },
      // A release feed on 127.0.0.1 that offers this version (test/preview/updates.ts).
      'new-version': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(`${USAGE}\nSet B24_WEBHOOK_URL to an incoming webhook to connect its portal at start.\n`);
  process.exit(0);
}

/** A fixed default, so a tab left open finds the preview again after a restart. */
const DEFAULT_PORT = 24025;
const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
// Number('') is 0: an empty --port is a mistake, not a request for any free port.
if (values.port?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) fail(`--port wants a number from 0 to 65535, not "${values.port}".`);
// The language only decides the default: a data folder with saved settings keeps the language chosen there.
let osLocales = ['en-US'];
if (values.lang !== undefined) {
  const { lang } = values;
  const language = LANGUAGES.find((known) => known === lang);
  if (language === undefined) fail(`--lang is one of ${LANGUAGES.join(', ')}, not "${lang}".`);
  osLocales = [language];
}

/** A number of milliseconds from an option, or undefined when it was not given. */
function milliseconds(name: 'request-timeout' | 'retry-delay', min: number): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (text.trim() === '' || !Number.isInteger(ms) || ms < min || ms > 600_000) fail(`--${name} wants milliseconds from ${min} to 600000, not "${text}".`);
  return ms;
}
const oauthPort = values['oauth-port'] === undefined ? undefined : Number(values['oauth-port']);
if (oauthPort !== undefined && (values['oauth-port']?.trim() === '' || !Number.isInteger(oauthPort) || oauthPort < 1 || oauthPort > 65535)) {
  fail(`--oauth-port wants a number from 1 to 65535, not "${values['oauth-port']}".`);
}
const timeoutMs = milliseconds('request-timeout', 100);
const retryDelayMs = milliseconds('retry-delay', 0);
const client = {
  ...(timeoutMs === undefined ? {} : { timeoutMs }),
  ...(retryDelayMs === undefined ? {} : { retry: { rateLimitDelayMs: retryDelayMs, serverErrorDelayMs: retryDelayMs } }),
};

const newVersion = values['new-version'];
if (newVersion !== undefined && !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(newVersion))
  fail(`--new-version wants a version such as 0.2.0, not "${newVersion}".`);

// By default one folder under the temp folder, so settings and portals survive a restart of the preview.
const dataDir = resolve(values['data-dir'] ?? join(tmpdir(), 'b24-chat-lookup-preview'));
try {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
} catch (error) {
  failToStart(`The data folder ${dataDir} could not be created: ${error instanceof Error ? error.message : String(error)}`);
}
// The temp folder is shared: a folder another user made there in advance would let them read or swap the key and files.
if (values['data-dir'] === undefined && process.getuid !== undefined && statSync(dataDir).uid !== process.getuid()) {
  failToStart(`${dataDir} belongs to another user; choose a data folder of your own with --data-dir.`);
}

// Loaded only now: it loads electron-store, which needs electron-alias.ts's hook in place first.
const { PortalConnectError, startPreview } = await import('./server.ts');
// An empty variable counts as unset, as a shell's `B24_WEBHOOK_URL= npm run preview` means.
const webhookUrl = process.env.B24_WEBHOOK_URL || undefined;
const start = (onPort: number) =>
  startPreview({
    port: onPort,
    dataDir,
    osLocales,
    client,
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
    ...(oauthPort === undefined ? {} : { oauthHandlerPort: oauthPort }),
    ...(newVersion === undefined ? {} : { newVersion }),
  });
const inUse = (error: unknown): boolean => (error as { code?: unknown }).code === 'EADDRINUSE';
let preview;
try {
  preview = await start(port).catch((error: unknown) => {
    // The default port may be taken by another copy; any free port will do then. A port the user chose is not replaced.
    if (inUse(error) && values.port === undefined) return start(0);
    throw error;
  });
} catch (error) {
  if (inUse(error)) fail(`Port ${port} is already in use; pick another with --port, or 0 for any free one.`);
  const message = error instanceof Error ? error.message : String(error);
  failToStart(error instanceof PortalConnectError ? `B24_WEBHOOK_URL: ${message}` : message);
}

process.stdout.write(
  `Preview: ${preview.url}\n` +
    `Open it in a browser. State is kept in ${dataDir}; ${preview.url}preview/desktop shows what the desktop was asked to do. Press Ctrl+C to stop.\n`,
);

const close = (): void => {
  void preview.close().then(() => process.exit(0));
};
process.once('SIGINT', close);
process.once('SIGTERM', close);
