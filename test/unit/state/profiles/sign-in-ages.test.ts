import { describe, expect, it } from 'vitest';
import { REFRESH_LIFETIME_MS } from '../../../../electron/core/bitrix/oauth.ts';
import {
  agingSignInEnd,
  endedSignIn,
  renewedAt,
  RENEW_SIGN_IN_AFTER_MS,
  signInEndingWarning,
  signInEndOf,
  SIGN_IN_WARNING_MS,
} from '../../../../electron/core/state/profiles/sign-in-ages.ts';
import { storedProfile } from '../../../support/stored-profile.ts';

const DAY = 24 * 60 * 60 * 1000;
const renewed = Date.UTC(2026, 0, 1);
const oauth = storedProfile({ kind: 'oauth', signInRenewedAt: renewed });
const endsAt = renewed + REFRESH_LIFETIME_MS;

describe('sign-in ages', () => {
  it('a local application sign-in ends 180 days after its refresh token was handed out; a webhook never does', () => {
    expect(endsAt - renewed).toBe(180 * DAY);
    expect(signInEndOf(oauth)).toBe(endsAt);
    expect(signInEndOf(storedProfile({ kind: 'webhook', signInRenewedAt: renewed }))).toBeNull();
    expect(signInEndOf(storedProfile({ kind: 'oauth', signInRenewedAt: null }))).toBeNull();
  });

  it('when the tokens were handed out: as they say, else now; nothing for a webhook', () => {
    const tokens = {
      accessToken: 'a',
      refreshToken: 'r',
      clientEndpoint: 'https://acme.bitrix24.ru/rest/',
      serverEndpoint: 'https://oauth.bitrix24.tech/rest/',
    };
    const application = { clientId: 'local.1', clientSecret: 's' };
    expect(renewedAt({ kind: 'oauth', tokens: { ...tokens, refreshIssuedAt: renewed }, application }, 5)).toBe(renewed);
    expect(renewedAt({ kind: 'oauth', tokens, application }, 5)).toBe(5);
    expect(renewedAt({ kind: 'webhook', origin: 'https://acme.bitrix24.ru', pathPrefix: '', userId: 1, secret: 'x' }, 5)).toBeNull();
  });

  it('is renewed from its 150th day until it ends, not before and not after', () => {
    const renewFrom = renewed + RENEW_SIGN_IN_AFTER_MS;
    expect(agingSignInEnd(oauth, renewFrom - 1)).toBeNull();
    expect(agingSignInEnd(oauth, renewFrom)).toBe(endsAt);
    expect(agingSignInEnd(oauth, endsAt - 1)).toBe(endsAt);
    expect(agingSignInEnd(oauth, endsAt)).toBeNull();
    expect(agingSignInEnd(storedProfile(), renewFrom)).toBeNull();
  });

  it('an ended sign-in shows as failing with the day it ended; before that, nothing changes', () => {
    expect(endedSignIn(oauth, endsAt - 1)).toBeNull();
    expect(endedSignIn(oauth, endsAt)).toEqual({
      status: 'failing',
      statusMessage: { code: 'sign_in_ended', params: { host: 'acme.bitrix24.ru', day: '2026-06-30' } },
    });
  });

  it('warns of the end only within its last two weeks', () => {
    expect(signInEndingWarning(oauth, endsAt, endsAt - SIGN_IN_WARNING_MS - 1)).toBeNull();
    expect(signInEndingWarning(oauth, endsAt, endsAt - SIGN_IN_WARNING_MS)).toEqual({
      code: 'sign_in_ending',
      params: { host: 'acme.bitrix24.ru', day: '2026-06-30' },
    });
  });
});
