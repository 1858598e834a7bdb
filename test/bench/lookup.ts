/**
 * `npm run bench:lookup`: how fast pasted text becomes answers.
 *   1. The parser: a 10,000-line paste of real-looking references (every form the parser reads, and bad ones),
 *      parsed whole; the slowest single form; and the slowest of several ~100,000-character pastes built to
 *      make a careless regular expression or splitter go quadratic.
 *   2. `b24-chat-lookup lookup --json` as a process, 500 references on standard input, against the fake portal
 *      on loopback enforcing the standard plan's limit (50 burst, 2 per second), with no added latency and with
 *      150 ms per request (a far-away cloud portal). Wall time from spawn to exit, node start-up included.
 *   3. The same 500 references through the portal side of a lookup in this process (parsed, then `findChatsOnPortal` with a
 *      client keeping the standard plan's bucket), against a fresh portal enforcing that plan each run: HTTP
 *      requests, 503 refusals and wall time, over the floor of 10 bare `fetch`es of the same 50-command `batch`
 *      bodies sent one after another to a portal of the same kind. The two alternate run by run.
 * Reports `parse_throughput`, `batch_500_requests`, `batch_500_503s` and `batch_500_wall` to the runner
 * (`npm run bench`). A measurement to read, not a test: nothing here fails on a number.
 *
 *   npm run bench:lookup -- [--runs N | --quick]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import process from 'node:process';
import { batchBody, chunkCommands } from '../../electron/core/bitrix/batch.ts';
import { BitrixClient, userAgentFor } from '../../electron/core/bitrix/client.ts';
import { parseWebhookUrl } from '../../electron/core/bitrix/credentials.ts';
import { PortalRateLimits, RATE_PLANS } from '../../electron/core/bitrix/rate-limiter.ts';
import { findChatsOnPortal } from '../../electron/core/lookup/portal-chat-lookup.ts';
import { parseEntityReferences } from '../../electron/common/references/parse-reference.ts';
import { type FakePortal, startFakePortal } from '../fake-portal/portal.ts';
import { report, runsOption } from './harness.ts';
import { median } from './stats.ts';

const runs = runsOption(5, 1);

// What `npx b24-chat-lookup` runs: the launcher (with its compile cache), then the command.
const CLI = join(import.meta.dirname, '..', '..', 'electron', 'b24-chat-lookup.mjs');

// One of each shape people paste; {n} is the id.
const FORMS = [
  'LEAD|{n}',
  'deal | 0{n}',
  'D_{n}',
  'T8a_{n}',
  'https://example.bitrix24.ru/crm/deal/details/{n}/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER',
  '/crm/type/128/details/{n}/',
  'Сделка №{n}',
  'коммерческое предложение {n}',
  '“Deal #{n}”',
  '\u200bCO_{n}\u200b',
  'https://example.bitrix24.ru/online/?IM_DIALOG=chat{n}',
  'TASKS_TASK:{n}',
  '{n}',
  '{n}abc',
  'hello world {n}',
];

function timeMs(fn: () => void, repeat: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

// 1. The parser
const lines = Array.from({ length: 10_000 }, (_, i) => (FORMS[i % FORMS.length] ?? '').replace('{n}', String(i + 1)));
const paste = lines.join('\n');
for (let i = 0; i < 5; i += 1) parseEntityReferences(paste, { defaultType: 'DEAL' });
const wholeMs = timeMs(() => parseEntityReferences(paste, { defaultType: 'DEAL' }), 15);
const referencesPerSecond = lines.length / (wholeMs / 1000);
const perForm = FORMS.map((form) => {
  const text = form.replace('{n}', '4711');
  for (let i = 0; i < 2000; i += 1) parseEntityReferences(text);
  const started = performance.now();
  for (let i = 0; i < 20_000; i += 1) parseEntityReferences(text);
  return { form, us: ((performance.now() - started) / 20_000) * 1000 };
}).sort((a, b) => b.us - a.us);

// Pastes that punish backtracking and re-scanning: long runs of one separator or wrapper character.
const PATHOLOGICAL: Record<string, string> = {
  'a run of dots': `a${'.'.repeat(100_000)}a`,
  'a run of closing brackets': `[a](${')'.repeat(100_000)}x`,
  'words with no reference': `deal ${'x '.repeat(49_000)}`,
  'a link query with 50,000 commas': `https://a.b/?x${',a'.repeat(50_000)}`,
  'spaces around a pipe': `LEAD${' '.repeat(100_000)}x`,
  'repeated /rest/ paths': '/rest/1/'.repeat(12_500),
  'repeated token names': 'auth='.repeat(20_000),
  '12,000 references on one line': Array.from({ length: 12_000 }, (_, i) => `D_${i}`).join(' '),
};
const worst = Object.entries(PATHOLOGICAL)
  .map(([name, text]) => ({ name, ms: timeMs(() => parseEntityReferences(text), 3) }))
  .sort((a, b) => b.ms - a.ms)[0];

// 2. The CLI against the fake portal
function runCli(env: Record<string, string>, stdin: string): Promise<{ ms: number; code: number | null; rows: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'lookup', '--json'], { env: { PATH: process.env.PATH ?? '', ...env } });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, rows: (JSON.parse(out) as unknown[]).length }));
  });
}

const entities: Record<string, number> = {};
for (let id = 1; id <= 500; id += 1) if (id % 3 !== 0) entities[`CRM:DEAL|${id}`] = 30_000 + id;
const refs = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? `D_${i + 1}` : `https://example.bitrix24.ru/crm/deal/details/${i + 1}/`)).join('\n');

const cliRows: string[] = [];
for (const latencyMs of [0, 150]) {
  const times: number[] = [];
  let requests = 0;
  for (let run = 0; run < runs; run += 1) {
    // A fresh portal each run, so its bucket starts full as a portal's would after a quiet minute.
    const portal = await startFakePortal({ entities, latencyMs, rateLimit: RATE_PLANS.others });
    const result = await runCli({ B24_WEBHOOK_URL: portal.webhookUrl }, refs);
    if (result.code !== 0 || result.rows !== 500) throw new Error(`lookup failed: exit ${result.code}, ${result.rows} rows`);
    times.push(result.ms);
    requests = portal.requestCount;
    await portal.close();
  }
  cliRows.push(
    `  ${String(latencyMs).padStart(3)} ms per request: median ${median(times).toFixed(0)} ms ` +
      `(min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}), ${requests} HTTP requests`,
  );
}
const startup: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  await new Promise((resolve) => spawn(process.execPath, [CLI, '--version']).on('close', resolve));
  startup.push(performance.now() - started);
}

// 3. The portal side of a lookup in this process against the same portal, and the floor: the same batch bodies, bare.
const references = parseEntityReferences(refs);
const commands = references.flatMap((reference) =>
  reference.ok && reference.kind === 'entity' ? [{ method: 'im.chat.get', params: { ENTITY_TYPE: reference.entityType, ENTITY_ID: reference.entityId } }] : [],
);
if (commands.length !== 500) throw new Error(`expected 500 entity references, read ${commands.length}`);
const batchBodies = chunkCommands(commands).map((chunk) => JSON.stringify(batchBody(chunk)));
const USER_AGENT = userAgentFor('bench');

/** A fresh portal of the kind both are measured against: the standard plan's bucket, starting empty. */
const freshPortal = (): Promise<FakePortal> => startFakePortal({ entities, rateLimit: RATE_PLANS.others });

async function viaService(): Promise<{ ms: number; requests: number; refused: number }> {
  const portal = await freshPortal();
  try {
    const credentials = parseWebhookUrl(portal.webhookUrl);
    if (!credentials.ok) throw new Error(credentials.message.code);
    // The client's own bucket starts empty too, as in an app that has been quiet for a minute.
    const client = new BitrixClient({ credentials: credentials.value, fetch, userAgent: USER_AGENT, rateLimits: new PortalRateLimits(RATE_PLANS.others) });
    const started = performance.now();
    const results = await findChatsOnPortal(client, parseEntityReferences(refs));
    const ms = performance.now() - started;
    const failed = results.filter((result) => result.status !== 'found' && result.status !== 'not_found');
    if (results.length !== 500 || failed.length > 0)
      throw new Error(`lookup through the service failed: ${results.length} results, ${failed.length} not answered`);
    return { ms, requests: portal.requestCount, refused: portal.refusedCount };
  } finally {
    await portal.close();
  }
}

async function bareBatches(): Promise<number> {
  const portal = await freshPortal();
  try {
    const url = `${portal.webhookUrl}batch`;
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': USER_AGENT };
    const started = performance.now();
    for (const body of batchBodies) {
      const response = await fetch(url, { method: 'POST', headers, body });
      const answer = JSON.parse(await response.text()) as { result?: unknown };
      if (response.status !== 200 || answer.result === undefined) throw new Error(`a bare batch was answered HTTP ${response.status}`);
    }
    return performance.now() - started;
  } finally {
    await portal.close();
  }
}

await viaService(); // warm-up: module compilation, the first connections
await bareBatches();
const serviceRuns: Awaited<ReturnType<typeof viaService>>[] = [];
const bareRuns: number[] = [];
for (let run = 0; run < runs; run += 1) {
  // Alternate which goes first, so neither always meets the machine in the state the other left it.
  if (run % 2 === 0) {
    serviceRuns.push(await viaService());
    bareRuns.push(await bareBatches());
  } else {
    bareRuns.push(await bareBatches());
    serviceRuns.push(await viaService());
  }
}
const serviceMs = median(serviceRuns.map((r) => r.ms));
const bareMs = median(bareRuns);
const mostRequests = Math.max(...serviceRuns.map((r) => r.requests));
const mostRefused = Math.max(...serviceRuns.map((r) => r.refused));

process.stdout.write(
  [
    `Node ${process.version}, ${runs} run(s) each`,
    `Parser: 10,000-line paste of ${FORMS.length} forms parsed whole in ${wholeMs.toFixed(1)} ms (median of 15) = ` +
      `${Math.round(referencesPerSecond).toLocaleString('en')} references/s`,
    `  slowest forms: ${perForm
      .slice(0, 3)
      .map((f) => `${JSON.stringify(f.form)} ${f.us.toFixed(1)} µs`)
      .join(', ')}; fastest: ${JSON.stringify(perForm.at(-1)?.form)} ${perForm.at(-1)?.us.toFixed(1)} µs`,
    `  slowest ~100,000-character pathological paste (${Object.keys(PATHOLOGICAL).length} kinds): ${worst?.name}, ${worst?.ms.toFixed(0)} ms`,
    `CLI: b24-chat-lookup lookup --json, 500 references on stdin, portal enforcing 50 burst / 2 per s:`,
    ...cliRows,
    `  of which node start-up (b24-chat-lookup --version): median ${median(startup).toFixed(0)} ms`,
    `Lookup service in this process: the same 500 references, a fresh portal enforcing 50 burst / 2 per s each run:`,
    `  median ${serviceMs.toFixed(1)} ms (min ${Math.min(...serviceRuns.map((r) => r.ms)).toFixed(1)}, ` +
      `max ${Math.max(...serviceRuns.map((r) => r.ms)).toFixed(1)}); ` +
      `most HTTP requests in a run ${mostRequests}, most refused (503) ${mostRefused}`,
    `  floor, ${batchBodies.length} bare fetches of the same batch bodies one after another: ` +
      `median ${bareMs.toFixed(1)} ms; ratio ${(serviceMs / bareMs).toFixed(3)}`,
  ].join('\n') + '\n',
);
report({ name: 'parse_throughput', unit: 'references/s', value: referencesPerSecond });
report({ name: 'batch_500_requests', unit: 'requests', value: mostRequests, target: '≤ 10' });
report({ name: 'batch_500_503s', unit: 'requests', value: mostRefused, target: '= 0' });
report({ name: 'batch_500_wall', unit: 'ms', value: serviceMs, baseline: bareMs });
