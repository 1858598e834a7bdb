/** Percent-decoding of pasted text, which may hold a lone `%` that is no escape at all. */

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * The text percent-decoded once. Each run of escapes is decoded on its own, so a lone `%` elsewhere ("100%")
 * does not keep the rest from being read; a run that is not valid UTF-8 is left as it is.
 */
export function decodePercent(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(ESCAPES, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
