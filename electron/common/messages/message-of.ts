/**
 * From a domain's interface (code → parameters) to its messages, in a file of its own so the domains' files and the
 * union of them (index.ts) import it without importing each other.
 */

/** The messages of one domain interface as a union of `{ code, params }` (`params` optional when it needs none). */
export type MessageOf<M> = {
  [C in keyof M & string]: Record<string, never> extends M[C] ? { code: C; params?: M[C] } : { code: C; params: M[C] };
}[keyof M & string];
