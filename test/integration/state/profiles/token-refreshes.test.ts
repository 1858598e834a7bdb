import { describe, expect, it } from 'vitest';
import type { BitrixFailure } from '../../../../electron/core/bitrix/errors.ts';
import { refreshedProfile, refreshRefusedProfile } from '../../../../electron/core/state/profiles/token-refreshes.ts';
import { clientFor, failureOf, portalFor } from '../../bitrix/support.ts';
import { storedProfile } from '../../../support/stored-profile.ts';

const now = 1_700_000_000_000;

async function oauthClient(options: Parameters<typeof clientFor>[1] = {}) {
  const portal = await portalFor();
  const credentials = {
    kind: 'oauth' as const,
    tokens: portal.oauthTokens(),
    application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret },
  };
  return { portal, ...clientFor(credentials, options) };
}

describe('token refreshes', () => {
  it('the profile keeps the refreshed credentials (sealed as given) and when the new refresh token was handed out', async () => {
    let refreshes = 0;
    const { portal, client } = await oauthClient({ onTokensRefreshed: () => void (refreshes += 1) });
    portal.oauth.accessExpired = true;
    await client.call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });
    expect(refreshes).toBe(1);
    const { credentials } = client;
    if (credentials.kind !== 'oauth') throw new Error('expected OAuth credentials');
    expect(credentials.tokens.refreshToken).toBe(portal.oauth.refreshToken);

    const before = storedProfile({ kind: 'oauth', sealed: 'OLD', signInRenewedAt: 1 });
    const after = refreshedProfile(before, credentials, 'NEW', now);
    expect(after).toEqual({ ...before, sealed: 'NEW', signInRenewedAt: credentials.tokens.refreshIssuedAt ?? now });
  });

  it('a renewal the OAuth server refuses makes the profile failing, with the refusal as its message', async () => {
    const refusals: BitrixFailure[] = [];
    const { portal, client } = await oauthClient({ onRefreshRefused: (failure) => refusals.push(failure) });
    portal.oauth.accessExpired = true;
    portal.oauth.refreshRejected = true;
    await failureOf(client.call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' }));
    const [failure] = refusals;
    if (!failure) throw new Error('the client reported no refusal');
    const failing = refreshRefusedProfile(storedProfile({ kind: 'oauth', status: 'connected' }), failure, now);
    expect(failing).toMatchObject({ status: 'failing', statusMessage: failure.message, checkedAt: now, sealed: 'sealed-credentials' });
  });
});
