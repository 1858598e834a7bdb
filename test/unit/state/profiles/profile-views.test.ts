import { describe, expect, it } from 'vitest';
import { REFRESH_LIFETIME_MS } from '../../../../electron/core/bitrix/oauth.ts';
import { asksOpenLines, profileView } from '../../../../electron/core/state/profiles/profile-views.ts';
import { storedProfile } from '../../../support/stored-profile.ts';

const now = 1_700_000_000_000;

describe('profile views', () => {
  it('show what the window may see and nothing sealed', () => {
    const view = profileView(storedProfile({ sealed: 'SEALED-SECRET' }), { activeId: 'p1', now });
    expect(view).toEqual({
      id: 'p1',
      name: 'acme.bitrix24.ru',
      portal: 'https://acme.bitrix24.ru',
      host: 'acme.bitrix24.ru',
      kind: 'webhook',
      userId: 7,
      userName: 'Irina Volkova',
      status: 'connected',
      statusMessage: null,
      checkedAt: now,
      active: true,
      openLines: 'missing',
      ratePlan: 'others',
      signInEndsAt: null,
    });
    expect(JSON.stringify(view)).not.toContain('SEALED');
    expect(profileView(storedProfile(), { activeId: 'other', now }).active).toBe(false);
  });

  it('open-line chats: by the scopes the last check kept, asked if granted before any was kept', () => {
    expect(profileView(storedProfile({ scopes: ['im', 'imopenlines'] }), { activeId: null, now }).openLines).toBe('available');
    expect(profileView(storedProfile({ scopes: null }), { activeId: null, now }).openLines).toBe('unknown');
    expect(asksOpenLines(storedProfile({ scopes: ['im', 'imopenlines'] }))).toBe(true);
    expect(asksOpenLines(storedProfile({ scopes: ['im'] }))).toBe(false);
    expect(asksOpenLines(storedProfile({ scopes: null }))).toBe('if-granted');
  });

  it('a sign-in past its 180 days is failing whatever the last check said', () => {
    const renewed = now - REFRESH_LIFETIME_MS;
    const view = profileView(storedProfile({ kind: 'oauth', signInRenewedAt: renewed, status: 'connected' }), { activeId: null, now });
    expect(view).toMatchObject({ status: 'failing', statusMessage: { code: 'sign_in_ended' }, signInEndsAt: now });
    expect(profileView(storedProfile({ kind: 'oauth', signInRenewedAt: renewed + 1 }), { activeId: null, now }).status).toBe('connected');
  });
});
