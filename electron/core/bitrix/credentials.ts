/**
 * Credentials for a Bitrix24 portal: an incoming webhook (the usual way) or OAuth tokens of a local
 * application. Parsing accepts the webhook addresses people actually paste and says plainly what is wrong
 * with anything else (as a message: its sentence is in the catalogs). No message here ever repeats the secret.
 */
import type { MessageOf, PortalMessages } from '../../common/messages/index.ts';

/** An incoming webhook: `https://<portal>/rest/<userId>/<secret>/`. */
export interface WebhookCredentials {
  kind: 'webhook';
  /** Scheme, host and port of the portal, e.g. `https://example.bitrix24.ru`. */
  origin: string;
  /** Path in front of `/rest/` on a self-hosted portal that lives below the site root; usually empty. */
  pathPrefix: string;
  userId: number;
  secret: string;
}

/** Tokens of a portal's local application, as the OAuth server hands them out. */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Where REST calls go, e.g. `https://example.bitrix24.ru/rest/`. */
  clientEndpoint: string;
  /** The OAuth server, e.g. `https://oauth.bitrix.info/rest/`; tokens are refreshed at its `/oauth/token/`. */
  serverEndpoint: string;
  /** Milliseconds since the epoch when the access token stops working, if the server said. */
  expiresAt?: number;
  /**
   * When the authorization server handed out this refresh token (epoch ms). It works for 180 days
   * ([en] settings/oauth/auto-renewal.md:9); tokens kept before this was recorded have none.
   */
  refreshIssuedAt?: number;
  memberId?: string;
}

/** A local application's identity, needed to refresh its tokens. */
export interface OAuthApplication {
  clientId: string;
  clientSecret: string;
}

export interface OAuthCredentials {
  kind: 'oauth';
  tokens: OAuthTokens;
  application: OAuthApplication;
}

export type Credentials = WebhookCredentials | OAuthCredentials;

/** Why a pasted address is no webhook's or portal's, as the person is told. */
export type AddressProblem = MessageOf<Pick<PortalMessages, Extract<keyof PortalMessages, `webhook_${string}` | `portal_address_${string}`>>>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: AddressProblem };

/** Hosts where plain HTTP is allowed, for a portal (or the fake one) on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  // A trailing dot is the same name; `*.localhost` is this machine by RFC 6761; 0.0.0.0 and :: reach it too; and
  // an IPv4-mapped IPv6 address of 127/8 (the URL parser writes `::ffff:127.0.0.1` as `::ffff:7f00:1`).
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '::' ||
    host === '0.0.0.0' ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    /^::ffff:(?:7f[0-9a-f]{2}:[0-9a-f]{1,4}|127(?:\.\d{1,3}){3})$/.test(host)
  );
}

/** Whether a URL may carry credentials: HTTPS anywhere, plain HTTP only to this machine. */
export function isAllowedTransport(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

/** The URL in `text` if it may carry credentials (see `isAllowedTransport`), otherwise null. */
export function credentialSafeUrl(text: string): URL | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return isAllowedTransport(url) ? url : null;
}

// `/rest/<userId>/<secret>` optionally followed by one method segment (`profile.json`, `im.chat.get`), the shape of
// [en] local-integrations/local-webhooks.md:62-73; or REST 3.0's `/rest/api/<userId>/<secret>/…`
// ([en] api-reference/rest-v3.md:22). The same webhook answers at both: "If /api/ is not specified, Bitrix24 will
// execute the method of the old version" (:26), and the chat methods are old-version only (:86-95), so a REST 3.0
// address is kept as the webhook it is, without `/api`.
const WEBHOOK_PATH = /^(?<prefix>(?:\/[^/]+)*?)\/rest\/(?:api\/)?(?<userId>[^/]+)\/(?<secret>[^/]+)(?:\/(?<method>[^/]*))?\/?$/;
const SECRET = /^[A-Za-z0-9_-]{6,128}$/;
const METHOD_NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/i;

/** Removes what copying from chats, documents and terminals adds around a URL. */
function unwrap(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim()
    .replace(/^["'`«“‘<(]+|["'`»”’>)]+$/g, '')
    .trim();
}

/**
 * Reads an incoming webhook address as users paste it: with or without the trailing slash, with a method such
 * as `profile.json` after it, with a query string, spaces or quotes around it, or without `https://`.
 */
export function parseWebhookUrl(input: string): ParseResult<WebhookCredentials> {
  const text = unwrap(input);
  if (text === '') return { ok: false, message: { code: 'webhook_empty' } };
  if (/\s/.test(text)) return { ok: false, message: { code: 'webhook_spaces' } };

  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: { code: 'webhook_not_address' } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: { code: 'webhook_scheme', params: { scheme: url.protocol } } };
  }
  if (!isAllowedTransport(url)) {
    return { ok: false, message: { code: 'webhook_http', params: { host: url.host } } };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: { code: 'webhook_userinfo' } };
  }

  const path = url.pathname.replace(/\/{2,}/g, '/');
  if (path === '/' || path === '') {
    return { ok: false, message: { code: 'webhook_portal_address', params: { host: url.host } } };
  }
  const match = WEBHOOK_PATH.exec(path);
  const groups = match?.groups;
  if (!groups) {
    if (/\/rest\/?$/.test(path) || /\/rest\/[^/]+\/?$/.test(path)) {
      return { ok: false, message: { code: 'webhook_cut_short' } };
    }
    if (/\/rest\/[^/]+\/[^/]+\/[^/]+\/./.test(path)) {
      return { ok: false, message: { code: 'webhook_goes_on' } };
    }
    return { ok: false, message: { code: 'webhook_no_rest' } };
  }
  const userId = Number(groups.userId);
  if (!/^\d+$/.test(groups.userId ?? '') || !Number.isSafeInteger(userId) || userId <= 0) {
    return { ok: false, message: { code: 'webhook_bad_user' } };
  }
  const secret = groups.secret ?? '';
  if (!SECRET.test(secret)) {
    return { ok: false, message: { code: 'webhook_bad_code' } };
  }
  const method = groups.method ?? '';
  if (method !== '' && !METHOD_NAME.test(method)) {
    return { ok: false, message: { code: 'webhook_bad_tail' } };
  }
  return {
    ok: true,
    value: { kind: 'webhook', origin: url.origin, pathPrefix: groups.prefix ?? '', userId, secret },
  };
}

const PORTAL_EXAMPLE = 'https://your-portal.bitrix24.com';

/**
 * Reads a portal's address as people paste it (`acme.bitrix24.ru`, `https://acme.bitrix24.ru/`, a page of the portal)
 * into its origin, where the sign-in sends the browser. HTTPS only, except plain HTTP to this computer.
 */
export function parsePortalAddress(input: string): ParseResult<string> {
  const text = unwrap(input);
  if (text === '') return { ok: false, message: { code: 'portal_address_empty', params: { example: PORTAL_EXAMPLE } } };
  if (/\s/.test(text)) return { ok: false, message: { code: 'portal_address_spaces' } };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const url = URL.parse(withScheme);
  if (!url || url.hostname === '') return { ok: false, message: { code: 'portal_address_not_address', params: { example: PORTAL_EXAMPLE } } };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: { code: 'portal_address_scheme', params: { scheme: url.protocol } } };
  }
  if (!isAllowedTransport(url)) {
    return { ok: false, message: { code: 'portal_address_http', params: { host: url.host } } };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, message: { code: 'portal_address_userinfo' } };
  }
  return { ok: true, value: url.origin };
}

/** The base every method name is appended to, ending in `/`. */
export function restBase(credentials: Credentials): string {
  if (credentials.kind === 'webhook') {
    return `${credentials.origin}${credentials.pathPrefix}/rest/${credentials.userId}/${credentials.secret}/`;
  }
  const endpoint = credentials.tokens.clientEndpoint;
  return endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
}

/** The webhook address to store or show to its owner (it contains the secret). */
export function webhookUrl(credentials: WebhookCredentials): string {
  return restBase(credentials);
}

/** Scheme, host and port of the portal the credentials talk to. */
export function portalOrigin(credentials: Credentials): string {
  return credentials.kind === 'webhook' ? credentials.origin : new URL(credentials.tokens.clientEndpoint).origin;
}

/** Every string in the credentials that must never be shown, logged or stored outside the secret store. */
export function secretsOf(credentials: Credentials): string[] {
  if (credentials.kind === 'webhook') return [credentials.secret];
  return [credentials.tokens.accessToken, credentials.tokens.refreshToken, credentials.application.clientSecret];
}

/** A redacted address for messages and logs: `https://host/rest/1/•••/`. */
export function describeCredentials(credentials: Credentials): string {
  if (credentials.kind === 'webhook') {
    return `${credentials.origin}${credentials.pathPrefix}/rest/${credentials.userId}/•••/`;
  }
  return `${restBase(credentials)} (application ${credentials.application.clientId})`;
}

/**
 * Credentials come from the webhook parser or the OAuth flow, which both check their addresses; this guards
 * the one rule that protects the secret: it travels only over HTTPS, or to this computer.
 */
export function assertUsableEndpoints(credentials: Credentials): void {
  const endpoints = credentials.kind === 'oauth' ? [restBase(credentials), credentials.tokens.serverEndpoint] : [restBase(credentials)];
  for (const endpoint of endpoints) {
    if (!credentialSafeUrl(endpoint)) {
      throw new RangeError('A portal address must be a valid HTTPS address (plain HTTP only to this computer)');
    }
  }
}
