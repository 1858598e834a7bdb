import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../../../electron/core/bitrix/connection.ts';
import {
  checkedProfile,
  checkNewCredentials,
  recheckedProfile,
  refuseLocalPortal,
  twinOf,
} from '../../../../electron/core/state/profiles/connection-checks.ts';
import { clientFor, portalFor, webhookOf } from '../../bitrix/support.ts';
import { refusalOf } from '../../../support/state.ts';
import { storedProfile } from '../../../support/stored-profile.ts';
import { connect } from './support.ts';

const now = 1_700_000_000_000;

describe('connection checks', () => {
  it('a portal on this machine is refused unless local portals are allowed', async () => {
    expect((await refusalOf(() => refuseLocalPortal('http://127.0.0.1:8080', { allowLocalPortals: false }))).code).toBe('local_portal');
    expect(() => refuseLocalPortal('http://127.0.0.1:8080', { allowLocalPortals: true })).not.toThrow();
    expect(() => refuseLocalPortal('https://acme.bitrix24.ru', { allowLocalPortals: false })).not.toThrow();
  });

  it('new credentials are checked against the portal before anything is kept: who, which scopes', async () => {
    const portal = await portalFor({ userId: 7, user: { NAME: 'Irina', LAST_NAME: 'Volkova' }, scopes: ['im', 'crm'] });
    const { credentials, check } = await checkNewCredentials(connect, webhookOf(portal), {});
    expect(credentials).toEqual(webhookOf(portal));
    expect(check).toMatchObject({ ok: true, portal: portal.origin, userId: 7, name: 'Irina Volkova', scopes: ['im', 'crm'], enterprise: null });
    expect(portal.requests.map((r) => r.restMethod)).toEqual(['batch']);
  });

  it('credentials the portal rejects are refused with its reason, and without the secret', async () => {
    const portal = await portalFor({ webhookRejected: true });
    const error = await refusalOf(() => checkNewCredentials(connect, webhookOf(portal), {}));
    expect(error.code).toBe('auth_invalid');
    expect(error.message).not.toContain(portal.secret);
  });

  it('a new profile is named after its host unless named; the same portal and user again is its twin, keeping id, name and plan', async () => {
    const portal = await portalFor({ userId: 7 });
    const { credentials, check } = await checkNewCredentials(connect, webhookOf(portal), {});
    const host = new URL(portal.origin).host;
    const fresh = checkedProfile({ credentials, check, sealed: 'S1', twin: undefined, name: undefined, now, newId: () => 'new-id' });
    expect(fresh).toMatchObject({
      id: 'new-id',
      name: host,
      portal: portal.origin,
      kind: 'webhook',
      userId: 7,
      status: 'connected',
      checkedAt: now,
      sealed: 'S1',
      ratePlan: 'others',
      formerPortals: [],
      signInRenewedAt: null,
    });

    const kept = { ...fresh, name: 'Sales', ratePlan: 'enterprise' as const, formerPortals: ['https://old.bitrix24.ru'] };
    expect(twinOf([storedProfile(), kept], credentials, check)).toBe(kept);
    expect(twinOf([{ ...kept, userId: 8 }], credentials, check)).toBeUndefined();
    const again = checkedProfile({ credentials, check, sealed: 'S2', twin: kept, name: undefined, now: now + 1, newId: () => 'unused' });
    expect(again).toMatchObject({
      id: 'new-id',
      name: 'Sales',
      sealed: 'S2',
      checkedAt: now + 1,
      ratePlan: 'enterprise',
      formerPortals: ['https://old.bitrix24.ru'],
    });
    expect(checkedProfile({ credentials, check, sealed: 'S3', twin: kept, name: 'Renamed', now, newId: () => 'unused' }).name).toBe('Renamed');
  });

  it('a local application portal takes its plan from app.info; its sign-in was renewed when the tokens say', async () => {
    const portal = await portalFor();
    const given = {
      kind: 'oauth' as const,
      tokens: portal.oauthTokens(),
      application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret },
    };
    const { credentials, check } = await checkNewCredentials(connect, given, {});
    expect(check.enterprise).not.toBeNull();
    const profile = checkedProfile({
      credentials,
      check,
      sealed: 'S',
      twin: storedProfile({ ratePlan: 'enterprise' }),
      name: undefined,
      now,
      newId: () => 'x',
    });
    expect(profile.ratePlan).toBe(check.enterprise ? 'enterprise' : 'others');
    expect(profile.kind).toBe('oauth');
    expect(profile.signInRenewedAt).toBe(credentials.kind === 'oauth' ? (credentials.tokens.refreshIssuedAt ?? now) : null);
  });

  it('a re-check keeps the answer; what the portal could not say this time stays as it was', async () => {
    const portal = await portalFor({ userId: 7, user: { NAME: 'Irina', LAST_NAME: 'Volkova' }, scopes: ['im', 'crm'] });
    const { client } = clientFor(portal);
    const before = storedProfile({ userName: 'Old name', status: 'failing', scopes: null });
    const working = recheckedProfile(before, await checkConnection(client), now);
    expect(working).toMatchObject({ status: 'connected', userId: 7, userName: 'Irina Volkova', scopes: ['im', 'crm'], checkedAt: now });

    portal.set({ webhookRejected: true });
    const failing = recheckedProfile(working, await checkConnection(client), now + 1);
    expect(failing).toMatchObject({
      status: 'failing',
      statusMessage: { code: 'auth_invalid' },
      userName: 'Irina Volkova',
      scopes: ['im', 'crm'],
      checkedAt: now + 1,
    });
  });
});
