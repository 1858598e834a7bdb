/**
 * No failure, log line or thrown value may carry the webhook secret or an OAuth token: they end up in the
 * window, in support screenshots, in log files and in history. Every failing path the client has is driven
 * here, and everything it produced is searched for the secrets.
 */
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { checkConnection } from '../../../electron/core/bitrix/connection.ts';
import type { OAuthCredentials } from '../../../electron/core/bitrix/credentials.ts';
import { parseWebhookUrl } from '../../../electron/core/bitrix/credentials.ts';
import { findEntityChat, findEntityChats, getChatDialog } from '../../../electron/core/bitrix/im.ts';
import { FAULTS, type FakeFault, type FakePortal } from '../../fake-portal/portal.ts';
import { clientFor, portalFor } from './support.ts';

const LEAD_13 = { entityType: 'CRM', entityId: 'LEAD|13' };

/** Everything a thrown value shows when printed, serialised or inspected to any depth. */
function everythingIn(value: unknown): string {
  const parts = [String(value), inspect(value, { depth: Infinity, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value));
  } catch {
    // not serialisable: the other views still count
  }
  if (value instanceof Error) parts.push(value.stack ?? '', JSON.stringify(Object.getOwnPropertyDescriptors(value)));
  return parts.join('\n');
}

function expectNoSecret(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

const webhookFaults: [string, FakeFault | ((p: FakePortal) => void)][] = [
  ['rejected webhook', (p) => p.set({ webhookRejected: true })],
  ['missing scope', (p) => p.set({ scopes: ['crm'] })],
  ['rate limit exhausted', (p) => p.failNext(FAULTS.queryLimit, 20)],
  ['operation limit', { kind: 'operation_limit' }],
  ['overload', FAULTS.overload],
  ['server error twice', (p) => p.failNext(FAULTS.internalError, 2)],
  ['HTML 502 twice', (p) => p.failNext(FAULTS.html502, 2)],
  ['stall past the timeout', FAULTS.stall],
  ['dropped connection', FAULTS.drop],
  [
    'an error description that repeats the request',
    (p) => p.failNext({ kind: 'error', status: 400, error: 'WRONG_REQUEST', description: `Bad call to ${p.webhookUrl}im.chat.get` }),
  ],
  ['redirect loop', (p) => p.set({ renamedTo: p.origin })],
  ['redirect to plain HTTP', (p) => p.failNext({ kind: 'redirect', status: 302, location: `http://example.com/rest/1/${p.secret}/im.chat.get` })],
  ['portal gone', (p) => void p.close()],
];

describe('the webhook secret never leaks', () => {
  test.each(webhookFaults)('%s: not in the error, its message, or the log', async (_, fault) => {
    const portal = await portalFor();
    if (typeof fault === 'function') fault(portal);
    else portal.failNext(fault);
    const { client, lines } = clientFor(portal, { timeoutMs: 150, retry: { rateLimitRetries: 2 } });
    const thrown: unknown[] = [];
    for (const run of [() => findEntityChat(client, LEAD_13), () => getChatDialog(client, 1437)]) {
      try {
        await run();
      } catch (error) {
        thrown.push(error);
      }
    }
    const many = await findEntityChats(client, [LEAD_13]);
    const check = await checkConnection(client);
    expect(thrown.length + lines.length).toBeGreaterThan(0);
    expectNoSecret([...thrown.map(everythingIn), everythingIn(many), everythingIn(check), ...lines].join('\n'), [portal.secret]);
    // The log still says what happened, with the secret replaced.
    expect(lines.join('\n')).toContain('/rest/1/•••/');
  });

  test('messages about a pasted address that is not a webhook do not repeat the secret', () => {
    const secret = 'k3y0ftheh00k9x';
    for (const input of [
      `ftp://portal.bitrix24.ru/rest/1/${secret}/`,
      `http://portal.bitrix24.ru/rest/1/${secret}/`,
      `https://user:${secret}@portal.bitrix24.ru/rest/1/${secret}/`,
      `https://portal.bitrix24.ru/rest/x/${secret}/`,
      `https://portal.bitrix24.ru/rest/1/${secret}!/`,
      `https://portal.bitrix24.ru/rest/1/${secret}/a b/`,
      `https://portal.bitrix24.ru/rest/1/${secret}/${secret}/${secret}`,
    ]) {
      const parsed = parseWebhookUrl(input);
      expect(parsed.ok, input).toBe(false);
      if (!parsed.ok) expect(parsed.message).not.toContain(secret);
    }
  });
});

describe('OAuth tokens never leak', () => {
  test('not from a failed refresh, an expired token or a network failure', async () => {
    const portal = await portalFor();
    const credentials: OAuthCredentials = {
      kind: 'oauth',
      tokens: portal.oauthTokens(),
      application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret },
    };
    const secrets = [credentials.tokens.accessToken, credentials.tokens.refreshToken, credentials.application.clientSecret];
    portal.oauth.accessExpired = true;
    portal.oauth.refreshRejected = true;
    const { client, lines } = clientFor(credentials);
    const produced: unknown[] = [];
    await findEntityChat(client, LEAD_13).catch((error: unknown) => produced.push(error));

    // A successful refresh: the new tokens must not show up either.
    portal.oauth.refreshRejected = false;
    const refreshed = clientFor(credentials);
    await findEntityChat(refreshed.client, LEAD_13);
    secrets.push(portal.oauth.accessToken, portal.oauth.refreshToken);

    await portal.close();
    await findEntityChat(refreshed.client, LEAD_13).catch((error: unknown) => produced.push(error));
    produced.push(await checkConnection(refreshed.client));

    expect(produced).toHaveLength(3);
    expectNoSecret([...produced.map(everythingIn), ...lines, ...refreshed.lines].join('\n'), secrets);
  });
});
