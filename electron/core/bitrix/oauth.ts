/**
 * Renewing a local application's tokens at the OAuth server (`<server>/oauth/token/`, grant `refresh_token`).
 * Bitrix24 hands out a new refresh token each time, so the caller must store the answer before using it.
 */
import type { Clock } from '../clock.ts';
import type { OAuthApplication, OAuthTokens } from './credentials.ts';
import { credentialSafeUrl, isAllowedTransport } from './credentials.ts';
import { BitrixError, type Redact } from './errors.ts';
import { parseJsonObject } from './json.ts';
import { exchange, type FetchLike } from './transport.ts';

export interface RefreshContext {
  fetch: FetchLike;
  userAgent: string;
  timeoutMs: number;
  clock: Clock;
  redact: Redact;
  signal?: AbortSignal | undefined;
}

const METHOD = 'oauth/token';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Exchanges the refresh token for a new pair; a refusal (`invalid_grant`, …) is `auth_invalid`. */
export async function refreshOAuthTokens(
  ctx: RefreshContext,
  tokens: OAuthTokens,
  application: OAuthApplication,
): Promise<OAuthTokens> {
  const server = new URL('/oauth/token/', tokens.serverEndpoint);
  const portal = new URL(tokens.clientEndpoint).host;
  if (!isAllowedTransport(server)) {
    throw new BitrixError({
      code: 'auth_invalid',
      portal,
      method: METHOD,
      message: `The OAuth server address of ${portal} is not HTTPS; connect the application again.`,
    });
  }
  server.search = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: application.clientId,
    client_secret: application.clientSecret,
    refresh_token: tokens.refreshToken,
  }).toString();
  const reply = await exchange(
    { fetch: ctx.fetch, portal, method: METHOD, timeoutMs: ctx.timeoutMs, signal: ctx.signal, redact: ctx.redact },
    server,
    { method: 'GET', headers: { Accept: 'application/json', 'User-Agent': ctx.userAgent } },
  );
  // The token endpoint answers `{access_token, …}` rather than a REST envelope, and `{error}` on refusal.
  const body = parseJsonObject(reply.text);
  const refused = (portalError: string | undefined, why: string): BitrixError =>
    new BitrixError({
      code: 'auth_invalid',
      portal,
      method: METHOD,
      httpStatus: reply.status,
      ...(portalError ? { portalError, portalErrorDescription: ctx.redact(text(body?.error_description) ?? '') } : {}),
      message: `The sign-in to ${portal} could not be renewed (${why}). Connect again.`,
    });
  // Whatever the server's reason (invalid_grant, invalid_client, …), the stored sign-in no longer works.
  if (typeof body?.error === 'string') throw refused(body.error, body.error);
  const accessToken = text(body?.access_token);
  const refreshToken = text(body?.refresh_token);
  if (!body || !accessToken || !refreshToken) {
    if (reply.status >= 500) {
      throw new BitrixError({
        code: 'bad_response',
        portal,
        method: METHOD,
        httpStatus: reply.status,
        message: `The OAuth server of ${portal} answered HTTP ${reply.status} without new tokens. Try again in a minute.`,
      });
    }
    throw refused(undefined, `the OAuth server answered HTTP ${reply.status} without new tokens`);
  }
  // The answer decides where the token is sent from now on: only HTTPS (or this computer) is acceptable.
  const endpoint = (value: unknown, fallback: string): string => {
    const given = text(value);
    if (given === undefined) return fallback;
    const url = credentialSafeUrl(given);
    if (!url) throw refused(undefined, 'the OAuth server named an address that is not HTTPS');
    return url.href;
  };
  const clientEndpoint = endpoint(body.client_endpoint, tokens.clientEndpoint);
  const serverEndpoint = endpoint(body.server_endpoint, tokens.serverEndpoint);
  const expiresIn = Number(body.expires_in);
  const memberId = text(body.member_id) ?? tokens.memberId;
  return {
    accessToken,
    refreshToken,
    clientEndpoint,
    serverEndpoint,
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: ctx.clock.now() + expiresIn * 1000 } : {}),
    ...(memberId ? { memberId } : {}),
  };
}
