/**
 * One REST POST to a portal that may have moved: a portal that was renamed answers with a redirect, and the same body
 * is re-posted to the address it names (never auto-followed by `fetch`) when that address keeps the REST path and may
 * carry the secret; the credentials are then rewritten to the new address.
 */
import type { Clock } from '../clock.ts';
import { type Credentials, isAllowedTransport, isLoopbackHost, restBase } from './credentials.ts';
import type { RestParams } from './batch.ts';
import { BitrixError, type Redact } from './errors.ts';
import { type Exchange, exchange, type FetchLike, readEnvelope } from './transport.ts';

/** Re-posts after a redirect before giving up. */
export const MAX_REDIRECTS = 3;
// 303 is left out on purpose: it means "fetch the answer with a GET", which no REST call can do.
const REDIRECT_STATUSES = new Set([301, 302, 307, 308]);

/** Where a portal now answers: its origin and, for a self-hosted one, the path before `/rest/`. */
export interface PortalAddress {
  origin: string;
  prefix: string;
}

/** What one POST needs besides its credentials, method and parameters. */
export interface PostContext {
  fetch: FetchLike;
  userAgent: string;
  /** How long each HTTP request may take. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  clock: Clock;
  redact: Redact;
  /** One line per POST, written of parts already redacted (the address is redacted here, once per address). */
  log: (line: string) => void;
  /** Whether a redirect may lead to this computer. */
  allowLocalHosts: boolean;
  /** Host of the portal as messages name it now (for too_many_redirects). */
  portalHost: () => string;
}

/** The portal's answer, and the address it answered from when that is not the one the credentials name. */
export interface PostReply {
  envelope: Record<string, unknown>;
  status: number;
  movedTo: PortalAddress | null;
}

/**
 * The address of a method for these credentials, parsed once per credentials and method rather than for every call
 * (credentials are replaced, never changed, when a portal moves or tokens are renewed, so they key it). Never mutated.
 */
const methodUrls = new WeakMap<Credentials, Map<string, URL>>();

function methodUrl(credentials: Credentials, method: string): URL {
  let urls = methodUrls.get(credentials);
  if (!urls) methodUrls.set(credentials, (urls = new Map()));
  let url = urls.get(method);
  if (!url) urls.set(method, (url = new URL(method, restBase(credentials))));
  return url;
}

/** Each address as the log shows it, its secret redacted once rather than in every line that names it. */
const shownUrls = new WeakMap<URL, string>();

function shownUrl(url: URL, redact: Redact): string {
  let shown = shownUrls.get(url);
  if (shown === undefined) shownUrls.set(url, (shown = redact(url.href)));
  return shown;
}

/**
 * POSTs once, re-posting the same body when the portal redirects: a redirect followed by `fetch` itself would
 * turn into a GET without the body, which a portal answers with `result: null`, a false "no chat".
 */
export async function postFollowingRedirects(ctx: PostContext, credentials: Credentials, method: string, params: RestParams): Promise<PostReply> {
  const body = JSON.stringify(credentials.kind === 'oauth' ? { ...params, auth: credentials.tokens.accessToken } : params);
  let url = methodUrl(credentials, method);
  let movedTo: PortalAddress | null = null;
  for (let hop = 0; ; hop += 1) {
    const started = ctx.clock.now();
    const exchangeCtx = {
      fetch: ctx.fetch,
      portal: url.host,
      method,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
      redact: ctx.redact,
    };
    let reply: Exchange;
    try {
      reply = await exchange(exchangeCtx, url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': ctx.userAgent },
        body,
      });
    } catch (error) {
      ctx.log(`POST ${shownUrl(url, ctx.redact)} failed: ${error instanceof BitrixError ? error.code : 'error'} (${ctx.clock.now() - started} ms)`);
      throw error;
    }
    ctx.log(`POST ${shownUrl(url, ctx.redact)} → ${reply.status} (${ctx.clock.now() - started} ms)`);

    if (REDIRECT_STATUSES.has(reply.status)) {
      if (hop >= MAX_REDIRECTS) {
        const portalHost = ctx.portalHost();
        throw new BitrixError({
          code: 'too_many_redirects',
          portal: portalHost,
          method,
          httpStatus: reply.status,
          message: { code: 'too_many_redirects', params: { portal: portalHost, count: MAX_REDIRECTS } },
        });
      }
      // What follows the prefix: `/rest/<user>/<secret>/<method>` for a webhook, `/rest/<method>` for OAuth.
      const base = new URL(restBase(credentials));
      const tail = `${base.pathname.slice(base.pathname.lastIndexOf('/rest/'))}${method}`;
      const target = redirectTarget(url, reply, tail, method, ctx.allowLocalHosts);
      url = target.url;
      movedTo = { origin: target.url.origin, prefix: target.prefix };
      continue;
    }

    const envelope = readEnvelope({ portal: url.host, method }, reply);
    return { envelope, status: reply.status, movedTo };
  }
}

/**
 * Where a redirect may be re-posted: the Location it names, only when that keeps the REST path (`tail`), goes over
 * HTTPS (or to this computer, where allowed); a BitrixError otherwise, and nothing is sent there.
 */
function redirectTarget(current: URL, reply: Exchange, tail: string, method: string, allowLocalHosts: boolean): { url: URL; prefix: string } {
  const location = reply.headers.get('location');
  // The person is told the redirect was not followed; where it led stays in the failure's detail.
  const refuse = (why: string): BitrixError =>
    new BitrixError({
      code: 'bad_response',
      portal: current.host,
      method,
      httpStatus: reply.status,
      message: { code: 'bad_redirect', params: { portal: current.host } },
      detail: `redirected the request ${why}`,
    });
  if (!location) throw refuse('without saying where');
  let target: URL;
  try {
    target = new URL(location, current);
  } catch {
    throw refuse('to an address that cannot be read');
  }
  if (!isAllowedTransport(target)) throw refuse(`to ${target.protocol}//${target.host}, which is not HTTPS`);
  if (!allowLocalHosts && isLoopbackHost(target.hostname)) throw refuse(`to ${target.host}, which is this computer`);
  // Same path shape: only the host (and a self-hosted prefix) may change, never the REST path itself.
  const path = target.pathname.replace(/\.json$/, '');
  if (!path.endsWith(tail)) throw refuse(`to ${target.host} outside the REST API`);
  const prefix = path.slice(0, path.length - tail.length);
  if (prefix !== '' && !/^(?:\/[^/]+)+$/.test(prefix)) throw refuse(`to ${target.host} outside the REST API`);
  target.search = '';
  target.hash = '';
  return { url: target, prefix };
}

/**
 * The credentials at the portal's new address, after a call sent with `previous` was redirected there; null when
 * there is nothing to change. Only the address changes: tokens refreshed meanwhile are kept.
 */
export function credentialsAfterMove(previous: Credentials, current: Credentials, to: PortalAddress): Credentials | null {
  // Calls that were in flight when the portal moved each see the redirect; the first one moves the client.
  if (restBase(current) !== restBase(previous)) return null;
  const credentials: Credentials =
    current.kind === 'webhook'
      ? { ...current, origin: to.origin, pathPrefix: to.prefix }
      : { ...current, tokens: { ...current.tokens, clientEndpoint: `${to.origin}${to.prefix}/rest/` } };
  return restBase(credentials) === restBase(current) ? null : credentials;
}
