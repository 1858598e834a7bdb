/**
 * A message as the state files keep it (a portal's last check, a failed lookup in the history): `{ code, params }`,
 * read back leniently. A code this build has no sentence for (a newer build's) is kept: the window shows the code
 * rather than nothing. Sentences are never stored, so a change of language changes what every stored message says.
 */
import * as v from 'valibot';
import type { AppMessage } from '../../common/messages/index.ts';
import type { BitrixFailure } from '../bitrix/errors.ts';

const paramValue = v.union([v.pipe(v.string(), v.maxLength(2_000)), v.number(), v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(50))]);

/** A stored message's parameters (texts cut to size, as everything the files hold). */
export const storedParamsSchema = v.record(v.pipe(v.string(), v.maxLength(100)), paramValue);

/** A stored message: a code and its parameters. */
export const storedMessageSchema = v.pipe(
  v.object({ code: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), params: v.optional(storedParamsSchema) }),
  v.transform((message) => message as AppMessage),
);

/**
 * The message of a REST client's failure, with what its sentence needs (the portal, until when to wait, which scopes
 * to add). The portal's codes are the REST client's own union (electron/common/messages/portal.ts).
 */
export function messageOfFailure(failure: BitrixFailure): AppMessage {
  const params: Record<string, string | number | string[]> = { host: failure.portal, method: failure.method };
  if (failure.code === 'operation_limited' && failure.retryAt !== null) params.retryAt = failure.retryAt;
  if (failure.code === 'scope_missing') params.scopes = failure.missingScopes;
  // Until PortalMessages lists the REST client's codes (the portal domain's part), they are not in AppMessage's union.
  return { code: failure.code, params } as unknown as AppMessage;
}
