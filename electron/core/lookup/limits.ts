/**
 * How much one lookup from the window takes on, shared by the IPC contract (which refuses more at the door) and
 * the lookup desk (which also guards text the clipboard brings).
 */

/** Characters of text one lookup reads. */
export const MAX_TEXT_LENGTH = 100_000;

/** A paste with more references than this is not a list someone meant to look up at once. */
export const MAX_REFERENCES = 500;

/**
 * Webhook codes and tokens one lookup masks. Masking costs a pass over the text per secret, so a text made of
 * thousands of them would hold the main process for seconds; nobody pastes more than a few by mistake.
 */
export const MAX_SECRETS = 20;
