/** `npm run fake-portal`, run as a person would: it prints a webhook that works, and refuses bad options clearly. */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import process from 'node:process';
import { afterEach, describe, expect, test } from 'vitest';
import { BitrixClient } from '../../electron/core/bitrix/client.ts';
import { checkConnection } from '../../electron/core/bitrix/connection.ts';
import { parseWebhookUrl } from '../../electron/core/bitrix/credentials.ts';
import { findEntityChat } from '../../electron/core/bitrix/im.ts';
import { authorizeUrl, exchangeAuthorizationCode } from '../../electron/core/bitrix/oauth.ts';
import { systemClock } from '../../electron/core/clock.ts';

const CLI = join(import.meta.dirname, '..', 'fake-portal', 'cli.ts');
const running: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

async function startCli(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; banner: string }> {
  const child = spawn(process.execPath, [CLI, ...args]);
  running.push(child);
  let banner = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    banner += String(chunk);
    if (banner.includes('Press Ctrl+C to stop.')) break;
  }
  return { child, banner };
}

describe('npm run fake-portal', () => {
  test('prints a webhook address that the client can use, and the entities that have chats', async () => {
    const { child, banner } = await startCli('--port', '0');
    const webhook = /^\s+(http:\/\/127\.0\.0\.1:\d+\/rest\/1\/\S+\/)$/m.exec(banner)?.[1];
    expect(webhook).toBeDefined();
    expect(banner).toMatch(/CRM\s+LEAD\|13\s+chat 1437/);

    const parsed = parseWebhookUrl(webhook ?? '');
    if (!parsed.ok) throw new Error(parsed.message.code);
    const client = new BitrixClient({ credentials: parsed.value, fetch, userAgent: 'test' });
    await expect(findEntityChat(client, { entityType: 'CRM', entityId: 'LEAD|13' })).resolves.toEqual({ found: true, chatId: 1437 });
    await expect(checkConnection(client)).resolves.toMatchObject({ ok: true, name: 'Irina Volkova' });

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  test('answers in the older bare-number shape when asked', async () => {
    const { banner } = await startCli('--port', '0', '--shape', 'number');
    const webhook = /(http:\/\/127\.0\.0\.1:\d+\/rest\/1\/\S+\/)/.exec(banner)?.[1] ?? '';
    const response = await fetch(`${webhook}im.chat.get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ENTITY_TYPE: 'CRM', ENTITY_ID: 'DEAL|5' }),
    });
    expect(await response.json()).toMatchObject({ result: 1501 });
  });

  test('prints a local application to sign in with: its authorize page hands out a code the printed secret exchanges', async () => {
    const { banner } = await startCli('--port', '0');
    const origin = /^\s+portal address\s+(http:\/\/127\.0\.0\.1:\d+)$/m.exec(banner)?.[1] ?? '';
    const clientId = /^\s+client id\s+(\S+)$/m.exec(banner)?.[1] ?? '';
    const clientSecret = /^\s+client secret\s+(\S+)$/m.exec(banner)?.[1] ?? '';
    // The app's own handler address, which the fake's application has as its handler path.
    expect(banner).toContain('its handler address is http://127.0.0.1:31024/b24-chat-lookup/oauth');
    expect(banner).toMatch(/fake authorization server, http:\/\/127\.0\.0\.1:\d+\)/);
    const state = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
    const authorize = await fetch(authorizeUrl(origin, { clientId, state }), { redirect: 'manual' });
    const callback = new URL(authorize.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe('http://127.0.0.1:31024/b24-chat-lookup/oauth');
    expect(callback.searchParams.get('state')).toBe(state);
    expect(callback.searchParams.get('server_domain')).not.toBe(new URL(origin).host);
    const tokens = await exchangeAuthorizationCode(
      { fetch, userAgent: 'test', timeoutMs: 2_000, clock: systemClock, redact: (text) => text },
      { clientId, clientSecret },
      {
        portal: origin,
        code: callback.searchParams.get('code') ?? '',
        serverDomain: callback.searchParams.get('server_domain') ?? undefined,
        allowLocalPortals: true,
      },
    );
    const client = new BitrixClient({ credentials: { kind: 'oauth', tokens, application: { clientId, clientSecret } }, fetch, userAgent: 'test' });
    await expect(checkConnection(client)).resolves.toMatchObject({ ok: true, message: { code: 'connected_application', params: { who: 'Irina Volkova' } } });
  });

  test.each([
    [['--shape', 'xml'], /--shape is "object" .* or "number"/],
    [['--port', 'eighty'], /--port wants a number from 0 to 65535/],
    [['--colour'], /Unknown option '--colour'/],
  ])('%j is refused with exit status 2 and a usage line', (args, message) => {
    const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: npm run fake-portal');
  });
});
