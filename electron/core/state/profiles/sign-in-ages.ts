/**
 * How old a local application's sign-in is: its refresh token works for 180 days after it was handed out, so the
 * profile knows when the sign-in ends, renews it once when it is getting old, and warns when that renewal failed.
 */
import type { ProfileMessage } from '../../../common/messages/profiles.ts';
import type { Credentials } from '../../bitrix/credentials.ts';
import { REFRESH_LIFETIME_MS } from '../../bitrix/oauth.ts';
import { hostOf, type StoredProfile } from './profile-records.ts';

/**
 * A sign-in renewed less than this long ago is left alone; an older one is renewed once at start. The docs ask for
 * exactly that: "it is enough to request a new pair of tokens once every 180 days", and never on a timer or before every
 * call ([en] settings/oauth/auto-renewal.md:91, :95).
 */
export const RENEW_SIGN_IN_AFTER_MS = 150 * 24 * 60 * 60 * 1000;
/** How long before a sign-in ends the person is told, when it could not be renewed. */
export const SIGN_IN_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

/** When a local application's refresh token was handed out (its tokens say; else now, as they were just stored). */
export function renewedAt(credentials: Credentials, now: number): number | null {
  return credentials.kind === 'oauth' ? (credentials.tokens.refreshIssuedAt ?? now) : null;
}

/** When a local application's sign-in ends unless renewed: 180 days after its refresh token was handed out. */
export function signInEndOf(profile: StoredProfile): number | null {
  return profile.kind === 'oauth' && profile.signInRenewedAt !== null ? profile.signInRenewedAt + REFRESH_LIFETIME_MS : null;
}

/** When the sign-in ends, for one old enough to renew (150 of its 180 days) and not over yet; else null. */
export function agingSignInEnd(profile: StoredProfile, now: number): number | null {
  const endsAt = signInEndOf(profile);
  // Young (less than 150 of its 180 days), or already over (only a new sign-in helps).
  if (endsAt === null || endsAt - now > REFRESH_LIFETIME_MS - RENEW_SIGN_IN_AFTER_MS || now >= endsAt) return null;
  return endsAt;
}

/** A sign-in past its 180 days is failing whatever the last check said: the status and message to show instead. */
export function endedSignIn(profile: StoredProfile, now: number): { status: 'failing'; statusMessage: ProfileMessage } | null {
  const endsAt = signInEndOf(profile);
  if (endsAt === null || now < endsAt) return null;
  return { status: 'failing', statusMessage: { code: 'sign_in_ended', params: { host: hostOf(profile.portal), day: day(endsAt) } } };
}

/** The warning that a sign-in which could not be renewed ends soon; null while the end is more than two weeks off. */
export function signInEndingWarning(profile: StoredProfile, endsAt: number, now: number): ProfileMessage | null {
  if (endsAt - now > SIGN_IN_WARNING_MS) return null;
  return { code: 'sign_in_ending', params: { host: hostOf(profile.portal), day: day(endsAt) } };
}

const day = (at: number): string => new Date(at).toISOString().slice(0, 10);
