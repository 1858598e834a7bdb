/**
 * A local application's side of Bitrix24's OAuth 2.0, as [en] settings/oauth/index.md describes the full protocol: the
 * portal's authorize page the person signs in on, the exchange of the code it hands back for tokens, and renewing those
 * tokens ([en] settings/oauth/auto-renewal.md), both at the authorization server's `/oauth/token/`. One reading of the
 * server's token answer serves both. Bitrix24 hands out a new refresh token each time, so the caller must store the
 * answer before using it.
 *
 * The client secret goes only to Bitrix24's authorization server, never to the portal: "client_secret is used only in
 * requests to the authorization server oauth.bitrix.info. Bitrix24 can be deployed on-premise, so passing the secret to
 * Bitrix24 itself is unsafe" (index.md:76); self-hosted portals use the same server
 * ([en] settings/cloud-and-on-premise/on-premise/index.md:41). To this computer only where local portals are allowed
 * (the fake authorization server).
 *
 * It is over 300 lines because both grants share one reading of the server's answer and one table of its refusals,
 * each with the documentation line it rests on; apart, the two readings would drift.
 */
import { PROJECT_SITE } from '../about.ts';
import type { Clock } from '../clock.ts';
import type { OAuthApplication, OAuthTokens } from './credentials.ts';
import { credentialSafeUrl, isLoopbackHost } from './credentials.ts';
import { BitrixError, failureFromPortalError, type PortalProblem, type Redact, redactorFor } from './errors.ts';
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

/**
 * Bitrix24's authorization servers. The English docs name `oauth.bitrix.info` on every page (index.md:76), the Russian
 * ones `oauth.bitrix24.tech` ([ru] settings/oauth/index.md:46, :79): "The server address depends on the license region"
 * ([en] api-reference/chat-bots/send-command.md:174), and each sign-in names its own in `server_domain`
 * (index.md:129) and every token answer in `server_endpoint` (index.md:186). Both official SDKs know exactly these two
 * (b24phpsdk src/Core/Credentials/DefaultOAuthServerUrl.php:25-39, "east" and "west").
 */
export const OAUTH_SERVERS = ['oauth.bitrix.info', 'oauth.bitrix24.tech'] as const;
/**
 * The server of the Russian docs, which self-hosted portals of the RU, BY and KZ sites reach ([ru]
 * settings/cloud-and-on-premise/network-access.md:16-21); which portals it signs in is not written anywhere.
 */
const EAST_SERVER = 'oauth.bitrix24.tech';
const WEST_SERVER = 'oauth.bitrix.info';
/** Portals of the Russian licence region by the zone of their cloud address (a guess: no page maps zones to servers). */
const EAST_CLOUD = /\.bitrix24\.(?:ru|by|kz)$/;
const CLOUD = /\.bitrix24\.[a-z.]+$/;

/** The path of the app's sign-in listener on 127.0.0.1. */
export const OAUTH_HANDLER_PATH = '/b24-chat-lookup/oauth';
/**
 * The port the app waits for the browser on during a sign-in. Fixed, because the portal sends the browser to the
 * handler address of the application's settings, whatever the sign-in asks: the address "is not passed in the
 * authorization request; Bitrix24 takes it from the application settings" (index.md:70). Below every system's range of
 * ports handed out for outgoing connections (Linux from 32768, Windows and macOS from 49152).
 */
export const OAUTH_HANDLER_PORT = 31024;
/** Where the app listens during a sign-in: a handler address of its own, for a portal that accepts one on this computer. */
export const OAUTH_LOOPBACK_HANDLER = `http://127.0.0.1:${OAUTH_HANDLER_PORT}${OAUTH_HANDLER_PATH}`;
/**
 * The handler address a person enters in their portal's local application ("Your handler path"). The docs want one
 * "physically accessible via an HTTPS URL" ([en] local-integrations/serverside-local-app-with-no-ui.md), which an app on
 * a desktop is not: so it is a page of the project's site (docs/sign-in/index.html) that hands the browser, code and
 * all, on to OAUTH_LOOPBACK_HANDLER. It loads and sends nothing else.
 */
export const OAUTH_HANDLER = `${PROJECT_SITE}/sign-in/`;
/** How long a sign-in code works at the OAuth server: "The lifetime of the authorization code code is 30 seconds" (index.md:57). */
export const CODE_LIFETIME_MS = 30_000;
/** How long a refresh token works: 180 days (auto-renewal.md:9, :91). Each renewal hands out a new one. */
export const REFRESH_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;
/** A client id as Bitrix24 writes one (`local.5f1a2b3c4d5e6f.12345678`, `app.…`). */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** The `state` the app makes: 32 random bytes, base64url without padding. */
export const SIGN_IN_STATE = /^[A-Za-z0-9_-]{43}$/;

const TOKEN_METHOD = 'oauth/token';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The portal's authorize page for this sign-in: `<portal>/oauth/authorize/?client_id=…&state=…`, the two parameters the
 * docs give (index.md:86-102) and nothing else (link-policy.ts lets exactly this shape through to the browser).
 */
export function authorizeUrl(portal: string, { clientId, state }: { clientId: string; state: string }): string {
  const url = new URL('/oauth/authorize/', portal);
  url.search = new URLSearchParams({ client_id: clientId, state }).toString();
  return url.href;
}

/** Whether the client secret may go to this server: one of Bitrix24's two over HTTPS, or this computer's where allowed. */
export function isTokenServer(server: URL, { allowLocalPortals }: { allowLocalPortals: boolean }): boolean {
  if (server.username !== '' || server.password !== '') return false;
  if (allowLocalPortals && server.protocol === 'http:' && isLoopbackHost(server.hostname)) return true;
  return server.protocol === 'https:' && server.port === '' && (OAUTH_SERVERS as readonly string[]).includes(server.hostname);
}

/**
 * Where the code is exchanged (scheme, host and port), given the portal the person signs in to and the `server_domain`
 * the portal's answer named; null for a server the client secret must not go to. A code pasted on its own names no
 * server: then a cloud portal's address says which region it is in (see EAST_CLOUD), and any other portal's cannot, so
 * null (the person pastes the whole address instead, which names it).
 */
export function tokenServerFor(portal: string, serverDomain: string | undefined, options: { allowLocalPortals: boolean }): URL | null {
  if (serverDomain === undefined) {
    const host = new URL(portal).hostname;
    if (EAST_CLOUD.test(host)) return new URL(`https://${EAST_SERVER}`);
    return CLOUD.test(host) ? new URL(`https://${WEST_SERVER}`) : null;
  }
  // A host and maybe a port, nothing else: no scheme, user, path or query for the portal to slip in.
  if (!/^[a-z0-9.-]+(?::\d{1,5})?$/i.test(serverDomain)) return null;
  const local = options.allowLocalPortals && isLoopbackHost(serverDomain.replace(/:\d+$/, ''));
  const server = URL.parse(`${local ? 'http' : 'https'}://${serverDomain}`);
  if (!server || server.host !== serverDomain.toLowerCase()) return null;
  return isTokenServer(server, options) ? new URL(server.origin) : null;
}

interface TokenAnswer {
  /** Host of the portal, for messages. */
  portal: string;
  /** Kept where the answer leaves them out. */
  fallback: { clientEndpoint: string; serverEndpoint: string; memberId?: string | undefined };
  /**
   * The failure for a refusal (`error` and `error_description` in the answer) or an answer without tokens; `why` is
   * what to tell the person when the answer's own code (or, without one, its HTTP status) would not say enough.
   */
  refused: (portalError: string | undefined, why: PortalProblem | null, description: string | undefined) => BitrixError;
  allowLocalPortals: boolean;
}

/**
 * The failure for an answer of the authorization server that holds no tokens. PAYMENT_REQUIRED is its own: "The trial or
 * paid period of the application has expired … Until then, the authorization server will not issue tokens"
 * ([en] settings/oauth/error-codes.md:24), and signing in again would not help.
 */
function tokenRefusal(
  ctx: TokenServerContext,
  reply: Exchange,
  answer: TokenAnswer,
  portalError: string | undefined,
  description: string | undefined,
): BitrixError {
  if (portalError?.toUpperCase() === 'PAYMENT_REQUIRED') {
    return new BitrixError(
      failureFromPortalError({
        portal: answer.portal,
        method: TOKEN_METHOD,
        portalError,
        portalErrorDescription: ctx.redact(description ?? ''),
        httpStatus: reply.status,
        retryAt: null,
        now: ctx.clock.now(),
        attempts: 1,
        oauth: true,
      }),
    );
  }
  return answer.refused(portalError, null, description);
}

/**
 * The authorization server's token answer, as both grants get it (index.md:164-191, auto-renewal.md:43-74):
 * `{access_token, refresh_token, expires_in, client_endpoint, server_endpoint, member_id, …}`, or `{error,
 * error_description}` instead (error-codes.md:9). The endpoints it names decide where the tokens (and the secret) go
 * from now on: `client_endpoint` only over HTTPS (or to this computer where allowed), `server_endpoint` only to one of
 * Bitrix24's authorization servers.
 */
function readTokenAnswer(ctx: TokenServerContext, reply: Exchange, answer: TokenAnswer): OAuthTokens {
  const body = parseJsonObject(reply.text);
  if (typeof body?.error === 'string') throw tokenRefusal(ctx, reply, answer, body.error, text(body.error_description));
  const accessToken = text(body?.access_token);
  const refreshToken = text(body?.refresh_token);
  if (!body || !accessToken || !refreshToken) {
    if (reply.status >= 500) {
      throw new BitrixError({
        code: 'bad_response',
        portal: answer.portal,
        method: TOKEN_METHOD,
        httpStatus: reply.status,
        message: { code: 'bad_response_token_server', params: { portal: answer.portal, httpStatus: reply.status } },
      });
    }
    throw tokenRefusal(ctx, reply, answer, undefined, undefined);
  }
  const clientEndpoint = ((): string => {
    const given = text(body.client_endpoint);
    if (given === undefined) return answer.fallback.clientEndpoint;
    const url = credentialSafeUrl(given);
    if (!url) throw answer.refused(undefined, { code: 'auth_insecure_endpoint', params: { portal: answer.portal } }, undefined);
    return url.href;
  })();
  const serverEndpoint = ((): string => {
    const given = text(body.server_endpoint);
    if (given === undefined) return answer.fallback.serverEndpoint;
    const url = URL.parse(given);
    if (!url || !isTokenServer(url, answer)) {
      throw answer.refused(undefined, { code: 'auth_foreign_server', params: { portal: answer.portal, server: url?.host ?? '?' } }, undefined);
    }
    return url.href;
  })();
  const expiresIn = Number(body.expires_in);
  const memberId = text(body.member_id) ?? answer.fallback.memberId;
  const now = ctx.clock.now();
  return {
    accessToken,
    refreshToken,
    clientEndpoint,
    serverEndpoint,
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: now + expiresIn * 1000 } : {}),
    refreshIssuedAt: now,
    ...(memberId ? { memberId } : {}),
  };
}

/**
 * One request to the authorization server's `/oauth/token/` with the grant's parameters: a GET with them in the query,
 * the one form the docs give (index.md:140-148, auto-renewal.md:13-21).
 */
async function askTokenServer(ctx: TokenServerContext, server: URL, portal: string, params: Record<string, string>, redact: Redact): Promise<Exchange> {
  const url = new URL('/oauth/token/', server);
  url.search = new URLSearchParams(params).toString();
  return exchange({ fetch: ctx.fetch, portal, method: TOKEN_METHOD, timeoutMs: ctx.timeoutMs, signal: ctx.signal, redact }, url, {
    method: 'GET',
    headers: { Accept: 'application/json', 'User-Agent': ctx.userAgent },
  });
}

/**
 * Exchanges the refresh token for a new pair at the server the last answer named; a refusal (`invalid_grant`: the
 * refresh token is spent or older than its 180 days, error-codes.md:23) is `auth_invalid`.
 */
export async function refreshOAuthTokens(
  ctx: TokenServerContext,
  tokens: OAuthTokens,
  application: OAuthApplication,
  { allowLocalPortals }: { allowLocalPortals: boolean },
): Promise<OAuthTokens> {
  const server = URL.parse(tokens.serverEndpoint);
  const portal = new URL(tokens.clientEndpoint).host;
  if (!server || !isTokenServer(server, { allowLocalPortals })) {
    throw new BitrixError({
      code: 'auth_invalid',
      portal,
      method: TOKEN_METHOD,
      message: { code: 'auth_foreign_server', params: { portal, server: server?.host ?? '?' } },
    });
  }
  const params = { grant_type: 'refresh_token', client_id: application.clientId, client_secret: application.clientSecret, refresh_token: tokens.refreshToken };
  const reply = await askTokenServer(ctx, server, portal, params, ctx.redact);
  return readTokenAnswer(ctx, reply, {
    portal,
    fallback: tokens,
    allowLocalPortals,
    refused: (portalError, why, description) =>
      new BitrixError({
        code: 'auth_invalid',
        portal,
        method: TOKEN_METHOD,
        httpStatus: reply.status,
        ...(portalError ? { portalError, portalErrorDescription: ctx.redact(description ?? '') } : {}),
        message: why ?? { code: 'auth_not_renewed', params: { portal, portalError: portalError ?? `HTTP ${reply.status}` } },
      }),
  });
}

/** What the sign-in hands over for the exchange. */
export interface AuthorizationCode {
  /** The portal the person signed in to (its origin, as the app asked it). */
  portal: string;
  code: string;
  /** `server_domain` from the portal's answer; undefined for a code pasted on its own. */
  serverDomain: string | undefined;
  allowLocalPortals: boolean;
}

/**
 * Exchanges a sign-in code for the application's first tokens, at the server the portal's answer named, which must be
 * one the client secret may go to (tokenServerFor: the caller checks first; a RangeError otherwise). A refused code
 * (`invalid_grant`: used, or older than its 30 s) or application (`invalid_client`, error-codes.md:21) is `auth_invalid`,
 * with what to do.
 */
export async function exchangeAuthorizationCode(ctx: TokenServerContext, application: OAuthApplication, given: AuthorizationCode): Promise<OAuthTokens> {
  const portal = new URL(given.portal).host;
  const server = tokenServerFor(given.portal, given.serverDomain, given);
  // The sign-in checks the server first and says so to the person; this guards the secret.
  if (!server) throw new RangeError("The client secret goes only to one of Bitrix24's authorization servers");
  const redact = redactorFor([application.clientSecret, given.code]);
  const safe: Redact = (value) => ctx.redact(redact(value));
  const params = { grant_type: 'authorization_code', client_id: application.clientId, client_secret: application.clientSecret, code: given.code };
  const reply = await askTokenServer(ctx, server, portal, params, safe);
  return readTokenAnswer({ ...ctx, redact: safe }, reply, {
    portal,
    fallback: { clientEndpoint: `${new URL(given.portal).origin}/rest/`, serverEndpoint: `${server.origin}/rest/` },
    allowLocalPortals: given.allowLocalPortals,
    refused: (portalError, why, description) => {
      const message: PortalProblem =
        portalError === 'invalid_grant'
          ? { code: 'auth_code_refused', params: { portal } }
          : portalError === 'invalid_client'
            ? { code: 'auth_application_refused' }
            : (why ?? { code: 'auth_sign_in_refused', params: { portal, portalError: portalError ?? `HTTP ${reply.status}` } });
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
