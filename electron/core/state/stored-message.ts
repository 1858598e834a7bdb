/**
 * A message as the state files keep it (a portal's last check, a failed lookup in the history): `{ code, params }`,
 * read back leniently. A code this build has no sentence for (a newer build's) is kept: the window shows the code
 * rather than nothing. Sentences are never stored, so a change of language changes what every stored message says.
 */
import * as v from 'valibot';
import type { AppMessage } from '../../common/messages/index.ts';

const paramValue = v.union([v.pipe(v.string(), v.maxLength(2_000)), v.number(), v.pipe(v.array(v.pipe(v.string(), v.maxLength(200))), v.maxLength(50))]);

/** A stored message's parameters (texts cut to size, as everything the files hold). */
export const storedParamsSchema = v.record(v.pipe(v.string(), v.maxLength(100)), paramValue);

/** A stored message: a code and its parameters. */
export const storedMessageSchema = v.pipe(
  v.object({ code: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), params: v.optional(storedParamsSchema) }),
  v.transform((message) => message as AppMessage),
);
