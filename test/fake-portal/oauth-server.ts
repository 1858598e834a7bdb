/**
 * A fake Bitrix24 authorization server: the one host that exchanges a sign-in code for tokens and renews them, as
 * [en] settings/oauth/index.md and settings/oauth/auto-renewal.md describe `oauth.bitrix.info` (and the Russian docs,
 * the same pages, `oauth.bitrix24.tech`). It is a separate server from the portal, as it is in Bitrix24: "Битрикс24 может
 * быть развернут в коробке, поэтому передавать секрет в сам Битрикс24 небезопасно" ([ru] settings/oauth/index.md:79), so
 * the client secret goes here and only here. A portal hands it its sign-in codes (the authorize page) and asks it
 * whether an access token is good (every REST call with `auth`).
 *
 * Behaviours and their sources:
 * - `GET /oauth/token/?grant_type=authorization_code&client_id&client_secret&code` ([en] settings/oauth/index.md:140-160),
 *   `GET /oauth/token/?grant_type=refresh_token&client_id&client_secret&refresh_token` (auto-renewal.md:13-33). A POST with
 *   the same fields in a form body is taken too: the JS SDK sends that and says it was "verified empirically"
 *   (b24jssdk packages/jssdk/src/oauth/auth.ts:89-110); the docs show only GET.
 * - The answer (index.md:164-191, auto-renewal.md:43-74): access_token, refresh_token, expires_in, expires, client_endpoint
 *   (the portal's `/rest/`), server_endpoint (this server's `/rest/`), domain (this server's host, index.md:187), member_id,
 *   scope, status (`L` for a local application: b24jssdk docs, [en] sdk/b24jssdk/index.md:246), user_id.
 * - A code works once and for 30 seconds (index.md:57); an access token for an hour (index.md:182); a refresh token for
 *   180 days (auto-renewal.md:9, :91), and each renewal hands out a new one to keep instead (auto-renewal.md:64).
 * - Refusals come instead of tokens (error-codes.md:9): invalid_client for an unknown id, a wrong secret or an application
 *   not installed (:21), invalid_grant for a used, expired or unknown code or refresh token (:23), PAYMENT_REQUIRED once the
 *   application's trial or paid period is over (:24). Their HTTP statuses are not documented (system-errors.ts says whose
 *   reading the fake uses).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Listening, listen, type PublicName, readParams, type RecordedRequest, sendJson, token } from './server.ts';
import { type DocumentedError, OAUTH_ERRORS } from './system-errors.ts';

/** The local application the fake portal has installed (Developer resources → Other → Local application). */
export interface FakeApplication {
  clientId: string;
  clientSecret: string;
  /**
   * "Your handler path": where the portal sends the browser back with the code. The authorize request carries no
   * redirect_uri; "Bitrix24 takes it from the application settings" ([en] settings/oauth/index.md:70).
   */
  handler: string;
  /** The permissions ticked in the application's card: the scopes its tokens get (index.md:72). */
  scopes: string[];
  /** Whether it is installed on the portal: "For an application that is not installed, the authorization ends with an error" (index.md:68). */
  installed: boolean;
  /** Its trial or paid period is over: the server answers PAYMENT_REQUIRED instead of tokens (error-codes.md:24). */
  paymentRequired: boolean;
}

/** The tokens the server has handed out and their state; shared with the portal, which checks access tokens. */
export interface OAuthState {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  /** The current access token answers `expired_token` until renewed (as it does an hour after it was issued). */
  accessExpired: boolean;
  /** Renewals answer `invalid_grant` (a refresh token the server no longer knows). */
  refreshRejected: boolean;
  /** When the current refresh token was handed out (epoch ms); it stops working 180 days later. */
  refreshIssuedAt: number;
  refreshCount: number;
  /** Sign-in codes exchanged for tokens (grant `authorization_code`). */
  codeExchangeCount: number;
  /** What the token answer names as `client_endpoint`; by default the portal's `/rest/`. */
  clientEndpoint: string | null;
}

export const CODE_LIFETIME_MS = 30_000;
export const ACCESS_LIFETIME_S = 3600;
export const REFRESH_LIFETIME_MS = 180 * 24 * 3600 * 1000;

export interface FakeOAuthServer {
  /** `http://127.0.0.1:<port>` or `https://oauth.bitrix.info` under a public name. */
  readonly origin: string;
  /** The host a portal names as `server_domain` (index.md:129). */
  readonly host: string;
  readonly address: { host: string; port: number };
  readonly requests: RecordedRequest[];
  /** Serves a portal's application from now on (a portal registers itself when it starts). */
  register(portal: FakeOAuthPortal): void;
  /** Hands out a sign-in code for a portal's authorize page (the portal and this server are one system in Bitrix24). */
  issueCode(portal: FakeOAuthPortal): string;
  /** Whether `auth` is the current access token of an application on `portal`: 'ok', 'expired' or 'unknown'. */
  checkAccess(auth: unknown, portal: FakeOAuthPortal): 'ok' | 'expired' | 'unknown';
  close(): Promise<void>;
}

/** What the server needs to know of a portal it serves. */
export interface FakeOAuthPortal {
  readonly origin: string;
  readonly memberId: string;
  readonly userId: number;
  readonly application: FakeApplication;
  readonly oauth: OAuthState;
  /** How long its codes live (30 s; tests shorten it). */
  readonly behaviour: { readonly codeLifetimeMs: number };
}

export interface FakeOAuthServerOptions {
  name?: PublicName;
  port?: number;
  now?: () => number;
}

export async function startFakeOAuthServer(options: FakeOAuthServerOptions = {}): Promise<FakeOAuthServer> {
  const now = options.now ?? Date.now;
  const requests: RecordedRequest[] = [];
  const portals = new Map<string, FakeOAuthPortal>();
  /** Codes not yet used: code → the portal and when. */
  const codes = new Map<string, { portal: FakeOAuthPortal; issuedAt: number }>();

  const refuse = (res: ServerResponse, record: RecordedRequest, refusal: DocumentedError): void =>
    sendJson(res, record, refusal.status, { error: refusal.error, error_description: refusal.description });

  function tokensFor(res: ServerResponse, record: RecordedRequest, portal: FakeOAuthPortal): void {
    const { oauth, application } = portal;
    oauth.accessToken = token('acc', 16);
    oauth.refreshToken = token('ref', 16);
    oauth.accessExpired = false;
    oauth.refreshIssuedAt = now();
    const host = new URL(server.origin).host;
    sendJson(res, record, 200, {
      access_token: oauth.accessToken,
      expires: Math.floor(now() / 1000) + ACCESS_LIFETIME_S,
      expires_in: ACCESS_LIFETIME_S,
      scope: application.scopes.join(','),
      domain: host,
      server_endpoint: `${server.origin}/rest/`,
      status: 'L',
      client_endpoint: oauth.clientEndpoint ?? `${portal.origin}/rest/`,
      member_id: portal.memberId,
      user_id: portal.userId,
      refresh_token: oauth.refreshToken,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = await readParams(req, url);
    const record: RecordedRequest = { httpMethod: req.method ?? 'GET', path: url.pathname, restMethod: 'oauth/token', params, headers: req.headers, status: 0 };
    requests.push(record);
    if (url.pathname !== '/oauth/token/') {
      sendJson(res, record, 404, { error: 'NOT_FOUND', error_description: 'Not found' });
      return;
    }
    // A code names the portal it was handed out on; a refresh token, the application (portals that share one, as a
    // renamed portal does, share its tokens).
    const code = params.grant_type === 'authorization_code' && typeof params.code === 'string' ? params.code : undefined;
    const issued = code === undefined ? undefined : codes.get(code);
    if (code !== undefined) codes.delete(code);
    const portal = issued?.portal ?? [...portals.values()].find((p) => p.application.clientId === params.client_id);
    // "Check client_id and client_secret, and make sure that the application is installed in this Bitrix24" (error-codes.md:21).
    const application = portal?.application;
    if (!portal || !application || params.client_id !== application.clientId || params.client_secret !== application.clientSecret || !application.installed) {
      refuse(res, record, OAUTH_ERRORS.invalidClient);
      return;
    }
    if (application.paymentRequired) {
      refuse(res, record, OAUTH_ERRORS.paymentRequired);
      return;
    }
    const { oauth } = portal;
    if (params.grant_type === 'refresh_token') {
      const expired = now() - oauth.refreshIssuedAt > REFRESH_LIFETIME_MS;
      if (oauth.refreshRejected || expired || params.refresh_token !== oauth.refreshToken) {
        refuse(res, record, OAUTH_ERRORS.invalidGrant);
        return;
      }
      oauth.refreshCount += 1;
      tokensFor(res, record, portal);
      return;
    }
    if (params.grant_type === 'authorization_code') {
      if (!issued || now() - issued.issuedAt > portal.behaviour.codeLifetimeMs) {
        refuse(res, record, OAUTH_ERRORS.invalidGrant);
        return;
      }
      oauth.codeExchangeCount += 1;
      tokensFor(res, record, portal);
      return;
    }
    refuse(res, record, OAUTH_ERRORS.invalidRequest);
  }

  const listening: Listening = await listen(handle, { port: options.port, name: options.name });
  const server: FakeOAuthServer = {
    origin: listening.origin,
    host: new URL(listening.origin).host,
    address: listening.address,
    requests,
    register(portal) {
      portals.set(portal.origin, portal);
    },
    issueCode(portal) {
      const code = token('code', 16);
      codes.set(code, { portal, issuedAt: now() });
      return code;
    },
    checkAccess(auth, portal) {
      if (typeof auth !== 'string' || auth !== portal.oauth.accessToken) return 'unknown';
      return portal.oauth.accessExpired ? 'expired' : 'ok';
    },
    close: () => listening.close(),
  };
  return server;
}
