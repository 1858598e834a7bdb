/**
 * One HTTP exchange with a portal over the injected `fetch`: a timeout of its own, the caller's abort signal,
 * redirects never followed, and every way the exchange can break turned into a BitrixError.
 */
import { BitrixError, type PortalProblem, type Redact } from './errors.ts';
import { isRecord } from './json.ts';

/**
 * The transport port. Node's global `fetch` fits as it is. Electron's `net.fetch` does not quite: with
 * `redirect: 'manual'` it rejects ("Redirect was cancelled", electron/electron#43715) instead of returning the
 * 3xx response, so the shell hands in a `net.request` adapter that resolves redirects as responses.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
}

export interface ExchangeContext {
  fetch: FetchLike;
  /** Host of the portal, for messages. */
  portal: string;
  /** REST method, for messages. */
  method: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  redact: Redact;
}

// Node (undici) puts a code on `error.cause`; Chromium's network stack (Electron's net) writes `net::ERR_…` into
// the message. Either way the person is told why in words of the catalog, and no raw message that could carry a URL.
// (These patterns read the system's error codes, never a sentence of this app.)
const NETWORK_REASONS: [RegExp, NetworkCode][] = [
  [/ECONNREFUSED|ERR_CONNECTION_REFUSED/, 'network_refused'],
  [/ECONNRESET|UND_ERR_SOCKET|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|other side closed/i, 'network_dropped'],
  [/ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED/, 'network_unresolved'],
  [/ETIMEDOUT|ERR_CONNECTION_TIMED_OUT|UND_ERR_CONNECT_TIMEOUT/, 'network_timed_out'],
  [/ENETUNREACH|EHOSTUNREACH|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_ADDRESS_UNREACHABLE/, 'network_unreachable'],
  [/CERT|SSL|TLS|ERR_CERT_/i, 'network_certificate'],
  [/ERR_PROXY|ERR_TUNNEL_CONNECTION_FAILED/, 'network_proxy'],
  // fetch's list of ports no web client may use (6000, 10080, …), checked before any connection is tried.
  [/bad port|ERR_UNSAFE_PORT/i, 'network_bad_port'],
  // Electron's net.fetch handed in as it is: it cannot return a redirect (see FetchLike above).
  [/Redirect was cancelled/, 'network_redirect'],
];

type NetworkCode = Extract<PortalProblem['code'], `network${string}`>;

function errorText(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 3) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? code : ''} ${error.message} ${errorText(error.cause, depth + 1)}`;
}

/** The message code that says why a request failed at the network level. */
export function networkReason(error: unknown): NetworkCode {
  const text = errorText(error);
  for (const [pattern, reason] of NETWORK_REASONS) if (pattern.test(text)) return reason;
  return 'network';
}

/** The failure for a request whose time ran out: this request's own timeout, or the caller's deadline. */
export function timeoutFailure(portal: string, method: string, timeoutMs: number | null): BitrixError {
  return new BitrixError({
    code: 'timeout',
    portal,
    method,
    timeoutMs,
    message:
      timeoutMs === null
        ? { code: 'timeout_deadline', params: { portal } }
        : { code: 'timeout', params: { portal, seconds: Number((timeoutMs / 1000).toFixed(timeoutMs < 1000 ? 3 : 1)) } },
  });
}

/**
 * The failure for a call the caller's signal stopped. A signal from `AbortSignal.timeout()` is a deadline that
 * passed, so it reads as `timeout`; any other abort is `cancelled`.
 */
export function abortFailure(signal: AbortSignal | undefined, portal: string, method: string): BitrixError {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return timeoutFailure(portal, method, null);
  return new BitrixError({ code: 'cancelled', portal, method, message: { code: 'cancelled', params: { portal } } });
}

/** Sends one POST (or GET, for the OAuth server) and reads the whole body, within the timeout. */
export async function exchange(ctx: ExchangeContext, url: URL, init: RequestInit): Promise<Exchange> {
  const { portal, method, timeoutMs, signal } = ctx;
  if (signal?.aborted) throw abortFailure(signal, portal, method);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  try {
    const response = await ctx.fetch(url.href, {
      ...init,
      redirect: 'manual',
      signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal?.aborted) throw abortFailure(signal, portal, method);
    if (timeout.signal.aborted) throw timeoutFailure(portal, method, timeoutMs);
    throw new BitrixError({
      code: 'network',
      portal,
      method,
      message: { code: networkReason(error), params: { portal } },
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Parses a body as a REST envelope (`result` or `error` at the top); anything else is `bad_response`. */
export function readEnvelope(ctx: Pick<ExchangeContext, 'portal' | 'method'>, reply: Exchange): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    body = undefined;
  }
  if (isRecord(body) && ('result' in body || 'error' in body)) return body;
  throw new BitrixError({
    code: 'bad_response',
    portal: ctx.portal,
    method: ctx.method,
    httpStatus: reply.status,
    message: {
      code: reply.status >= 500 ? 'bad_response_gateway' : 'bad_response',
      params: { portal: ctx.portal, method: ctx.method, httpStatus: reply.status },
    },
  });
}

/**
 * The error a REST answer carries, or null for a result. REST 2 writes `{"error": "CODE", "error_description": "…"}`
 * ([en] _includes/error-info.md:6-9); REST 3.0 an object, `{"error": {"code": "…", "message": "…"}}`
 * ([en] api-reference/rest-v3.md:253-272). Both are read, so an answer in either shape keeps its code.
 */
export function portalErrorOf(envelope: Record<string, unknown>): { code: string; description: string } | null {
  const error = envelope.error;
  if (error === null || error === undefined) return null;
  if (isRecord(error)) {
    const code = typeof error.code === 'string' && error.code !== '' ? error.code : 'UNKNOWN_ERROR';
    return { code, description: typeof error.message === 'string' ? error.message : '' };
  }
  return { code: String(error), description: typeof envelope.error_description === 'string' ? envelope.error_description : '' };
}

/** The `time` block of a REST answer. */
export interface RestTime {
  start?: number;
  finish?: number;
  duration?: number;
  processing?: number;
  operating?: number;
  operating_reset_at?: number;
}

export interface RestAnswer<T = unknown> {
  result: T;
  time?: RestTime;
  total?: number;
  next?: number;
}

export interface CallOptions {
  /**
   * Stops the call wherever it is: queued behind the rate limit, waiting to retry, or on the wire. A deadline for
   * the whole call is `AbortSignal.timeout(ms)`, and it ends in `timeout` rather than `cancelled`.
   */
  signal?: AbortSignal;
  /** Overrides the client's timeout for each HTTP request of this call. */
  timeoutMs?: number;
}
