/**
 * A quick look at a webhook address as the person types or pastes it, for a hint under the field: is it shaped like
 * https://portal/rest/<user id>/<code>/ yet, and if not, what is wrong. The real check (and the only one that counts)
 * is the main process's, which also asks the portal. The answer never carries the code, so nothing shown from it can
 * echo the secret.
 */

export type WebhookShape =
  | { kind: 'empty' }
  /** Not an https:// address (spaces inside, another scheme, plain http to another computer). */
  | { kind: 'not_address' }
  /** The portal is there, the /rest/<user id>/<code>/ part not (yet). */
  | { kind: 'incomplete'; host: string }
  /** The user id is not a positive number, or the code has characters or a length a webhook code does not. */
  | { kind: 'garbled'; host: string }
  | { kind: 'complete'; host: string; userId: number };

const WEBHOOK_PATH = /^(?:\/[^/]+)*?\/rest\/([^/]+)\/([^/]+)(?:\/([^/]*))?\/?$/;
const CODE = /^[\w-]{6,128}$/;
const METHOD = /^[a-z]\w*(?:\.\w+)*$/i;
const THIS_COMPUTER = /^(?:localhost|.+\.localhost|\[::1?\]|0\.0\.0\.0|127(?:\.\d{1,3}){3})$/i;

/** How far `input` is from a webhook address. */
export function webhookShape(input: string): WebhookShape {
  // What copying from chats and documents adds around an address: invisible characters, quotes, brackets.
  const text = input
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim()
    .replace(/^["'`«“‘<(]+|["'`»”’>)]+$/g, '')
    .trim();
  if (text === '') return { kind: 'empty' };
  const url = URL.parse(/^[a-z][\w+.-]*:/i.test(text) ? text : `https://${text}`);
  if (
    !url ||
    /\s/.test(text) ||
    url.username + url.password !== '' ||
    !(url.protocol === 'https:' || (url.protocol === 'http:' && THIS_COMPUTER.test(url.hostname)))
  ) {
    return { kind: 'not_address' };
  }
  const host = url.host;
  const match = WEBHOOK_PATH.exec(url.pathname.replace(/\/{2,}/g, '/'));
  if (!match) return { kind: 'incomplete', host };
  const [, user = '', code = '', method = ''] = match;
  const userId = Number(user);
  if (!/^\d+$/.test(user) || !Number.isSafeInteger(userId) || userId < 1 || !CODE.test(code) || (method !== '' && !METHOD.test(method))) {
    return { kind: 'garbled', host };
  }
  return { kind: 'complete', host, userId };
}
