/**
 * Secrets people paste by mistake together with references, in every shape the official docs show them: an incoming
 * webhook's code, in a REST 2 or a REST 3.0 address (`/rest/1/4l777m8lapmdaz1n/`, `/rest/api/1/…/`); OAuth access and
 * refresh tokens and sign-in codes in a page address, a body, a dump or a header; a client secret; an application
 * token; a session id; a download link's signature or token; a Vibecode key (test/unit/references/doc-secrets.test.ts
 * lists each with the page it comes from). The parser masks them in the whole pasted text before it reads anything, so no result, message,
 * label or history entry made from the text can carry one, whole or in part (a message that shortens a quote
 * cuts after the mask, never inside a secret).
 */
import { redactorFor } from '../redact.ts';
import { decodePercent } from './percent-encoding.ts';

// `/rest/<user id>/<code>` (and REST 3.0's `/rest/api/<user id>/<code>`, [en] api-reference/rest-v3.md:22), including a
// code that line breaks (blank lines too) or a space moved on or cut in two.
const WEBHOOK = /\/rest\/(?:api\/)?\d+\/[ \t]*([A-Za-z0-9_-]+)?(?:(?:[ \t]*(?:\r\n|[\r\n\u2028\u2029]))+[ \t]*|[ \t]+)?([A-Za-z0-9_-]+)?/gi;
/** Bitrix24 webhook codes are 16 characters; a shorter first line was cut. */
const WEBHOOK_CODE_LENGTH = 16;
// Token parameters, also written `auth[access_token]=` or percent-encoded, and after `&amp;` or `;`; and an OAuth
// sign-in's `code` (the address the browser ended on, pasted in the wrong box: single-use, but it is a credential).
// Also what download links in answers carry (`auth=…&token=disk%7C…`, `&signature=<64 hex>`, [en]
// api-reference/disk/file/disk-file-mark-deleted.md:263, api-reference/crm/timeline/comments/crm-timeline-comment-list.md:497)
// and a session id (`&sessid=…`, api-reference/widgets/crm/requisites-autocomplete/bank-detail-autocomplete.md:64).
const TOKEN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_])(?:auth(?:\[[a-z_]+\]|%5B[a-z_]+%5D)?|access_token|refresh_token|auth_id|refresh_id|client_secret|` +
    String.raw`application_token|app_sid|sessid|signature|token|code)(?:=|%3D)([^&#\s;,"'<>]+)`,
  'giu',
);
// The same keys as dumps and configs write them: JSON (`"access_token": "…"`, also escaped inside a string), PHP
// (`[AUTH_ID] => …`, `'access_token' => '…'`), YAML or a header (`access_token: …`). Only a value that looks
// like a token (long, letters and digits) counts, so `auth: LEAD|13` is left alone.
// And as XML writes them, or an Authorization header.
const XML_OR_BEARER_TOKEN = new RegExp(
  String.raw`<(?:auth|access_token|refresh_token|auth_id|refresh_id|client_secret|application_token|app_sid)>` +
    String.raw`\s*(?:<!\[CDATA\[)?([A-Za-z0-9._~+/=-]{10,})|\bBearer\s+([A-Za-z0-9._~+/=-]{10,})`,
  'giu',
);
// Also as assignments in a config or a shell (`ACCESS_TOKEN="…"`, `auth_id = …`), and under a prefixed name
// (`B24_ACCESS_TOKEN=…`).
// The lookbehind includes `-` as well: a prefix may start only where a word does, or every `-` in a long text would
// start a new attempt and masking would take seconds.
// A PHP `define('C_REST_CLIENT_SECRET','…')` separates the name from its value with a comma
// ([en] sdk/crest-php-sdk/index.md:61); a bot's `"botToken": "…"` ([en] api-reference/chat-bots/chat-bots-v2/quick-start.md:45).
const DUMPED_TOKEN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_-])(?:\\?["'[])?(?:[A-Za-z0-9]+[_-])*` +
    String.raw`(?:auth|access_token|refresh_token|auth_id|refresh_id|client_secret|application_token|app_sid|sessid|secret|bottoken|token)` +
    String.raw`(?:\\?["'\]])?\s*(?:=>|:|=|,)\s*(?:\\?["'])?([A-Za-z0-9._~+/=-]{10,})`,
  'giu',
);
// Vibecode keys, "works like a webhook" ([ru] ai-tools/vibecode-create-app.md:30, :32).
const VIBE_KEY = /\bvibe_(?:api|app)_([A-Za-z0-9_-]{6,})/gi;
const MIN_SECRET_LENGTH = 4;

/**
 * Spellings of a webhook path that a browser or URL parser reads as the same address: backslashes for slashes
 * (`\rest\1\…`), doubled slashes and `/./` segments.
 */
const unusualPathSpelling = (text: string): string => text.replaceAll('\\', '/').replace(/\/(?:\.?\/)+/g, '/');

const looksRandom = (text: string): boolean => /[a-z]/i.test(text) && /\d/.test(text);

function collect(text: string, into: Set<string>): void {
  for (const match of text.matchAll(WEBHOOK)) {
    const [, first = '', next = ''] = match;
    // A first part shorter than a code, and the rest after the break: one code cut in two. An id on the next line
    // (all digits, not making up a whole code) is not taken for the rest, or it would be masked everywhere.
    const rest = /^[a-z0-9]+$/i.test(next) && (looksRandom(next) || first.length + next.length === WEBHOOK_CODE_LENGTH);
    if (first !== '' && first.length < WEBHOOK_CODE_LENGTH && rest) {
      for (const part of [first, next, `${first}${next}`]) into.add(part);
    } else if (first !== '') {
      // A short all-digit "code" would mask ordinary ids everywhere in the text; real codes are long and mixed.
      if (first.length >= 6 || looksRandom(first)) into.add(first);
    } else if (next.length >= 6 && looksRandom(next)) {
      into.add(next);
    }
  }
  for (const match of text.matchAll(TOKEN)) into.add(match[1] ?? '');
  for (const match of [...text.matchAll(DUMPED_TOKEN), ...text.matchAll(XML_OR_BEARER_TOKEN)]) {
    const value = match[1] ?? match[2] ?? '';
    if (looksRandom(value)) into.add(value);
  }
  for (const match of text.matchAll(VIBE_KEY)) into.add(match[1] ?? '');
}

/**
 * What every shape above needs somewhere in a text, or in what it turns into once read as below: a slash (or a
 * backslash read as one), `=`, `:`, `,`, `<`, `Bearer`, `vibe_`, or a `%`, `&` or control character that decoding or
 * dropping could turn into one of those. A text with none (`LEAD|13`, `deal 5`) holds no secret, and is not searched.
 */
// eslint-disable-next-line no-control-regex -- control characters are what secretsIn drops before searching again
const MAY_HOLD_SECRET = /[/\\%&=:,<\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|bearer|vibe_/iu;

/** The secrets in a text: webhook codes and token values, as written and as they read once percent-decoded. */
export function secretsIn(text: string): string[] {
  if (!MAY_HOLD_SECRET.test(text)) return [];
  const found = new Set<string>();
  // As HTML writes a link: `&amp;` between parameters, and slashes as `&#x2F;`, `&#47;` or `&sol;`.
  let current = text.replaceAll('&amp;', '&').replace(/&#x2f;|&#47;|&sol;/gi, '/');
  // Twice decoded covers a webhook inside a wrapped link (Outlook SafeLinks, Google's /url?q=).
  for (let round = 0; round < 3; round += 1) {
    collect(current, found);
    const respelled = unusualPathSpelling(current);
    if (respelled !== current) collect(respelled, found);
    // Control characters (a NUL, a backspace) a browser drops from an address, so `/rest\0/1/code/` still opens.
    // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
    const visible = respelled.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
    if (visible !== respelled) collect(visible, found);
    const next = decodePercent(current);
    if (next === current) break;
    current = next;
  }
  return [...found].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
}

/** The text percent-decoded as far as it goes (at most three rounds, as secretsIn reads it). */
function decodedFully(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round += 1) {
    const next = decodePercent(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** What stands for a text that could not be checked for secrets (nothing here should throw; this is the guard). */
export const TEXT_WITHHELD = '[text withheld: it could not be checked for secrets]';

/** The text with every webhook code and token in it replaced by `•••`. Never throws. */
export function maskSecrets(text: string): string {
  try {
    return mask(text);
  } catch {
    return TEXT_WITHHELD;
  }
}

function mask(text: string): string {
  const secrets = secretsIn(text);
  if (secrets.length === 0) return text;
  const redact = redactorFor(secrets);
  const masked = redact(text);
  // A secret found only once decoded may be spelled in the text with escapes of its own letters (`%61bc…`), which
  // no search for it finds: then the text is given decoded, with the secret masked there.
  const decoded = decodedFully(masked);
  return secrets.some((secret) => decoded.includes(secret)) ? redact(decoded) : masked;
}
