/** A profile as the profiles file keeps it, for the tests of the store's parts: a webhook one unless told otherwise. */
import type { StoredProfile } from '../../electron/core/state/profiles/profile-records.ts';

export function storedProfile(overrides: Partial<StoredProfile> = {}): StoredProfile {
  return {
    id: 'p1',
    name: 'acme.bitrix24.ru',
    portal: 'https://acme.bitrix24.ru',
    kind: 'webhook',
    userId: 7,
    userName: 'Irina Volkova',
    status: 'connected',
    statusMessage: null,
    checkedAt: 1_700_000_000_000,
    sealed: 'sealed-credentials',
    formerPortals: [],
    scopes: ['im'],
    ratePlan: 'others',
    signInRenewedAt: null,
    ...overrides,
  };
}
