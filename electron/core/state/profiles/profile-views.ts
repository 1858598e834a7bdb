/**
 * Profiles as the window may see them: no secret, sealed or not, and a sign-in past its 180 days shown as failing
 * whatever its last check said.
 */
import type { AppMessage } from '../../../common/messages/index.ts';
import { OPEN_LINES_SCOPE } from '../../bitrix/connection.ts';
import type { RatePlanName } from '../../bitrix/rate-limiter.ts';
import { hostOf, type PROFILE_STATUSES, type StoredProfile } from './profile-records.ts';
import type { SecretStorageView } from './sealed-credentials.ts';
import { endedSignIn, signInEndOf } from './sign-in-ages.ts';

/** One profile as the window may see it: no secret, sealed or not. */
export interface ProfileView {
  id: string;
  name: string;
  portal: string;
  host: string;
  kind: 'webhook' | 'oauth';
  userId: number | null;
  userName: string | null;
  status: (typeof PROFILE_STATUSES)[number];
  /** Whose the credentials are (connected), or what failed (failing); null before a check. */
  statusMessage: AppMessage | null;
  checkedAt: number | null;
  active: boolean;
  /**
   * Whether lookups show an entity's open-line chats: `available` with the `imopenlines` scope, `missing` without it,
   * `unknown` before a check kept the scopes (lookups ask, and go on without them if the portal refuses).
   */
  openLines: 'available' | 'missing' | 'unknown';
  /** The plan the portal's rate limit is kept for. */
  ratePlan: RatePlanName;
  /** A local application's sign-in: when it ends unless renewed (180 days after its last renewal); null otherwise. */
  signInEndsAt: number | null;
}

export interface ProfilesView {
  profiles: ProfileView[];
  activeId: string | null;
  secretStorage: SecretStorageView;
}

/** A stored profile as the window may see it, at `now`, with `activeId` the active profile's. */
export function profileView(profile: StoredProfile, { activeId, now }: { activeId: string | null; now: number }): ProfileView {
  return {
    id: profile.id,
    name: profile.name,
    portal: profile.portal,
    host: hostOf(profile.portal),
    kind: profile.kind,
    userId: profile.userId,
    userName: profile.userName,
    status: profile.status,
    statusMessage: profile.statusMessage,
    checkedAt: profile.checkedAt,
    active: profile.id === activeId,
    openLines: openLinesOf(profile),
    ratePlan: profile.ratePlan,
    signInEndsAt: signInEndOf(profile),
    ...endedSignIn(profile, now),
  };
}

/** Whether the profile's credentials have the scope open-line chats need, by the scopes its last check kept. */
function openLinesOf(profile: StoredProfile): ProfileView['openLines'] {
  if (profile.scopes === null) return 'unknown';
  return profile.scopes.includes(OPEN_LINES_SCOPE) ? 'available' : 'missing';
}

/** Whether lookups on a profile ask for open-line chats: by its scopes, or `if-granted` before a check kept them. */
export function asksOpenLines(profile: StoredProfile): boolean | 'if-granted' {
  const openLines = openLinesOf(profile);
  return openLines === 'unknown' ? 'if-granted' : openLines === 'available';
}
