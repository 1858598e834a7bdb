/**
 * Asking a portal whether credentials work (who they are, which scopes, which plan) and keeping the answer in the
 * profile: before new credentials are kept at all, and again when the person asks.
 */
import { checkConnection, type ConnectionCheck } from '../../bitrix/connection.ts';
import { type Credentials, isLoopbackHost, portalOrigin } from '../../bitrix/credentials.ts';
import type { RatePlanName } from '../../bitrix/rate-limiter.ts';
import { UserError } from '../../user-error.ts';
import type { ConnectPort } from './client-cache.ts';
import { clipped, hostOf, type StoredProfile } from './profile-records.ts';
import { renewedAt } from './sign-in-ages.ts';

/** A check the credentials passed. */
export type PassedCheck = Extract<ConnectionCheck, { ok: true }>;

/**
 * Refuses a portal on this machine (`local_portal`) unless local portals are allowed: that is the fake one (npm run
 * fake-portal). An installed app does not send requests to local services on a page's say-so: the answers would
 * tell a page what runs there. Adding a webhook and signing in through a local application both ask this first.
 */
export function refuseLocalPortal(origin: string, { allowLocalPortals }: { allowLocalPortals: boolean }): void {
  if (!allowLocalPortals && isLoopbackHost(new URL(origin).hostname)) {
    throw new UserError({ code: 'local_portal' });
  }
}

/**
 * Checks credentials not yet kept, through a client of their own, and refuses (with the portal's reason) ones that do
 * not work. The check itself may move the portal or refresh the tokens: the credentials answered are the client's
 * afterwards.
 */
export async function checkNewCredentials(
  connect: ConnectPort,
  given: Credentials,
  options: { signal?: AbortSignal },
): Promise<{ credentials: Credentials; check: PassedCheck }> {
  const client = connect(
    given,
    { onPortalMoved: () => undefined, onTokensRefreshed: () => undefined, onRefreshRefused: () => undefined },
    { ratePlan: 'others' },
  );
  const check = await checkConnection(client, options.signal ? { signal: options.signal } : {});
  if (!check.ok) throw new UserError(check.error.message);
  return { credentials: client.credentials, check };
}

/** The profile already kept for the same portal, kind of credentials and user, which new ones replace instead of adding a twin. */
export function twinOf(profiles: readonly StoredProfile[], credentials: Credentials, check: PassedCheck): StoredProfile | undefined {
  const portal = portalOrigin(credentials);
  return profiles.find((p) => p.portal === portal && p.kind === credentials.kind && p.userId === check.userId);
}

/**
 * The profile for checked credentials: `twin`'s (its id, former addresses, and its name unless `name` is given)
 * with the check's answer, or a new one named `name` or after the portal's host.
 */
export function checkedProfile({
  credentials,
  check,
  sealed,
  twin,
  name,
  now,
  newId,
}: {
  credentials: Credentials;
  check: PassedCheck;
  /** The credentials as SealedCredentials sealed them. */
  sealed: string;
  twin: StoredProfile | undefined;
  /** The name the person chose (already trimmed and masked), if any. */
  name: string | undefined;
  now: number;
  newId: () => string;
}): StoredProfile {
  const portal = portalOrigin(credentials);
  const fields = {
    portal,
    kind: credentials.kind,
    userId: check.userId,
    userName: check.name,
    status: 'connected' as const,
    statusMessage: check.message,
    checkedAt: now,
    sealed,
    scopes: check.scopes,
    signInRenewedAt: renewedAt(credentials, now),
    ratePlan: ratePlanAfter(check, twin?.ratePlan),
  };
  if (twin) return clipped({ ...twin, ...fields, name: name ?? twin.name });
  return clipped({ id: newId(), name: name ?? hostOf(portal), formerPortals: [], ...fields });
}

/** The plan: what app.info says for a local application's portal; a webhook cannot ask, so what the person chose. */
function ratePlanAfter(check: PassedCheck, chosen: RatePlanName | undefined): RatePlanName {
  if (check.enterprise === null) return chosen ?? 'others';
  return check.enterprise ? 'enterprise' : 'others';
}

/** The profile with a re-check's answer kept; what the portal could not say this time (who, which scopes) stays. */
export function recheckedProfile(profile: StoredProfile, check: ConnectionCheck, now: number): StoredProfile {
  return clipped({
    ...profile,
    status: check.ok ? 'connected' : 'failing',
    statusMessage: check.message,
    checkedAt: now,
    ...(check.userId !== null ? { userId: check.userId } : {}),
    ...(check.name !== null ? { userName: check.name } : {}),
    ...(check.scopes !== null ? { scopes: check.scopes } : {}),
  });
}
