/**
 * What an OAuth profile keeps when its client renews the tokens: the new pair (the portal has retired the old one)
 * and when the sign-in was renewed; or, when the OAuth server refused, that only a new sign-in helps.
 */
import type { Credentials } from '../../bitrix/credentials.ts';
import type { BitrixFailure } from '../../bitrix/errors.ts';
import { clipped, type StoredProfile } from './profile-records.ts';
import { renewedAt } from './sign-in-ages.ts';

/** The profile with its client's new credentials, `sealed` as SealedCredentials sealed them. */
export function refreshedProfile(profile: StoredProfile, credentials: Credentials, sealed: string, now: number): StoredProfile {
  return clipped({ ...profile, sealed, signInRenewedAt: renewedAt(credentials, now) });
}

/** The profile after the OAuth server refused to renew its sign-in: failing, with the sentence that says to reconnect. */
export function refreshRefusedProfile(profile: StoredProfile, failure: BitrixFailure, now: number): StoredProfile {
  return clipped({ ...profile, status: 'failing', statusMessage: failure.message, checkedAt: now });
}
