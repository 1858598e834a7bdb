/**
 * `npm run bench:client`: what the REST client costs over a bare `fetch`. One `im.chat.get` to the fake portal on
 * loopback, through the client (envelope checks, leaky bucket, redirect handling, answer parsing) and as a bare
 * `fetch` + `JSON.parse`, alternated call by call so both see the same machine state. Prints medians and their
 * ratio, and reports `client_overhead` (median through the client, over the median bare fetch) to the runner
 * (`npm run bench`). A measurement to read, not a test: nothing here fails on a number. The same request through the
 * whole app (IPC dispatcher, lookup use case, history) is `lookup_overhead`, in quick-lookup.ts.
 *
 *   npm run bench:client -- [--runs N | --iterations N | --quick]
 */
import process from 'node:process';
import { BitrixClient } from '../../electron/core/bitrix/client.ts';
import { parseWebhookUrl } from '../../electron/core/bitrix/credentials.ts';
import { findEntityChat } from '../../electron/core/bitrix/im.ts';
import { PortalRateLimits } from '../../electron/core/bitrix/rate-limiter.ts';
import { startFakePortal } from '../fake-portal/portal.ts';
import { report, runsOption, timeAlternately } from './harness.ts';
import { percentile } from './stats.ts';

const iterations = runsOption(3000, 200, { alias: 'iterations' });

const USER_AGENT = 'B24ChatLookup/bench';
const portal = await startFakePortal();
const parsed = parseWebhookUrl(portal.webhookUrl);
if (!parsed.ok) throw new Error(parsed.message.code);
// Pacing off: the bucket's arithmetic still runs, but it never makes a call wait, so only overhead is measured.
const client = new BitrixClient({
  credentials: parsed.value,
  fetch,
  userAgent: USER_AGENT,
  rateLimits: new PortalRateLimits({ burst: Number.MAX_SAFE_INTEGER, perSecond: Number.MAX_SAFE_INTEGER }),
});
const key = { entityType: 'CRM', entityId: 'LEAD|13' };
const url = `${portal.webhookUrl}im.chat.get`;
const body = JSON.stringify({ ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });

async function bare(): Promise<unknown> {
  // The headers the client sends, so both make the same request.
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': USER_AGENT },
    body,
  });
  return (JSON.parse(await response.text()) as { result: unknown }).result;
}

async function viaClient(): Promise<unknown> {
  return findEntityChat(client, key);
}

// Warm-up first (connections, JIT, the portal's first answers), then alternated call by call.
const times = await timeAlternately(bare, viaClient, { pairs: iterations, warmup: Math.min(300, iterations) });
const bareTimes = times.first;
const clientTimes = times.second;
await portal.close();

bareTimes.sort((a, b) => a - b);
clientTimes.sort((a, b) => a - b);
const row = (name: string, t: number[]): string =>
  `${name.padEnd(22)} median ${percentile(t, 50).toFixed(3)} ms   p90 ${percentile(t, 90).toFixed(3)} ms   p99 ${percentile(t, 99).toFixed(3)} ms`;
process.stdout.write(
  [
    `im.chat.get to the fake portal on 127.0.0.1, ${iterations} calls each, Node ${process.version}`,
    row('bare fetch', bareTimes),
    row('through the client', clientTimes),
    `overhead ratio (median client / median bare): ${(percentile(clientTimes, 50) / percentile(bareTimes, 50)).toFixed(3)}`,
    `overhead (median difference): ${(percentile(clientTimes, 50) - percentile(bareTimes, 50)).toFixed(3)} ms`,
  ].join('\n') + '\n',
);
report({ name: 'client_overhead', unit: 'ms', value: percentile(clientTimes, 50), baseline: percentile(bareTimes, 50) });
