/**
 * Known secrets (a webhook's code, tokens, a client secret) taken out of a text before it is shown, logged or kept:
 * the client's errors pass what a portal or the network said through it, and the reference parser masks the secrets
 * a paste carries with it (references/secrets.ts).
 */

/** Replaces every secret in a text with `•••`. */
export type Redact = (text: string) => string;

// A regular expression of every secret at once is fast, but V8 refuses one past a certain size ("Regular expression
// too large"), and a pasted token can be 100,000 characters long. So the secrets go in groups of bounded size, and a
// secret too long for any group is replaced by plain search.
const PATTERN_CHARS_MAX = 16_000;
const NEEDLE_IN_PATTERN_MAX = 2_000;

const escapeForPattern = (needle: string): string => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A redactor that replaces each of these secrets (and its percent-encoded form) with `•••`. */
export function redactorFor(secrets: readonly string[]): Redact {
  // Short strings could match innocent text; real secrets and tokens are far longer than this.
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  if (needles.size === 0) return (text) => text;
  // Longest first, so a secret inside a longer one cannot leave a tail of it; one pass per group, not per secret
  // (a pass per secret made a text with thousands of them take seconds).
  const sorted = [...needles].sort((a, b) => b.length - a.length);
  const long = sorted.filter((needle) => needle.length > NEEDLE_IN_PATTERN_MAX);
  const patterns: RegExp[] = [];
  let group: string[] = [];
  let size = 0;
  for (const needle of sorted.filter((n) => n.length <= NEEDLE_IN_PATTERN_MAX).map(escapeForPattern)) {
    if (size + needle.length > PATTERN_CHARS_MAX && group.length > 0) {
      patterns.push(new RegExp(group.join('|'), 'g'));
      group = [];
      size = 0;
    }
    group.push(needle);
    size += needle.length + 1;
  }
  if (group.length > 0) patterns.push(new RegExp(group.join('|'), 'g'));
  return (text) => {
    let result = text;
    for (const needle of long) result = result.split(needle).join('•••');
    for (const pattern of patterns) result = result.replace(pattern, '•••');
    return result;
  };
}
