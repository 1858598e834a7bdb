/**
 * A portal that answers from a new address (the portal was renamed, [en] settings/how-to-call-rest-api/change-domen.md):
 * its profile follows the client there, keeps the old address so history made there still finds it, and the
 * person is told.
 */
import type { ProfileMessage } from '../../../common/messages/profiles.ts';
import type { PortalMove } from '../../bitrix/client.ts';
import { portalOrigin } from '../../bitrix/credentials.ts';
import { clipped, hostOf, type StoredProfile } from './profile-records.ts';

/** How many former addresses a profile keeps (the latest ones). */
export const FORMER_PORTALS_KEPT = 5;

/**
 * The profile at its portal's new address, with `sealed` (the move's credentials, sealed) in place of the old. A
 * profile still named after its old host is named after the new one; a name the person chose stays.
 */
export function movedProfile(profile: StoredProfile, move: PortalMove, sealed: string): StoredProfile {
  return clipped({
    ...profile,
    portal: portalOrigin(move.credentials),
    formerPortals: [...profile.formerPortals.filter((p) => p !== profile.portal), profile.portal].slice(-FORMER_PORTALS_KEPT),
    name: profile.name === hostOf(move.from) ? hostOf(move.to) : profile.name,
    sealed,
  });
}

/** What the person is told of the move: from which host to which, for the profile as it was named before it. */
export function portalMovedNotice(profile: StoredProfile, move: PortalMove): ProfileMessage {
  return { code: 'portal_moved', params: { from: hostOf(move.from), to: hostOf(move.to), name: profile.name } };
}
