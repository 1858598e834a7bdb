/**
 * `b24-chat-lookup` as a person or a script runs it: a separate process with arguments, standard input and an
 * environment, talking to the fake portal over loopback. Each output shape, each exit status, and the secret.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { describe, expect, test, vi } from 'vitest';
import { FAULTS, type FakePortal } from '../../fake-portal/portal.ts';
import { portalFor } from '../bitrix/support.ts';

// Every test here starts processes (some start a dozen); a busy 2-core CI machine needs more than the default 5 s.
vi.setConfig({ testTimeout: 30_000 });

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'electron', 'cli.ts');
// A secret no output could contain by accident.
const SECRET = 'cl1s3cr3tw3bh00k';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the command with the project's Node; `env` is the whole environment besides PATH. */
function run(
  args: string[],
  options: {
    stdin?: string | Buffer;
    /** Leave standard input open, as a person typing would. */
    keepStdinOpen?: boolean;
    env?: Record<string, string>;
    command?: string[];
    started?: (child: ChildProcess) => void;
  } = {},
): Promise<Run> {
  const [file = process.execPath, ...before] = options.command ?? [process.execPath, CLI];
  const child = spawn(file, [...before, ...args], {
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.keepStdinOpen) child.stdin.write(options.stdin ?? '');
  else child.stdin.end(options.stdin ?? '');
  options.started?.(child);
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

async function demoPortal(options: Parameters<typeof portalFor>[0] = {}): Promise<FakePortal & { env: Record<string, string> }> {
  const portal = await portalFor({ secret: SECRET, ...options });
  return Object.assign(portal, { env: { B24_WEBHOOK_URL: portal.webhookUrl } });
}

const jsonOf = (result: Run): unknown => JSON.parse(result.stdout);

describe('parse', () => {
  test('prints one aligned line per reference and exits 0 when all are valid', async () => {
    const result = await run(['parse', 'LEAD|13', 'https://x.bitrix24.ru/crm/deal/details/5/?IFRAME=Y', 'T80_6', 'chat1437']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^LEAD\|13\s+lead 13\s+CRM LEAD\|13$/);
    expect(lines[1]).toMatch(/deal 5\s+CRM DEAL\|5$/);
    expect(lines[2]).toMatch(/smart process 128 item 6\s+CRM DYNAMIC_128\|6$/);
    expect(lines[3]).toMatch(/chat 1437/);
    // The second column starts at the same place on every line.
    const secondColumn = lines.map((line) => line.search(/ {2}\S/));
    expect(new Set(secondColumn).size).toBe(1);
    expect(result.stderr).toBe('');
  });

  test('--json is one array in input order, with the three shapes the issue names, and exit 1 for the invalid one', async () => {
    const result = await run(['parse', '--json', 'deal|05', 'bx://v2/x.bitrix24.ru/chat/dialogId/chat1437', '12abc', 'TASKS_TASK:8293']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toEqual([
      { input: 'deal|05', ok: true, kind: 'entity', entityType: 'CRM', entityId: 'DEAL|5' },
      { input: 'bx://v2/x.bitrix24.ru/chat/dialogId/chat1437', ok: true, kind: 'chat', chatId: 1437 },
      { input: '12abc', ok: false, error: { code: 'invalid_id', params: { text: '12abc' }, message: '“12abc” is not an id: ids are positive whole numbers.' } },
      { input: 'TASKS_TASK:8293', ok: true, kind: 'entity', entityType: 'TASKS_TASK', entityId: '8293' },
    ]);
  });

  test('speaks the language the locale names when the app speaks it (LC_ALL over LANG), else English', async () => {
    const russian = await run(['parse', '12abc', '13'], { env: { LANG: 'ru_RU.UTF-8' } });
    expect(russian.stdout).toMatch(/^12abc\s+invalid\s+«12abc» — не номер: номер должен быть целым числом больше нуля\.\n/);
    expect(russian.stdout).toMatch(/\n13\s+invalid\s+13 — только номер, без типа: .*\(--type DEAL\)\.\n$/);
    const json = await run(['parse', '--json', '12abc'], { env: { LANG: 'ru_RU.UTF-8' } });
    expect(jsonOf(json)).toEqual([
      {
        input: '12abc',
        ok: false,
        error: { code: 'invalid_id', params: { text: '12abc' }, message: '«12abc» — не номер: номер должен быть целым числом больше нуля.' },
      },
    ]);
    const overridden = await run(['parse', '12abc'], { env: { LANG: 'ru_RU.UTF-8', LC_ALL: 'C' } });
    expect(overridden.stdout).toContain('“12abc” is not an id');
    const german = await run(['parse', '12abc'], { env: { LANG: 'de_DE.UTF-8' } });
    expect(german.stdout).toContain('„12abc“ ist keine ID');
    const unspoken = await run(['parse', '12abc'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(unspoken.stdout).toContain('“12abc” is not an id');
  });

  test('--type reads bare ids; without it they are invalid and the message names --type', async () => {
    expect(jsonOf(await run(['parse', '--json', '--type', 'deal', '13', '#14']))).toEqual([
      { input: '13', ok: true, kind: 'entity', entityType: 'CRM', entityId: 'DEAL|13' },
      { input: '#14', ok: true, kind: 'entity', entityType: 'CRM', entityId: 'DEAL|14' },
    ]);
    const bare = await run(['parse', '13']);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toMatch(/^13\s+invalid\s+.*--type/);
  });

  test('a reference that starts with "-" goes after --', async () => {
    const result = await run(['parse', '--json', '--', '-3', '0']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toEqual([
      { input: '-3', ok: false, error: { code: 'invalid_id_negative', params: { text: '-3' }, message: expect.stringContaining('negative') } },
      { input: '0', ok: false, error: { code: 'invalid_id_zero', message: '0 is not an id: ids start at 1.' } },
    ]);
  });
});

describe('human output', () => {
  test('columns line up in terminal cells with wide and combining characters, and long inputs are cut cleanly', async () => {
    const result = await run(['parse', 'ＬＥＡＤ｜１３', 'D_5', 'Сделка №7', `https://x.bitrix24.ru/crm/deal/details/5/?${'a'.repeat(80)}`, '👍 5']);
    const lines = result.stdout.trimEnd().split('\n');
    const stringWidth = (await import('string-width')).default;
    const columnTwo = lines.map((line) => stringWidth(line.slice(0, line.search(/ {2}\S/))));
    expect(new Set(columnTwo).size).toBe(1);
    expect(lines[3]).toMatch(/^https:\/\/x\.bitrix24\.ru\/crm\/deal\/details\/…\s/);
    expect(result.stdout).not.toContain('\ufffd');
  });

  test('control characters in the input are shown escaped, never sent to the terminal', async () => {
    const result = await run(['parse'], { stdin: 'FOO\x1b[31mRED|5\n' });
    expect(result.stdout).not.toContain('\x1b');
    expect(result.stdout).toContain('\\x1b[31m');
  });
});

describe('references from standard input', () => {
  test('are read when no reference is given, one or more per line, blank lines skipped', async () => {
    const result = await run(['parse', '--json'], { stdin: 'LEAD|13, D_5\n\n  \r\nhttps://x.bitrix24.ru/crm/contact/details/25/\n' });
    expect(result.code).toBe(0);
    expect((jsonOf(result) as { entityId: string }[]).map((r) => r.entityId)).toEqual(['LEAD|13', 'DEAL|5', 'CONTACT|25']);
  });

  test('are read in place of "-", between the arguments', async () => {
    const result = await run(['parse', '--json', 'L_1', '-', 'L_4'], { stdin: 'L_2\nL_3\n' });
    expect((jsonOf(result) as { entityId: string }[]).map((r) => r.entityId)).toEqual(['LEAD|1', 'LEAD|2', 'LEAD|3', 'LEAD|4']);
  });

  test('UTF-16 with a byte order mark (as Windows tools write) is read; text that is not UTF-8 is read with a warning', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('сделка 5\r\nL_13\r\n', 'utf16le')]);
    const result = await run(['parse', '--json'], { stdin: utf16 });
    expect((jsonOf(result) as { entityId: string }[]).map((r) => r.entityId)).toEqual(['DEAL|5', 'LEAD|13']);
    const cp1251 = Buffer.from([0xf1, 0xe4, 0xe5, 0xeb, 0xea, 0xe0, 0x20, 0x35, 0x0a, 0x44, 0x5f, 0x35, 0x0a]);
    const legacy = await run(['parse', '--json'], { stdin: cp1251 });
    expect(legacy.stderr).toMatch(/not UTF-8.*iconv/);
    expect((jsonOf(legacy) as { ok: boolean }[]).map((r) => r.ok)).toEqual([false, true]);
  });

  test('"-" twice is a usage error, not standard input read twice', async () => {
    const result = await run(['parse', '-', '-'], { stdin: 'D_5\n' });
    expect(result).toMatchObject({ code: 2, stdout: '' });
  });

  test('standard input with nothing in it is a usage error', async () => {
    const result = await run(['parse'], { stdin: '\n \n' });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('Standard input held no references');
  });
});

describe('lookup', () => {
  test('--json gives found, not_found and invalid in their shapes, and exit 1 for the invalid one', async () => {
    const portal = await demoPortal();
    const host = new URL(portal.origin).host;
    const result = await run(['lookup', '--json', 'LEAD|13', 'DEAL|404', '12abc'], { env: portal.env });
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toEqual([
      {
        input: 'LEAD|13',
        status: 'found',
        entityType: 'CRM',
        entityId: 'LEAD|13',
        chatId: 1437,
        dialogId: 'chat1437',
        webUrl: `${portal.origin}/online/?IM_DIALOG=chat1437`,
        desktopUrl: `bx://v2/${host}/chat/dialogId/chat1437`,
      },
      { input: 'DEAL|404', status: 'not_found', entityType: 'CRM', entityId: 'DEAL|404', chatId: null },
      { input: '12abc', status: 'invalid', error: { code: 'invalid_id', params: { text: '12abc' }, message: expect.stringContaining('12abc') } },
    ]);
    expect(result.stderr).toBe('');
  });

  test('a chat link is found without asking the portal, and has no entity fields', async () => {
    const portal = await demoPortal();
    const result = await run(['lookup', '--json', 'https://x.bitrix24.ru/online/?IM_DIALOG=chat1600'], { env: portal.env });
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toEqual([expect.objectContaining({ status: 'found', chatId: 1600, dialogId: 'chat1600' })]);
    expect(Object.keys((jsonOf(result) as object[])[0] ?? {})).not.toContain('entityType');
    expect(portal.requestCount).toBe(0);
  });

  test('exit 0 when every reference was looked up, found or not', async () => {
    const portal = await demoPortal();
    const result = await run(['lookup', 'D_5', 'lead 99', 'сделка №5'], { env: portal.env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^D_5\\s+found\\s+deal 5\\s+chat 1501\\s+${portal.origin}/online/\\?IM_DIALOG=chat1501$`));
    expect(lines[1]).toMatch(/^lead 99\s+no chat\s+lead 99$/);
    expect(lines[2]).toMatch(/^сделка №5\s+found\s+deal 5\s+chat 1501/);
    expect(result.stderr).toMatch(/^2 found, 1 without a chat\.\n/);
    expect(result.stderr).toMatch(/opens the chat from the entity's card[\s\S]*Converting a lead/);
  });

  test('a portal that fails gives each reference an error with a stable code, and exit 1', async () => {
    const portal = await demoPortal();
    portal.failNext(FAULTS.accessDenied, 2);
    const result = await run(['lookup', '--json', 'LEAD|13', 'D_5'], { env: portal.env });
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toEqual([
      {
        input: 'LEAD|13',
        status: 'error',
        entityType: 'CRM',
        entityId: 'LEAD|13',
        error: {
          code: 'access_denied_plan',
          params: { portal: expect.any(String), method: 'batch', portalError: 'ACCESS_DENIED' },
          message: expect.stringContaining('denied batch (ACCESS_DENIED)'),
        },
      },
      {
        input: 'D_5',
        status: 'error',
        entityType: 'CRM',
        entityId: 'DEAL|5',
        error: {
          code: 'access_denied_plan',
          params: { portal: expect.any(String), method: 'batch', portalError: 'ACCESS_DENIED' },
          message: expect.stringContaining('denied batch (ACCESS_DENIED)'),
        },
      },
    ]);
    portal.failNext(FAULTS.accessDenied, 2);
    const human = await run(['lookup', 'LEAD|13', 'D_5'], { env: portal.env });
    // The shared message is said once, below the rows, instead of on every row.
    expect(human.stdout).toMatch(/^LEAD\|13\s+failed\s+lead 13\s+\(access_denied\)\nD_5\s+failed\s+deal 5\s+\(access_denied\)\n$/);
    expect(human.stderr).toMatch(/^2 failed\.\nWhy 2 failed: .*denied batch \(ACCESS_DENIED\)/);
  });

  test('a webhook the portal refuses is a configuration error: exit 2, one message, nothing on standard output, few requests', async () => {
    const portal = await demoPortal({ webhookRejected: true });
    const stdin = Array.from({ length: 500 }, (_, i) => `D_${i + 1}`).join('\n');
    const result = await run(['lookup', '--json'], { env: portal.env, stdin });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^B24_WEBHOOK_URL: .*did not accept the webhook.*\n$/);
    expect(portal.requestCount).toBeLessThanOrEqual(2);
  });

  test('a webhook without the im scope is a configuration error too', async () => {
    const portal = await demoPortal({ scopes: ['crm'] });
    const result = await run(['lookup', '--webhook', portal.webhookUrl, 'LEAD|13', 'chat1437']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^--webhook: The webhook for .* lacks the im scope/);
  });

  test('--timeout bounds each request', async () => {
    const portal = await demoPortal({ latencyMs: 1500 });
    const result = await run(['lookup', '--json', '--timeout', '200', 'LEAD|13'], { env: portal.env });
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toEqual([
      expect.objectContaining({
        status: 'error',
        error: { code: 'timeout_cli', params: { portal: expect.any(String), seconds: 0.2 }, message: expect.stringMatching(/within 0\.2 s\..*--timeout MS/) },
      }),
    ]);
  });

  test('a chat link from another portal opens the chat on that portal', async () => {
    const portal = await demoPortal();
    const result = await run(['lookup', '--json', 'https://other.bitrix24.de/online/?IM_DIALOG=chat5'], { env: portal.env });
    expect(jsonOf(result)).toEqual([expect.objectContaining({ chatId: 5, webUrl: 'https://other.bitrix24.de/online/?IM_DIALOG=chat5' })]);
  });

  test('--webhook wins over B24_WEBHOOK_URL', async () => {
    const portal = await demoPortal();
    const result = await run(['lookup', '--json', '--webhook', portal.webhookUrl, 'LEAD|13'], {
      env: { B24_WEBHOOK_URL: 'https://nowhere.invalid/rest/1/abcdefgh/' },
    });
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toEqual([expect.objectContaining({ status: 'found', chatId: 1437 })]);
  });

  test('Ctrl-C stops a lookup in flight: exit 130, a line on standard error, nothing half-printed on standard output', async () => {
    const portal = await demoPortal({ latencyMs: 10_000 });
    let child: ChildProcess | undefined;
    const pending = run(['lookup', '--json', 'LEAD|13', 'D_5'], { env: portal.env, started: (c) => (child = c) });
    await expect.poll(() => portal.requests.length, { timeout: 5000 }).toBeGreaterThan(0);
    child?.kill('SIGINT');
    const result = await pending;
    expect(result).toMatchObject({ code: 130, stdout: '' });
    expect(result.stderr).toBe('Stopped; no results were printed.\n');
  });

  test('Ctrl-C while standard input is still open stops at once with exit 130', async () => {
    let child: ChildProcess | undefined;
    const pending = run(['parse'], { stdin: 'D_5\n', keepStdinOpen: true, started: (c) => (child = c) });
    // Long enough for Node to start and install its handler; the command then waits on standard input for ever.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    child?.kill('SIGINT');
    const result = await pending;
    expect(result).toMatchObject({ code: 130, stdout: '', stderr: 'Stopped; no results were printed.\n' });
  });

  test('a batch of 500 references from standard input: every answer, in order, in at most 10 requests after one scope check', async () => {
    const entities: Record<string, number> = {};
    for (let id = 1; id <= 500; id += 1) if (id % 4 !== 0) entities[`CRM:DEAL|${id}`] = 20_000 + id;
    const portal = await demoPortal({ entities });
    const stdin = Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? `D_${i + 1}` : `https://x.bitrix24.ru/crm/deal/details/${i + 1}/`)).join('\n');
    const result = await run(['lookup', '--json'], { stdin, env: portal.env });
    expect(result.code).toBe(0);
    const rows = jsonOf(result) as { entityId: string; status: string; chatId: number | null }[];
    expect(rows).toHaveLength(500);
    rows.forEach((row, index) => {
      const id = index + 1;
      expect(row).toMatchObject({ entityId: `DEAL|${id}`, status: id % 4 === 0 ? 'not_found' : 'found', chatId: id % 4 === 0 ? null : 20_000 + id });
    });
    // A long list asks the webhook's scopes once (no imopenlines here): then only im.chat.get, 50 to a request.
    expect(portal.requests.map((r) => r.restMethod)).toEqual(['scope', ...Array(10).fill('batch')]);
    // Standard error is a pipe here, not a terminal: no progress line, no carriage returns.
    expect(result.stderr).toBe('');
  });
});

// util-linux `script` runs a command on a pseudo-terminal: the only way to give the CLI a real terminal here.
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

describe('progress on a terminal', () => {
  test.skipIf(!hasScript)(
    'a lookup longer than 2 s shows "Looking up N of M…" on standard error, and erases it before the results ' +
      '(skipped where util-linux `script` is missing: nothing else can give the command a terminal)',
    async () => {
      const portal = await demoPortal({ latencyMs: 2300 });
      const dir = mkdtempSync(join(tmpdir(), 'b24-cli-'));
      try {
        writeFileSync(join(dir, 'refs.txt'), Array.from({ length: 60 }, (_, i) => `D_${i + 1}`).join('\n'));
        const inner = `'${process.execPath}' '${CLI}' lookup --json < '${join(dir, 'refs.txt')}' > '${join(dir, 'out.json')}'`;
        // Standard output goes to a file, so what the terminal shows is standard error alone.
        const terminal = await run(['-qec', inner, '/dev/null'], { command: ['script'], env: portal.env });
        expect(terminal.code).toBe(0);
        expect(terminal.stdout).toContain('Looking up 0 of 60…');
        expect(terminal.stdout).toMatch(/Looking up [1-6]0 of 60…/);
        expect(terminal.stdout.trimEnd().endsWith('\r\x1b[K')).toBe(true);
        expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'))).toHaveLength(60);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('check', () => {
  test('says whose webhook it is and that the scope is there; --json has the fields the issue names', async () => {
    const portal = await demoPortal();
    const human = await run(['check'], { env: portal.env });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^OK: Connected to 127\.0\.0\.1:\d+ as Irina Volkova; scope im present\.\n$/);
    const json = await run(['check', '--json'], { env: portal.env });
    expect(json.code).toBe(0);
    expect(jsonOf(json)).toEqual({ ok: true, portal: portal.origin, userId: 1, name: 'Irina Volkova', scopes: expect.arrayContaining(['im']), missing: [] });
  });

  test('a webhook without the im scope: exit 1, and what is missing', async () => {
    const portal = await demoPortal({ scopes: ['crm'] });
    const result = await run(['check', '--json'], { env: portal.env });
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({
      ok: false,
      scopes: ['crm'],
      missing: ['im'],
      error: { code: 'check_scope_missing', params: { scopes: ['im'] }, message: expect.stringContaining('lacks the im scope') },
    });
  });
});

describe('usage and configuration errors: exit 2, a message on standard error, nothing on standard output', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['no command', [], {}, /Say which command/],
    ['an unknown command', ['find', 'LEAD|13'], {}, /no command "find"/],
    ['an unknown option', ['parse', '--jsn', 'LEAD|13'], {}, /Unknown option --jsn/],
    ['a negative number read as an option', ['parse', '-3'], {}, /after "--"/],
    ['an option the command does not take', ['parse', '--timeout', '5', 'LEAD|13'], {}, /parse does not take --timeout/],
    ['check with references', ['check', 'LEAD|13'], { B24_WEBHOOK_URL: 'https://x.bitrix24.ru/rest/1/abcdefgh/' }, /check takes no references/],
    ['no webhook', ['lookup', 'LEAD|13'], {}, /B24_WEBHOOK_URL/],
    ['a webhook cut short', ['lookup', 'LEAD|13'], { B24_WEBHOOK_URL: 'https://x.bitrix24.ru/rest/1/' }, /B24_WEBHOOK_URL: .*cut short/],
    ['a webhook over plain HTTP to the internet', ['check', '--webhook', 'http://x.bitrix24.ru/rest/1/abcdefgh/'], {}, /only over HTTPS/],
    ['a --type that is not a type', ['parse', '--type', 'PURCHASE', '13'], {}, /--type "PURCHASE" is not a type/],
    ['a --type that could be two types', ['parse', '--type', 'invoice', '13'], {}, /--type "invoice" can mean SMART_INVOICE .* or INVOICE/],
    [
      'a --timeout that is not milliseconds',
      ['lookup', '--timeout', '5s', 'LEAD|13'],
      { B24_WEBHOOK_URL: 'https://x.bitrix24.ru/rest/1/abcdefgh/' },
      /--timeout is milliseconds/,
    ],
    ['--type without a value', ['parse', '--type'], {}, /--type needs a value/],
    ['--webhook followed by another option', ['check', '--webhook', '--json'], {}, /--webhook needs a value/],
    ['an empty --webhook', ['check', '--webhook', ''], { B24_WEBHOOK_URL: 'https://x.bitrix24.ru/rest/1/abcdefgh/' }, /--webhook is empty/],
  ];

  test.each(cases)('%s', async (_name, args, env, message) => {
    const result = await run(args, { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  test('--help and --version answer on standard output with exit 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('b24-chat-lookup lookup [--webhook URL] [--type TYPE] [--json] [--timeout MS] REF...');
    const version = await run(['--version']);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatchObject({ code: 0, stdout: `b24-chat-lookup ${manifest.version}\n` });
  });
});

describe('the secret', () => {
  test('appears in no output or error of any command, however it fails', async () => {
    const portal = await demoPortal();
    const rejected = await demoPortal({ webhookRejected: true });
    const slow = await demoPortal({ latencyMs: 1500 });
    const runs = await Promise.all([
      run(['lookup', 'LEAD|13', 'D_404', '12abc', portal.webhookUrl], { env: portal.env }),
      run(['lookup', '--json', 'LEAD|13', portal.webhookUrl], { env: portal.env }),
      run(['lookup', '--json', 'LEAD|13'], { env: rejected.env }),
      run(['lookup', '--timeout', '200', 'LEAD|13'], { env: slow.env }),
      run(['check'], { env: rejected.env }),
      run(['check', '--json', '--webhook', portal.webhookUrl]),
      run(['parse', '--json', portal.webhookUrl, `${portal.webhookUrl}im.chat.get.json`]),
      run(['parse', `--webhok=${portal.webhookUrl}`]),
      run(['lookup', '--webhook', `${portal.webhookUrl}/extra/path/here`, 'LEAD|13']),
      run(['lookup', 'LEAD|13'], { env: { B24_WEBHOOK_URL: `${portal.webhookUrl.replace('http://', 'ftp://')}` } }),
      run(['lookup', 'LEAD|13'], { env: { B24_WEBHOOK_URL: portal.webhookUrl.replace(/:\d+\//, ':1/') } }),
      // The code outside a webhook's shape, where only its value can give it away, and cut short by a narrow column.
      run(['lookup', 'see /rest/ docs', '--webhook', portal.webhookUrl, `deal ${SECRET}`]),
      run(['lookup', `${portal.origin}/rest/1x/${SECRET}/`], { env: portal.env }),
      run(['lookup', '--json', `${portal.origin}/rest/1x/${SECRET}/`, `deal ${SECRET}`], { env: portal.env }),
    ]);
    for (const [index, result] of runs.entries()) {
      expect(`${result.stdout}\n${result.stderr}`, `run ${index}`).not.toContain(SECRET);
      expect(result.stdout + result.stderr, `run ${index} said something`).not.toBe('');
    }
  });
});

describe('--json output', () => {
  test('is always one valid JSON array, whatever the input holds: webhooks, tokens, quotes, control characters', async () => {
    const portal = await demoPortal();
    const nasty = [
      'https://b24.example.ru/rest/1/a1b2c3d4e5f6g7h8',
      'https://b24.example.ru/rest/1/',
      'https://x.bitrix24.ru/crm/deal/details/5/?auth=abc123def456',
      '"quoted" \\ back\\slash',
      'FOO\x1b[31mRED|5',
      portal.webhookUrl,
      'LEAD|13',
    ].join('\n');
    for (const command of ['parse', 'lookup']) {
      const result = await run([command, '--json'], { env: portal.env, stdin: nasty });
      expect(() => JSON.parse(result.stdout), `${command}: ${result.stdout}`).not.toThrow();
      expect(jsonOf(result)).toHaveLength(7);
      expect(result.stdout).not.toContain(SECRET);
      expect(result.stdout).not.toContain('a1b2c3d4e5f6g7h8');
      expect(result.stdout).not.toContain('abc123def456');
    }
  });
});

describe('the installed command', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = join(ROOT, manifest.bin['b24-chat-lookup'] ?? 'missing');

  test('package.json names b24-chat-lookup, and it runs as an executable with the project Node first on PATH (as npx runs it)', async () => {
    expect(manifest.bin).toEqual({ 'b24-chat-lookup': 'electron/b24-chat-lookup.mjs' });
    const result = await run(['parse', 'D_5'], {
      command: [bin],
      env: { PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
    });
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^D_5\s+deal 5\s+CRM DEAL\|5\n$/) });
  });

  test('the launcher passes a signal on to the command and ends by it, as the command did', async () => {
    const portal = await demoPortal({ latencyMs: 10_000 });
    let child: ChildProcess | undefined;
    const pending = run(['lookup', 'LEAD|13'], {
      command: [process.execPath, '--no-experimental-strip-types', bin],
      env: portal.env,
      started: (c) => (child = c),
    });
    await expect.poll(() => portal.requests.length, { timeout: 10_000 }).toBeGreaterThan(0);
    child?.kill('SIGTERM');
    expect(await pending).toMatchObject({ code: null, signal: 'SIGTERM', stdout: '' });
  });

  test('a Node that cannot run TypeScript (npm link with an old system Node) hands over to the project Node, exit status and all', async () => {
    // Node 24 with type stripping switched off stands in for Node 20: process.features.typescript is false in both.
    const result = await run(['lookup', 'LEAD|13'], { command: [process.execPath, '--no-experimental-strip-types', bin] });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No webhook');
    const parsed = await run(['parse', '--json', 'D_5'], { command: [process.execPath, '--no-experimental-strip-types', bin] });
    expect(parsed.code).toBe(0);
    expect(JSON.parse(parsed.stdout)).toEqual([{ input: 'D_5', ok: true, kind: 'entity', entityType: 'CRM', entityId: 'DEAL|5' }]);
  });
});
