/**
 * A local application's side of Bitrix24's OAuth 2.0: the portal's authorize page the person signs in on, the
 * exchange of the code it hands back for tokens, and renewing those tokens, both at the OAuth server's
 * `/oauth/token/`. One reading of the server's token answer serves both. Bitrix24 hands out a new refresh token each
 * time, so the caller must store the answer before using it.
 *
 * The client secret goes only to Bitrix24's OAuth server (oauth.bitrix.info) or to the portal itself (a self-hosted
 * one), over HTTPS; to this computer only where local portals are allowed (the fake portal).
 */
import type { Clock } from '../clock.ts';
import type { OAuthApplication, OAuthTokens } from './credentials.ts';
import { credentialSafeUrl, isAllowedTransport, isLoopbackHost } from './credentials.ts';
import { BitrixError, type Redact, redactorFor } from './errors.ts';
import { parseJsonObject } from './json.ts';
import { type Exchange, exchange, type FetchLike } from './transport.ts';

/** What a request to the OAuth server needs: the transport, and how to keep secrets out of messages. */
export interface TokenServerContext {
  fetch: FetchLike;
  userAgent: string;
  timeoutMs: number;
  clock: Clock;
  redact: Redact;
  signal?: AbortSignal | undefined;
}

/** Bitrix24's cloud OAuth server, where codes and refresh tokens are exchanged (the callback names it `server_domain`). */
export const BITRIX_OAUTH_SERVER = 'oauth.bitrix.info';
/** The path of the app's sign-in handler on 127.0.0.1. */
export const OAUTH_HANDLER_PATH = '/b24-chat-lookup/oauth';
/**
 * The handler address a person registers in their local application. The app signs in with a port of its own added
 * (`http://127.0.0.1:<port>/b24-chat-lookup/oauth`: RFC 8252's loopback redirect, any port).
 */
export const OAUTH_HANDLER = `http://127.0.0.1${OAUTH_HANDLER_PATH}`;
/** How long a sign-in code works at the OAuth server, by Bitrix24's documentation. */
export const CODE_LIFETIME_MS = 30_000;
/** A client id as Bitrix24 writes one (`local.5f1a2b3c4d5e6f.12345678`, `app.…`). */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** The `state` the app makes: 32 random bytes, base64url without padding. */
export const SIGN_IN_STATE = /^[A-Za-z0-9_-]{43}$/;

const TOKEN_METHOD = 'oauth/token';
const REDIRECT_PORT = /^http:\/\/127\.0\.0\.1:([1-9]\d{0,4})\//;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The handler address with the port of this sign-in's listener. */
export function redirectUriFor(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new RangeError(`Not a port: ${port}`);
  return `http://127.0.0.1:${port}${OAUTH_HANDLER_PATH}`;
}

/** Whether a text is exactly a redirect the app asks for: `http://127.0.0.1:<port>/b24-chat-lookup/oauth`. */
export function isSignInRedirectUri(value: string): boolean {
  const port = Number(REDIRECT_PORT.exec(value)?.[1]);
  return port <= 65_535 && value === redirectUriFor(port);
}

/**
 * The portal's authorize page for this sign-in: `<portal>/oauth/authorize/?client_id=…&state=…&redirect_uri=…`, the
 * keys in this order and nothing else (link-policy.ts lets exactly this shape through to the browser).
 */
export function authorizeUrl(portal: string, { clientId, state, redirectUri }: { clientId: string; state: string; redirectUri: string }): string {
  const url = new URL('/oauth/authorize/', portal);
  url.search = new URLSearchParams({ client_id: clientId, state, redirect_uri: redirectUri }).toString();
  return url.href;
}

/**
 * Where the code is exchanged (scheme, host and port), given the portal the person signs in to and the
 * `server_domain` its callback named; null for a server the client secret must not go to. Without a server_domain
 * (a code pasted on its own): Bitrix24's OAuth server, or the portal itself when it is on this computer.
 */
export function tokenServerFor(portal: string, serverDomain: string | undefined, { allowLocalPortals }: { allowLocalPortals: boolean }): URL | null {
  const portalUrl = new URL(portal);
  const local = (hostname: string): boolean => allowLocalPortals && isLoopbackHost(hostname);
  if (serverDomain === undefined) return new URL(local(portalUrl.hostname) ? portalUrl.origin : `https://${BITRIX_OAUTH_SERVER}`);
  // A host and maybe a port, nothing else: no scheme, user, path or query for the portal to slip in.
  if (!/^[a-z0-9.-]+(?::\d{1,5})?$/i.test(serverDomain)) return null;
  const server = URL.parse(`https://${serverDomain}`);
  if (!server || server.host !== serverDomain.toLowerCase()) return null;
  if (server.host === BITRIX_OAUTH_SERVER) return new URL(server.origin);
  if (server.host === portalUrl.host) return portalUrl.protocol === 'https:' || local(portalUrl.hostname) ? new URL(portalUrl.origin) : null;
  if (local(server.hostname)) return new URL(`http://${server.host}`);
  return null;
}

interface TokenAnswer {
  /** Host of the portal, for messages. */
  portal: string;
  /** Kept where the answer leaves them out. */
  fallback: { clientEndpoint: string; serverEndpoint: string; memberId?: string | undefined };
  /** The failure for a refusal (`error` and `error_description` in the answer) or an answer without tokens. */
  refused: (portalError: string | undefined, why: string, description: string | undefined) => BitrixError;
  /** Whether the server named in `server_endpoint` may later be sent the client secret (refreshes go there). */
  acceptServer?: (server: URL) => boolean;
}

/**
 * The OAuth server's token answer, as both grants get it: `{access_token, refresh_token, expires_in, client_endpoint,
 * server_endpoint, member_id}`, or `{error, error_description}`. The endpoints it names decide where the tokens (and
 * the secret) go from now on, so only HTTPS ones (or this computer's) are taken.
 */
function readTokenAnswer(ctx: TokenServerContext, reply: Exchange, answer: TokenAnswer): OAuthTokens {
  const body = parseJsonObject(reply.text);
  // Whatever the server's reason (invalid_grant, invalid_client, …), these credentials do not work.
  if (typeof body?.error === 'string') throw answer.refused(body.error, body.error, text(body.error_description));
  const accessToken = text(body?.access_token);
  const refreshToken = text(body?.refresh_token);
  if (!body || !accessToken || !refreshToken) {
    if (reply.status >= 500) {
      throw new BitrixError({
        code: 'bad_response',
        portal: answer.portal,
        method: TOKEN_METHOD,
        httpStatus: reply.status,
        message: `The OAuth server of ${answer.portal} answered HTTP ${reply.status} without tokens. Try again in a minute.`,
      });
    }
    throw answer.refused(undefined, `the OAuth server answered HTTP ${reply.status} without tokens`, undefined);
  }
  const endpoint = (value: unknown, fallback: string, accept: (url: URL) => boolean = () => true): string => {
    const given = text(value);
    if (given === undefined) return fallback;
    const url = credentialSafeUrl(given);
    if (!url) throw answer.refused(undefined, 'the OAuth server named an address that is not HTTPS', undefined);
    if (!accept(url)) throw answer.refused(undefined, `the OAuth server named ${url.host} as itself, which is not a Bitrix24 OAuth server`, undefined);
    return url.href;
  };
  const expiresIn = Number(body.expires_in);
  const memberId = text(body.member_id) ?? answer.fallback.memberId;
  return {
    accessToken,
    refreshToken,
    clientEndpoint: endpoint(body.client_endpoint, answer.fallback.clientEndpoint),
    serverEndpoint: endpoint(body.server_endpoint, answer.fallback.serverEndpoint, answer.acceptServer),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: ctx.clock.now() + expiresIn * 1000 } : {}),
    ...(memberId ? { memberId } : {}),
  };
}

/** One GET to the OAuth server's `/oauth/token/` with the grant's parameters. */
async function askTokenServer(ctx: TokenServerContext, server: URL, portal: string, params: Record<string, string>, redact: Redact): Promise<Exchange> {
  const url = new URL('/oauth/token/', server);
  url.search = new URLSearchParams(params).toString();
  return exchange(
    { fetch: ctx.fetch, portal, method: TOKEN_METHOD, timeoutMs: ctx.timeoutMs, signal: ctx.signal, redact },
    url,
    { method: 'GET', headers: { Accept: 'application/json', 'User-Agent': ctx.userAgent } },
  );
}

/** Exchanges the refresh token for a new pair; a refusal (`invalid_grant`, …) is `auth_invalid`. */
export async function refreshOAuthTokens(ctx: TokenServerContext, tokens: OAuthTokens, application: OAuthApplication): Promise<OAuthTokens> {
  const server = new URL('/oauth/token/', tokens.serverEndpoint);
  const portal = new URL(tokens.clientEndpoint).host;
  if (!isAllowedTransport(server)) {
    throw new BitrixError({
      code: 'auth_invalid',
      portal,
      method: TOKEN_METHOD,
      message: `The OAuth server address of ${portal} is not HTTPS; connect the application again.`,
    });
  }
  const params = { grant_type: 'refresh_token', client_id: application.clientId, client_secret: application.clientSecret, refresh_token: tokens.refreshToken };
  const reply = await askTokenServer(ctx, server, portal, params, ctx.redact);
  return readTokenAnswer(ctx, reply, {
    portal,
    fallback: tokens,
    refused: (portalError, why, description) =>
      new BitrixError({
        code: 'auth_invalid',
        portal,
        method: TOKEN_METHOD,
        httpStatus: reply.status,
        ...(portalError ? { portalError, portalErrorDescription: ctx.redact(description ?? '') } : {}),
        message: `The sign-in to ${portal} could not be renewed (${why}). Connect again: Settings → Reconnect.`,
      }),
  });
}

/** What the sign-in hands over for the exchange. */
export interface AuthorizationCode {
  /** The portal the person signed in to (its origin, as the app asked it). */
  portal: string;
  code: string;
  /** `server_domain` from the portal's callback; undefined for a code pasted on its own. */
  serverDomain: string | undefined;
  allowLocalPortals: boolean;
}

/**
 * Exchanges a sign-in code for the application's first tokens, at the server the callback named, which must be one
 * the client secret may go to (tokenServerFor: the caller checks first; a RangeError otherwise). A refused code (`invalid_grant`: used, or
 * older than its 30 s) or application (`invalid_client`) is `auth_invalid`, with what to do.
 */
export async function exchangeAuthorizationCode(ctx: TokenServerContext, application: OAuthApplication, given: AuthorizationCode): Promise<OAuthTokens> {
  const portal = new URL(given.portal).host;
  const server = tokenServerFor(given.portal, given.serverDomain, given);
  // The sign-in checks the server first and says so to the person; this guards the secret.
  if (!server) throw new RangeError('The client secret goes only to Bitrix24\'s OAuth server or the portal itself');
  const redact = redactorFor([application.clientSecret, given.code]);
  const safe: Redact = (value) => ctx.redact(redact(value));
  const params = { grant_type: 'authorization_code', client_id: application.clientId, client_secret: application.clientSecret, code: given.code };
  const reply = await askTokenServer(ctx, server, portal, params, safe);
  return readTokenAnswer(ctx, reply, {
    portal,
    fallback: { clientEndpoint: `${new URL(given.portal).origin}/rest/`, serverEndpoint: `${server.origin}/rest/` },
    acceptServer: (url) => tokenServerFor(given.portal, url.host, given)?.origin === url.origin,
    refused: (portalError, why, description) => {
      const message =
        portalError === 'invalid_grant'
          ? `${portal} did not accept the sign-in code (invalid_grant): a code works once, and only for 30 seconds. Sign in again, and finish in the browser quickly.`
          : portalError === 'invalid_client'
            ? `The OAuth server did not accept the application (invalid_client): check its client id and client secret in Bitrix24 (Developer resources → Other → Local applications), and that the application is installed there.`
            : `The sign-in to ${portal} was refused (${why}). Sign in again.`;
      return new BitrixError({
        code: 'auth_invalid',
        portal,
        method: TOKEN_METHOD,
        httpStatus: reply.status,
        ...(portalError ? { portalError, portalErrorDescription: safe(description ?? '') } : {}),
        message,
      });
    },
  });
}
