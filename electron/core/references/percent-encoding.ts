/** Percent-decoding of pasted text, which may hold a lone `%` that is no escape at all. */

/** The text percent-decoded once, or unchanged when it is not validly encoded. */
export function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
