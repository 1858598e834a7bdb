/**
 * Where the portal's sign-in comes back to the app: a one-shot listener at the handler address the person entered in
 * their local application (`http://127.0.0.1:31024/b24-chat-lookup/oauth`: a portal sends the browser to that address,
 * whatever the sign-in asks, [en] settings/oauth/index.md:70), that takes the first request to its path, checks its
 * `state`, answers the browser with a short page and closes; and the same reading for an address (or a code) the person
 * pastes when the browser did not reach the listener. The answer carries code, state, domain, member_id, scope and
 * server_domain (index.md:110-130). Nothing here writes a code, a state or any other part of the query into a page, a
 * message or a log.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { OAUTH_HANDLER_PATH } from '../bitrix/oauth.ts';
import type { SignInMessage } from '../../common/messages/sign-in.ts';
import { type Language, say } from '../../common/i18n/catalogs.ts';
import { UserError } from '../user-error.ts';

/**
 * How long a sign-in waits for the browser before it gives up: long enough to sign in to Bitrix24 first (a password, a
 * second factor). A sign-in Bitrix24 cannot complete never comes back at all ("The application receives neither a
 * redirect nor error parameters", index.md:106), so this is also how long such a one waits unless it is cancelled.
 */
export const SIGN_IN_TIMEOUT_MS = 300_000;
/** The only address the listener binds: this computer, never the network. */
export const LISTEN_HOST = '127.0.0.1';

/** What the portal hands back: the code to exchange, and the OAuth server to exchange it at. */
export interface SignInCode {
  code: string;
  /** `server_domain`; undefined for a code pasted on its own. */
  serverDomain: string | undefined;
}

/** What a callback's query says, for this sign-in. */
export type CallbackReading =
  | ({ kind: 'code' } & SignInCode)
  | { kind: 'wrong_state' }
  /**
   * An answer with `error=…`. The docs say a failed sign-in is shown on the portal's page and not sent back (index.md:106);
   * an answer that has one anyway (older portals sent `error=access_denied`) ends the sign-in with its word.
   */
  | { kind: 'refused'; error: string }
  /** The right state, but neither a code nor an error. */
  | { kind: 'no_code' };

/** A sign-in code in a callback (Bitrix24's are letters and digits, 32 to 70 or so of them). */
const CODE = /^[A-Za-z0-9._~-]{8,512}$/;
/** A code pasted on its own: only letters and digits, so a portal's address or a word is not taken for one. */
const BARE_CODE = /^[A-Za-z0-9]{16,512}$/;
const SERVER_DOMAIN = /^[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$/;
const ERROR_CODE = /^[A-Za-z_]{1,40}$/;

/** Whether two states are the same, in time that does not depend on where they differ. */
export function sameState(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  // Hashing first makes both sides the same length, so even a length difference takes the same time to find.
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

/** Reads a callback's query: the state first (an answer not for this sign-in is not read further), then the rest. */
export function readCallback(query: URLSearchParams, state: string): CallbackReading {
  const states = query.getAll('state');
  if (states.length !== 1 || !sameState(states[0] ?? '', state)) return { kind: 'wrong_state' };
  const errors = query.getAll('error');
  if (errors.length > 0) {
    const error = errors[0] ?? '';
    return { kind: 'refused', error: ERROR_CODE.test(error) ? error : 'an error' };
  }
  const codes = query.getAll('code');
  const servers = query.getAll('server_domain');
  const code = codes[0];
  if (codes.length !== 1 || code === undefined || !CODE.test(code) || servers.length > 1) return { kind: 'no_code' };
  const serverDomain = servers[0];
  if (serverDomain !== undefined && !SERVER_DOMAIN.test(serverDomain)) return { kind: 'no_code' };
  return { kind: 'code', code, serverDomain };
}

/** What the person pasted: the address the browser ended on, or a code alone. */
export type PastedSignIn = CallbackReading | { kind: 'unreadable' };

/**
 * Reads what the person pasted for a waiting sign-in: the whole address the browser ended on (its state is checked as
 * the listener would), its query alone, or a bare code (the person's own paste: no state to check).
 */
export function readPastedSignIn(pasted: string, state: string): PastedSignIn {
  const text = pasted
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim()
    .replace(/^["'`«“‘<(]+|["'`»”’>)]+$/g, '')
    .trim();
  if (text === '' || /\s/.test(text)) return { kind: 'unreadable' };
  if (BARE_CODE.test(text)) return { kind: 'code', code: text, serverDomain: undefined };
  // An address (`http://127.0.0.1/b24-chat-lookup/oauth?code=…`), or its query with or without the `?`.
  const query = URL.parse(text)?.search ?? (text.includes('?') ? text.slice(text.indexOf('?')) : text);
  const params = new URLSearchParams(query.split('#')[0] ?? '');
  if (!params.get('code') && !params.get('error') && !params.get('state')) return { kind: 'unreadable' };
  return readCallback(params, state);
}

/** The refusal a reading ends a sign-in with, or null for a code. */
export function refusalOfReading(reading: Exclude<CallbackReading, { kind: 'code' }>): UserError {
  switch (reading.kind) {
    case 'wrong_state':
      return new UserError({ code: 'sign_in_state' });
    case 'refused':
      return new UserError(reading.error === 'access_denied' ? { code: 'sign_in_denied' } : { code: 'sign_in_refused', params: { error: reading.error } });
    case 'no_code':
      return new UserError({ code: 'sign_in_no_code' });
  }
}

/** The pages the browser is shown, by what happened. */
export type SignInPageKind = 'signed_in' | 'wrong_state' | 'denied' | 'no_code';

/** Each page's title and text in the catalogs. */
const PAGES = {
  signed_in: { title: 'sign_in_page_received_title', text: 'sign_in_page_received_text' },
  wrong_state: { title: 'sign_in_page_wrong_state_title', text: 'sign_in_page_wrong_state_text' },
  denied: { title: 'sign_in_page_not_signed_in_title', text: 'sign_in_page_denied_text' },
  no_code: { title: 'sign_in_page_not_signed_in_title', text: 'sign_in_page_no_code_text' },
} as const satisfies Record<SignInPageKind, { title: SignInMessage['code']; text: SignInMessage['code'] }>;

/** The page for what happened, in the person's language. */
export function signInPage(kind: SignInPageKind, language: Language): string {
  const title = escapeHtml(say({ code: PAGES[kind].title }, language));
  const text = escapeHtml(say({ code: PAGES[kind].text }, language));
  // Fixed sentences only: nothing from the request is written into the page.
  return (
    `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${text}</p></body></html>\n`
  );
}

/** A translation is text, never markup: `<`, `&` and quotes in it are shown, not read as HTML. */
const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  // The page runs nothing and loads nothing, and the address (with its code) is not sent on anywhere.
  'Content-Security-Policy': "default-src 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  Connection: 'close',
};

export interface CallbackListenerOptions {
  /** The state this sign-in sent to the portal. */
  state: string;
  /** The handler address's port (OAUTH_HANDLER_PORT in the app; tests pick a free one). */
  port: number;
  /** The language of the page the browser is shown. */
  language: () => Language;
}

export interface CallbackListener {
  /** The address it is bound to (127.0.0.1). */
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>/b24-chat-lookup/oauth`: the handler address it answers. */
  readonly handler: string;
  /**
   * The code from the first callback, or the UserError why none will come: `sign_in_state`, `sign_in_denied`, or
   * `sign_in_cancelled` once closed without one.
   */
  readonly result: Promise<SignInCode>;
  /** Whether it still listens. */
  readonly listening: boolean;
  /** Stops listening (idempotent); a result not yet given becomes `sign_in_cancelled`. */
  close(): Promise<void>;
}

/**
 * Starts a one-shot listener on 127.0.0.1 at the handler's port; rejects when the port cannot be had (another program
 * holds it: EADDRINUSE). The first GET to the handler's path settles it (the code, a refusal, or an answer for another
 * sign-in) and closes it after answering; anything else (a favicon, a foreign Host) gets an error and changes nothing.
 */
export async function listenForSignIn(options: CallbackListenerOptions): Promise<CallbackListener> {
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LISTEN_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;

  let settle: { resolve: (code: SignInCode) => void; reject: (error: UserError) => void } | null = null;
  const result = new Promise<SignInCode>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The owner may stop waiting (a paste, a cancel) before this settles: an unread refusal is not an unhandled one.
  result.catch(() => undefined);
  let listening = true;
  let closed: Promise<void> | null = null;

  const give = (outcome: { code: SignInCode } | { error: UserError }): void => {
    const pending = settle;
    if (!pending) return;
    settle = null;
    if ('code' in outcome) pending.resolve(outcome.code);
    else pending.reject(outcome.error);
  };
  const close = (): Promise<void> => {
    give({ error: new UserError({ code: 'sign_in_cancelled' }) });
    listening = false;
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closed;
  };

  const answer = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    response.end(body);
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // A name that points here (DNS rebinding) is not the address the app gave the portal.
    if (request.headers.host !== `${LISTEN_HOST}:${port}`) return answer(response, 421, 'Misdirected request.\n');
    const url = new URL(request.url ?? '/', `http://${LISTEN_HOST}:${port}`);
    if (url.pathname !== OAUTH_HANDLER_PATH) return answer(response, 404, 'Not found.\n');
    if (request.method !== 'GET') return answer(response, 405, 'Use GET.\n', { Allow: 'GET' });
    if (settle === null) return answer(response, 410, 'This sign-in is over.\n', { Connection: 'close' });
    const reading = readCallback(url.searchParams, options.state);
    const kind: SignInPageKind = reading.kind === 'code' ? 'signed_in' : reading.kind === 'refused' ? 'denied' : reading.kind;
    give(reading.kind === 'code' ? { code: { code: reading.code, serverDomain: reading.serverDomain } } : { error: refusalOfReading(reading) });
    response.writeHead(reading.kind === 'code' ? 200 : 400, PAGE_HEADERS);
    response.end(signInPage(kind, options.language()), () => void close());
  });

  return {
    host: address,
    port,
    handler: `http://${LISTEN_HOST}:${port}${OAUTH_HANDLER_PATH}`,
    result,
    get listening() {
      return listening;
    },
    close,
  };
}
