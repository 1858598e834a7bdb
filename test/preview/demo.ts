/**
 * `npm run demo`: the fake Bitrix24 portal and the browser preview of the window, connected to each other, so the
 * window can be tried end to end with nothing else running. Prints the preview's address and references that have
 * a chat; Ctrl+C stops both.
 *
 *   npm run demo -- [--data-dir DIR]
 *
 * Without --data-dir the state lives in a fresh temp folder, removed when the demo stops.
 */
import './electron-alias.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { maskSecrets } from '../../electron/common/references/secrets.ts';
import { DEMO_ENTITIES, DEMO_SCOPES, startFakePortal } from '../fake-portal/portal.ts';

const USAGE = 'Usage: npm run demo -- [--data-dir DIR]';

let values: { 'data-dir'?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

// Loaded only now: it loads electron-store, which needs electron-alias.ts's hook in place first.
const { startPreview } = await import('./server.ts');

// The fake portal's own defaults (npm run fake-portal): the same webhook address from run to run, so a kept data
// folder stays connected. Any free port when that one is taken.
const PORTAL_PORT = 24024;
const startPortal = (port: number) =>
  startFakePortal({
    port,
    secret: 'demo0fake0webhook',
    scopes: DEMO_SCOPES,
    application: { clientId: 'local.6537665f598492.98090704', clientSecret: 'demo0fake0application0secret' },
  });
const portal = await startPortal(PORTAL_PORT).catch((error: unknown) => {
  if ((error as { code?: unknown }).code === 'EADDRINUSE') return startPortal(0);
  throw error;
});

const givenDir = values['data-dir'];
const freshDir = givenDir === undefined;
const dataDir = givenDir === undefined ? mkdtempSync(join(tmpdir(), 'b24-chat-lookup-demo-')) : resolve(givenDir);
let preview;
try {
  preview = await startPreview({ dataDir, webhookUrl: portal.webhookUrl });
} catch (error) {
  await portal.close();
  if (freshDir) rmSync(dataDir, { recursive: true, force: true });
  process.stderr.write(`${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}

const lines = [
  `Preview: ${preview.url}`,
  `Open it in a browser. It is connected to the fake Bitrix24 portal on ${portal.origin}.`,
  '',
  'To try connecting with a local application (OAuth) too: portal address, client id and client secret',
  `  ${portal.origin}   ${portal.oauth.clientId}   ${portal.oauth.clientSecret}`,
  '(the preview plays the browser: the fake portal lets the app in at once, as if you had chosen Allow)',
  '',
  'References that have a chat (anything else answers "no chat"):',
  ...Object.entries(DEMO_ENTITIES).map(([key, chatId]) => {
    // What a person would copy: a CRM entity as `LEAD|13`, anything else as `TASKS_TASK:8293`.
    const reference = key.startsWith('CRM:') ? key.slice('CRM:'.length) : key;
    return `  ${reference.padEnd(18)} chat ${chatId}`;
  }),
  '',
  `State is kept in ${dataDir}${freshDir ? ' (removed when the demo stops)' : ''}. Press Ctrl+C to stop.`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const stop = (): void => {
  void Promise.all([preview.close(), portal.close()]).then(() => {
    if (freshDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
