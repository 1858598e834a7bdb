/**
 * `npm run fake-portal`: a fake Bitrix24 portal on this computer, and its authorization server beside it, for trying
 * the app (or the CLI) without a real one. Prints a working webhook address, the local application to sign in with
 * (OAuth) and the entities that have chats, then serves until Ctrl+C.
 *
 *   npm run fake-portal -- [--port N] [--shape object|number] [--latency MS]
 */
import process from 'node:process';
import { parseArgs } from 'node:util';
import { startFakeOAuthServer } from './oauth-server.ts';
import { DEFAULT_HANDLER, DEMO_ENTITIES, DEMO_OPEN_LINES, DEMO_SCOPES, startFakePortal } from './portal.ts';

const USAGE = 'Usage: npm run fake-portal -- [--port N] [--shape object|number] [--latency MS]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { port?: string; shape?: string; latency?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { port: { type: 'string' }, shape: { type: 'string' }, latency: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
/** A fixed default, so a webhook pasted into the app keeps working across restarts of the fake portal. */
const DEFAULT_PORT = 24024;
const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port wants a number from 0 to 65535, not "${values.port}".`);
const shape = values.shape ?? 'object';
if (shape !== 'object' && shape !== 'number') fail(`--shape is "object" ({"ID": 1437}) or "number" (1437), not "${shape}".`);
const latencyMs = values.latency === undefined ? 0 : Number(values.latency);
if (!Number.isFinite(latencyMs) || latencyMs < 0) fail(`--latency wants milliseconds, not "${values.latency}".`);

// A fixed code, application and secret too, so what was pasted into the app keeps working between runs; this portal
// holds nothing worth protecting. The authorization server takes the port two up (the preview's default is between).
const APPLICATION = { clientId: 'local.6537665f598492.98090704', clientSecret: 'demo0fake0application0secret', handler: DEFAULT_HANDLER };
const inUse = (error: unknown): boolean => (error as { code?: unknown }).code === 'EADDRINUSE';
let portal;
try {
  const chosen = port === 0 ? 0 : port + 2;
  const oauthServer = await startFakeOAuthServer({ port: chosen }).catch((error: unknown) => {
    if (inUse(error) && values.port === undefined) return startFakeOAuthServer({ port: 0 });
    throw error;
  });
  const start = (onPort: number) =>
    startFakePortal({ port: onPort, answerShape: shape, latencyMs, secret: 'demo0fake0webhook', application: APPLICATION, oauthServer, scopes: DEMO_SCOPES });
  portal = await start(port).catch((error: unknown) => {
    // The default port may be taken by another copy; any free port will do then. A port the user chose is not replaced.
    if (inUse(error) && values.port === undefined) return start(0);
    throw error;
  });
} catch (error) {
  fail(inUse(error) ? `Port ${port} is already in use; pick another with --port, or 0 for any free one.` : `The fake portal could not start: ${String(error)}`);
}

const lines = [
  `Fake Bitrix24 portal on ${portal.origin} (only this computer can reach it)`,
  '',
  'Webhook address to paste into B24 Chat Lookup or pass to the CLI:',
  `  ${portal.webhookUrl}`,
  '',
  'Or connect with a local application (OAuth; Settings → connect with a local application):',
  `  portal address  ${portal.origin}`,
  `  client id       ${portal.application.clientId}`,
  `  client secret   ${portal.application.clientSecret}`,
  `  (its handler address is ${portal.application.handler}: the browser goes there at once, as if you were signed in`,
  `  to Bitrix24; the code is exchanged at the fake authorization server, ${portal.oauthServer.origin})`,
  '',
  'Entities that have a chat (anything else answers "no chat"):',
  ...Object.entries(DEMO_ENTITIES).map(([key, chatId]) => {
    const [type, id] = key.split(':');
    return `  ${type?.padEnd(11)} ${id?.padEnd(18)} chat ${chatId}`;
  }),
  '',
  'Open-line chats of CRM entities (imopenlines.crm.chat.get):',
  ...Object.entries(DEMO_OPEN_LINES).map(([key, chats]) => {
    const [type = '', id = ''] = key.split('|');
    const list = chats.map((chat) => `chat ${chat.chatId} (${chat.connectorTitle}${chat.active ? '' : ', closed'})`).join(', ');
    return `  CRM         ${`${type.toUpperCase()}|${id}`.padEnd(18)} ${list}`;
  }),
  '',
  'Press Ctrl+C to stop.',
];
process.stdout.write(`${lines.join('\n')}\n`);

const stop = (): void => {
  void portal
    .close()
    .then(() => portal.oauthServer.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
