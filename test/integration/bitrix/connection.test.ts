import { describe, expect, test } from 'vitest';
import { checkConnection } from '../../../electron/core/bitrix/connection.ts';
import { clientFor, portalFor } from './support.ts';
import { sentence } from '../../support/sentence.ts';

describe('checking credentials', () => {
  test('working credentials: connected as the profile’s name, scope im present, in one request', async () => {
    const portal = await portalFor({ user: { NAME: 'Oleg', LAST_NAME: 'Sidorov' } });
    const { client } = clientFor(portal);
    const check = await checkConnection(client);
    expect(check).toEqual({
      ok: true,
      portal: portal.origin,
      userId: 1,
      name: 'Oleg Sidorov',
      scopes: ['crm', 'im', 'user', 'task'],
      missing: [],
      // A webhook cannot ask app.info, so the plan is not known.
      enterprise: null,
      message: { code: 'connected', params: { portal: new URL(portal.origin).host, who: 'Oleg Sidorov', scopes: ['im'] } },
    });
    expect(portal.requestCount).toBe(1);
    expect(portal.requests[0]?.restMethod).toBe('batch');
  });

  test('a webhook without im: who it is, and exactly which scope to add', async () => {
    const portal = await portalFor({ scopes: ['crm', 'user'] });
    const { client } = clientFor(portal);
    const check = await checkConnection(client);
    expect(check).toMatchObject({
      ok: false,
      name: 'Irina Volkova',
      scopes: ['crm', 'user'],
      missing: ['im'],
      error: { code: 'scope_missing', missingScopes: ['im'] },
    });
    expect(sentence(check.message)).toBe(
      `Connected to ${new URL(portal.origin).host} as Irina Volkova, but the webhook lacks the im scope. In Bitrix24 edit the webhook, add im, and save.`,
    );
  });

  test('a deleted webhook: auth_invalid, nothing known about the user or scopes', async () => {
    const portal = await portalFor({ webhookRejected: true });
    const { client } = clientFor(portal);
    const check = await checkConnection(client);
    expect(check).toMatchObject({ ok: false, name: null, scopes: null, missing: null, error: { code: 'auth_invalid', portalError: 'NO_AUTH_FOUND' } });
    expect(sentence(check.message)).toContain('did not accept the webhook');
  });

  test('an unreachable portal: network, with the reason', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    await portal.close();
    const check = await checkConnection(client);
    expect(check).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(sentence(check.message)).toContain('the connection was refused');
  });
});
