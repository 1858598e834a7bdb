/**
 * "Do these credentials work?" in one request: `scope` (what the webhook may do), `profile` (whose it is) and, for a
 * local application, `app.info` (its portal's plan) in one `batch`, summed up as "connected as NAME (a webhook) or
 * signed in as NAME via the local application (OAuth), scope im present" or exactly what is missing.
 */
import type { BitrixClient, CallOptions } from './client.ts';
import type { MessageOf, PortalMessages } from '../../common/messages/index.ts';
import { type BitrixFailure, type PortalProblem, unexpectedAnswer } from './errors.ts';
import { isRecord } from './json.ts';

/** Scopes the product needs: `im.chat.get` and `im.dialog.get` ([en] api-reference/chats/im-chat-get.md:9). */
export const REQUIRED_SCOPES: readonly string[] = ['im'];
/**
 * The scope that adds an entity's open-line chats (imopenlines.crm.chat.get,
 * [en] api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md:9); lookups go on without it.
 */
export const OPEN_LINES_SCOPE = 'imopenlines';

interface CheckCommon {
  /** The portal's origin (after a rename, the new one). */
  portal: string;
  userId: number | null;
  name: string | null;
  /** The webhook's scopes; null when the portal could not be asked. */
  scopes: string[] | null;
  /** Required scopes the webhook lacks; null when its scopes are unknown. */
  missing: string[] | null;
  /** What to tell the person (settings screen, CLI): whose the credentials are, or what failed. */
  message: ConnectionMessage;
  /**
   * The portal is on an Enterprise plan, by app.info's LICENSE_FAMILY `ent` ([en] api-reference/common/system/app-info.md:216-260);
   * null when it could not say (a webhook: app.info answers only an application, :270-283).
   */
  enterprise: boolean | null;
}

/** A check's message: the failure's, or whose the working credentials are. */
export type ConnectionMessage = PortalProblem | MessageOf<Pick<PortalMessages, 'connected' | 'connected_application'>>;

export type ConnectionCheck = (CheckCommon & { ok: true }) | (CheckCommon & { ok: false; error: BitrixFailure });

function profileName(profile: Record<string, unknown>): string | null {
  const name = [profile.NAME, profile.LAST_NAME]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join(' ');
  return name === '' ? null : name;
}

/** Checks the client's credentials: valid, whose, and whether every required scope is granted. */
export async function checkConnection(client: BitrixClient, options: CallOptions = {}): Promise<ConnectionCheck> {
  const oauth = client.credentials.kind === 'oauth';
  const [scopeOutcome, profileOutcome, appOutcome] = await client.batch(
    [{ method: 'scope' }, { method: 'profile' }, ...(oauth ? [{ method: 'app.info' }] : [])],
    options,
  );
  const credentials = client.credentials;
  const fallbackUserId = credentials.kind === 'webhook' ? credentials.userId : null;
  const app = appOutcome?.ok && isRecord(appOutcome.result) ? appOutcome.result : null;
  const enterprise = app === null ? null : app.LICENSE_FAMILY === 'ent';
  const base = { portal: client.portal, userId: fallbackUserId, name: null, scopes: null, missing: null, enterprise };

  if (scopeOutcome && !scopeOutcome.ok) {
    return { ...base, ok: false, error: scopeOutcome.error, message: scopeOutcome.error.message };
  }
  const scopes = Array.isArray(scopeOutcome?.result) ? scopeOutcome.result.filter((s): s is string => typeof s === 'string') : null;
  if (scopes === null) {
    const error = unexpectedAnswer(client.portalHost, 'scope');
    return { ...base, ok: false, error, message: error.message };
  }

  const profile = profileOutcome?.ok && isRecord(profileOutcome.result) ? profileOutcome.result : {};
  const profileId = Number(profile.ID);
  const userId = Number.isSafeInteger(profileId) && profileId > 0 ? profileId : fallbackUserId;
  const name = profileName(profile);
  // A name, else the user's number: a message parameter, the same in every language.
  const who = name ?? (userId === null ? '?' : `#${userId}`);
  const missing = REQUIRED_SCOPES.filter((scope) => !scopes.includes(scope));
  const found = { portal: client.portal, userId, name, scopes, missing, enterprise };
  // A webhook is someone's standing key ("connected as"); a local application is a person's own sign-in.
  const about = { portal: client.portalHost, who };

  if (missing.length > 0) {
    const error: BitrixFailure = {
      code: 'scope_missing',
      portal: client.portalHost,
      method: 'scope',
      missingScopes: missing,
      message: { code: oauth ? 'check_scope_missing_application' : 'check_scope_missing', params: { ...about, scopes: missing } },
    };
    return { ...found, ok: false, error, message: error.message };
  }
  return { ...found, ok: true, message: { code: oauth ? 'connected_application' : 'connected', params: { ...about, scopes: [...REQUIRED_SCOPES] } } };
}
