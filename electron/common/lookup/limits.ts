/**
 * How much one lookup from the window takes on, shared by the IPC contract (which refuses more at the door) and
 * the lookup use case (lookup-use-case.ts, which also guards text the clipboard brings).
 */

/** Characters of text one lookup reads. */
export const MAX_TEXT_LENGTH = 100_000;

/** A paste with more references than this is not a list someone meant to look up at once. */
export const MAX_REFERENCES = 500;
