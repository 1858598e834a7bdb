/**
 * The Bitrix24 REST client: `POST <base>/<method>` with a JSON body over an injected `fetch`, paced by the
 * portal's leaky bucket, retried where the portal asks for patience, re-posted (never auto-followed) when a
 * renamed portal redirects, and with OAuth tokens refreshed once when they expire.
 */
import { type Clock, systemClock, untilAborted } from '../clock.ts';
import {
  type Credentials,
  type OAuthCredentials,
  type OAuthTokens,
  credentialSafeUrl,
  isAllowedTransport,
  isLoopbackHost,
  portalOrigin,
  restBase,
  secretsOf,
} from './credentials.ts';
import { batchBody, chunkCommands, readBatchResult, type RestCommand, type RestParams } from './batch.ts';
import {
  BitrixError,
  type BitrixFailure,
  failsEveryRequest,
  failureFromPortalError,
  isServerError,
  type Redact,
  redactorFor,
  unexpectedAnswer,
} from './errors.ts';
import { isRecord } from './json.ts';
import { refreshOAuthTokens } from './oauth.ts';
import { type PortalRateLimits, type RatePlanName, sharedRateLimits } from './rate-limiter.ts';
import { abortFailure, type Exchange, exchange, type FetchLike, portalErrorOf, readEnvelope } from './transport.ts';

export interface RetryPolicy {
  /** How many times QUERY_LIMIT_EXCEEDED is retried before `rate_limited`. */
  rateLimitRetries: number;
  /** The first wait after QUERY_LIMIT_EXCEEDED; each next one is `rateLimitFactor` times longer. */
  rateLimitDelayMs: number;
  rateLimitFactor: number;
  /** The most time spent waiting out QUERY_LIMIT_EXCEEDED in one call. */
  rateLimitMaxWaitMs: number;
  /** Each wait is scaled by a random factor in [1 - jitter, 1 + jitter], so clients do not retry in step. */
  jitter: number;
  /** Retries of INTERNAL_SERVER_ERROR / ERROR_UNEXPECTED_ANSWER and gateway failures (never ERROR_CORE: errors.ts). */
  serverErrorRetries: number;
  serverErrorDelayMs: number;
  /** OPERATION_TIME_LIMIT is waited out only when the wait (to the portal's reset, and a second) is within this time. */
  maxOperationWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  rateLimitRetries: 4,
  rateLimitDelayMs: 1000,
  rateLimitFactor: 1.5,
  rateLimitMaxWaitMs: 15_000,
  jitter: 0.25,
  serverErrorRetries: 1,
  serverErrorDelayMs: 500,
  maxOperationWaitMs: 10_000,
};

/** Cloud portals cut a request at 60 s; a lookup that takes a third of that is better reported than awaited. */
export const DEFAULT_TIMEOUT_MS = 20_000;
/** How long after a method's reset time it is asked again. */
const OPERATING_RESET_MARGIN_MS = 1000;
/** Re-posts after a redirect before giving up. */
export const MAX_REDIRECTS = 3;

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

/** A portal that answered from a new address; `credentials` point there and are for the caller to store. */
export interface PortalMove {
  from: string;
  to: string;
  credentials: Credentials;
}

export interface BitrixClientOptions {
  credentials: Credentials;
  fetch: FetchLike;
  /** `B24ChatLookup/<version>`; see `userAgentFor`. */
  userAgent: string;
  /** How long one HTTP request may take, body included (default 20 s). */
  timeoutMs?: number;
  /** The buckets to pace calls by; by default one set shared by every client in the process. */
  rateLimits?: PortalRateLimits;
  /** The portal's plan, which sizes its bucket (`others` unless said). */
  ratePlan?: RatePlanName;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Source of jitter, in [0, 1). */
  random?: () => number;
  /**
   * Whether the client may follow a portal to this computer (a redirect to localhost): yes for the command line and
   * development builds (the fake portal), no in an installed app. Default yes.
   */
  allowLocalHosts?: boolean;
  onPortalMoved?: (move: PortalMove) => void;
  /** Called with new OAuth tokens; the call that needed them waits until this resolves. */
  onTokensRefreshed?: (tokens: OAuthTokens) => void | Promise<void>;
  /** Called when the OAuth server refuses to renew the tokens (`invalid_grant`, …): only a new sign-in helps now. */
  onRefreshRefused?: (failure: BitrixFailure) => void;
  /** One line per HTTP request and per retry decision, with every secret redacted. */
  log?: (line: string) => void;
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

export interface BatchOptions extends CallOptions {
  /** Called after each request of the batch with how many commands have their answer so far. */
  onProgress?: (done: number, total: number) => void;
}

/** A sub-call of a batch: its result, or why it failed. */
export type BatchOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: BitrixFailure };

/** The User-Agent the app sends: `B24ChatLookup/0.1.0`. */
export function userAgentFor(version: string): string {
  return `B24ChatLookup/${version} (+desktop; Bitrix24 chat lookup)`;
}

const METHOD_NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/i;
// 303 is left out on purpose: it means "fetch the answer with a GET", which no REST call can do.
const REDIRECT_STATUSES = new Set([301, 302, 307, 308]);

/** Epoch ms from a unix timestamp in seconds (or ms), as portals write `operating_reset_at`. */
function readTimestamp(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim())) return readTimestamp(Number(value));
  return null;
}

/**
 * When the method's oldest minute of use stops counting, from a successful answer's `time` ([en] limits.md:113), or
 * null when the answer has none (`scope` and `profile` leave it out: [en] api-reference/common/system/scope.md:206-214).
 */
export function operatingResetOf(time: unknown): number | null {
  return isRecord(time) ? readTimestamp(time.operating_reset_at) : null;
}

interface PostReply {
  envelope: Record<string, unknown>;
  status: number;
}

/**
 * Credentials come from the webhook parser or the OAuth flow, which both check their addresses; this guards
 * the one rule that protects the secret: it travels only over HTTPS, or to this computer.
 */
function assertUsableEndpoints(credentials: Credentials): void {
  const endpoints = credentials.kind === 'oauth' ? [restBase(credentials), credentials.tokens.serverEndpoint] : [restBase(credentials)];
  for (const endpoint of endpoints) {
    if (!credentialSafeUrl(endpoint)) {
      throw new RangeError('A portal address must be a valid HTTPS address (plain HTTP only to this computer)');
    }
  }
}

function isGatewayFailure(error: unknown): error is BitrixError {
  return error instanceof BitrixError && error.code === 'bad_response' && [502, 503, 504].includes(error.failure.httpStatus ?? 0);
}

export class BitrixClient {
  #credentials: Credentials;
  readonly #fetch: FetchLike;
  readonly #userAgent: string;
  readonly #timeoutMs: number;
  readonly #limits: PortalRateLimits;
  readonly #ratePlan: RatePlanName;
  readonly #retry: RetryPolicy;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #onPortalMoved: ((move: PortalMove) => void) | undefined;
  readonly #allowLocalHosts: boolean;
  readonly #onTokensRefreshed: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  readonly #onRefreshRefused: ((failure: BitrixFailure) => void) | undefined;
  readonly #log: (line: string) => void;
  /** Every secret this client has held, including tokens it has since replaced. */
  readonly #secrets = new Set<string>();
  #redact: Redact = (text) => text;
  #refreshing: Promise<void> | null = null;
  /**
   * Per method, when its oldest minute of use stops counting, from its last successful answer: "For the first retry,
   * refer to operating_reset_at from the last successful response" ([en] limits.md:124). The OPERATION_TIME_LIMIT error
   * itself carries no time (the docs show no body for it; the JS SDK notes the same, b24jssdk
   * src/core/http/limiters/manager.ts:183).
   */
  readonly #operatingResets = new Map<string, number>();
  /** Per method, until when the portal has refused it for these credentials: calls wait or fail here, unsent. */
  readonly #blockedUntil = new Map<string, number>();

  constructor(options: BitrixClientOptions) {
    assertUsableEndpoints(options.credentials);
    this.#credentials = options.credentials;
    this.#fetch = options.fetch;
    this.#userAgent = options.userAgent;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#clock = options.clock ?? systemClock;
    this.#limits = options.rateLimits ?? sharedRateLimits;
    this.#ratePlan = options.ratePlan ?? 'others';
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#random = options.random ?? Math.random;
    this.#onPortalMoved = options.onPortalMoved;
    this.#allowLocalHosts = options.allowLocalHosts ?? true;
    this.#onTokensRefreshed = options.onTokensRefreshed;
    this.#onRefreshRefused = options.onRefreshRefused;
    const log = options.log;
    this.#log = log ? (line) => log(this.#redact(line)) : () => {};
    this.#remember(options.credentials);
  }

  #remember(credentials: Credentials): void {
    for (const secret of secretsOf(credentials)) this.#secrets.add(secret);
    this.#redact = redactorFor([...this.#secrets]);
  }

  /** The portal's origin, which changes when the portal was renamed. */
  get portal(): string {
    return portalOrigin(this.#credentials);
  }

  /** Host of the portal, as messages name it. */
  get portalHost(): string {
    return new URL(this.portal).host;
  }

  /** The credentials in use now (after a rename or a token refresh they differ from the ones given). */
  get credentials(): Credentials {
    return this.#credentials;
  }

  /** Redacts this client's secrets from a text: for callers that log or show something the portal said. */
  redact(text: string): string {
    return this.#redact(text);
  }

  /** Calls one REST method and returns its envelope, or throws a BitrixError. */
  async call<T = unknown>(method: string, params: RestParams = {}, options: CallOptions = {}): Promise<RestAnswer<T>> {
    if (!METHOD_NAME.test(method)) throw new RangeError(`Not a REST method name: ${JSON.stringify(method)}`);
    const attempts = { rateLimit: 0, rateLimitWaitedMs: 0, server: 0, operationWaited: false, refreshed: false };
    for (;;) {
      // New tokens are used only once they are stored: a call that starts during a refresh waits for it.
      if (this.#refreshing) await this.#waitFor(this.#refreshing, method, options.signal);
      // A method the portal has paused for these credentials is not asked again before it said it would be free.
      const blockedUntil = this.#blockedUntil.get(method) ?? 0;
      if (blockedUntil > this.#clock.now() && !(await this.#waitOutPause(method, blockedUntil, attempts, 'paused by the portal', options.signal))) {
        throw new BitrixError(this.#portalFailure(method, { code: 'OPERATION_TIME_LIMIT', description: '' }, 429, { retryAt: blockedUntil, now: this.#clock.now() }));
      }
      const lane = this.#limits.forPortal(portalOrigin(this.#credentials), this.#ratePlan);
      let reply: PostReply;
      let release: () => void;
      try {
        release = await lane.series.enter(options.signal);
      } catch {
        throw abortFailure(options.signal, this.portalHost, method);
      }
      // A renewal that began while this call waited in line: wait for it, then take the line again.
      if (this.#refreshing) {
        release();
        continue;
      }
      // Read after waiting in line: the call before may have renewed the tokens or followed the portal to a new address.
      const credentials = this.#credentials;
      try {
        try {
          await lane.bucket.acquire(options.signal);
        } catch {
          throw abortFailure(options.signal, this.portalHost, method);
        }
        reply = await this.#post(credentials, method, params, options);
      } catch (error) {
        release();
        // A gateway's HTML 502/503/504 is usually a blip between the portal's servers: one more try, as for
        // the portal's own internal errors.
        if (isGatewayFailure(error) && attempts.server < this.#retry.serverErrorRetries) {
          attempts.server += 1;
          this.#log(`${method}: gateway answered HTTP ${error.failure.httpStatus}, retry ${attempts.server} of ${this.#retry.serverErrorRetries}`);
          await this.#sleep(this.#retry.serverErrorDelayMs, method, options.signal);
          continue;
        }
        throw error;
      }
      release();
      const { envelope, status } = reply;
      const portalError = portalErrorOf(envelope);
      if (!portalError) {
        this.#noteOperating(method, envelope.time);
        return envelope as unknown as RestAnswer<T>;
      }

      const upper = portalError.code.toUpperCase();
      const now = this.#clock.now();

      if (upper === 'QUERY_LIMIT_EXCEEDED') {
        lane.bucket.markFull();
        const delay = this.#backoff(attempts.rateLimit);
        if (attempts.rateLimit < this.#retry.rateLimitRetries && attempts.rateLimitWaitedMs + delay <= this.#retry.rateLimitMaxWaitMs) {
          attempts.rateLimit += 1;
          attempts.rateLimitWaitedMs += delay;
          this.#log(`${method}: ${portalError.code}, retry ${attempts.rateLimit} of ${this.#retry.rateLimitRetries} in ${Math.round(delay)} ms`);
          await this.#sleep(delay, method, options.signal);
          continue;
        }
      } else if (upper === 'OPERATION_TIME_LIMIT') {
        const retryAt = this.#pausedUntil(method, now);
        if (retryAt !== null && (await this.#waitOutPause(method, retryAt, attempts, portalError.code, options.signal))) continue;
        throw new BitrixError(this.#portalFailure(method, portalError, status, { retryAt, now }));
      } else if (credentials.kind === 'oauth' && credentials !== this.#credentials && !attempts.refreshed && upper === 'NO_AUTH_FOUND') {
        // Sent with tokens another call has since renewed: the portal no longer knows them. Once more with the new ones.
        attempts.refreshed = true;
        continue;
      } else if ((upper === 'EXPIRED_TOKEN' || upper === 'INVALID_TOKEN') && credentials.kind === 'oauth' && !attempts.refreshed) {
        // "Wait for the expired_token error with the status 401 … Request a new pair of tokens … Repeat the method call
        // with the same parameters" ([en] settings/oauth/auto-renewal.md:103-106). NO_AUTH_FOUND is not renewed: it is
        // a token the portal does not know (system-errors.md:20), as both official SDKs read it.
        attempts.refreshed = true;
        this.#log(`${method}: ${portalError.code}, refreshing the access token`);
        await this.#refreshAfter(credentials.tokens.accessToken, method, options.signal);
        continue;
      } else if (isServerError(upper) && attempts.server < this.#retry.serverErrorRetries) {
        attempts.server += 1;
        this.#log(`${method}: ${portalError.code}, retry ${attempts.server} of ${this.#retry.serverErrorRetries}`);
        await this.#sleep(this.#retry.serverErrorDelayMs, method, options.signal);
        continue;
      }
      throw new BitrixError(
        this.#portalFailure(method, portalError, status, {
          retryAt: null,
          now,
          attempts: upper === 'QUERY_LIMIT_EXCEEDED' ? attempts.rateLimit + 1 : attempts.server + 1,
        }),
      );
    }
  }

  /**
   * Keeps when a method's use starts to count less, from a successful answer's `time`. Not for `batch` itself: "An
   * external call to batch is not accounted for in operating" (limits.md:127); its commands' times come in result_time.
   */
  #noteOperating(method: string, time: unknown): void {
    if (method === 'batch') return;
    const resetAt = operatingResetOf(time);
    if (resetAt !== null) this.#operatingResets.set(method, resetAt);
    this.#blockedUntil.delete(method);
  }

  /**
   * When a method the portal just paused may be asked again: the reset its last successful answer named, while that is
   * still ahead; unknown (null) otherwise, as when the error persists past it ("wait for the next bucket reset",
   * limits.md:124). The method is then not asked again before that moment.
   */
  #pausedUntil(method: string, now: number): number | null {
    const resetAt = this.#operatingResets.get(method);
    if (resetAt === undefined || resetAt <= now) return null;
    this.#blockedUntil.set(method, resetAt);
    return resetAt;
  }

  /**
   * Waits until a paused method is free again, once per call and only when that wait is at most maxOperationWaitMs;
   * false (nothing waited) otherwise. A second past the reset, as the JS SDK waits
   * (b24jssdk src/core/http/limiters/operating-limiter.ts:103-114): the reset is written in whole seconds.
   */
  async #waitOutPause(method: string, until: number, attempts: { operationWaited: boolean }, why: string, signal: AbortSignal | undefined): Promise<boolean> {
    const wait = Math.max(0, until - this.#clock.now()) + OPERATING_RESET_MARGIN_MS;
    if (attempts.operationWaited || wait > this.#retry.maxOperationWaitMs) return false;
    attempts.operationWaited = true;
    this.#log(`${method}: ${why}, waiting ${Math.round(wait)} ms for the portal to free the method`);
    await this.#sleep(wait, method, signal);
    return true;
  }

  /**
   * Runs many commands through `batch`, 50 to a request, one request after another, and returns one outcome per
   * command in input order. A sub-call that found nothing keeps its `null` result. When a whole chunk fails (network,
   * credentials), each of its commands carries that failure; after a failure every request would meet
   * (`failsEveryRequest`: the webhook refused, the portal blocked) no further chunk is sent, and their commands carry it
   * too. Cancelling the call throws.
   */
  async batch<T = unknown>(commands: readonly RestCommand[], options: BatchOptions = {}): Promise<BatchOutcome<T>[]> {
    for (const command of commands) {
      if (!METHOD_NAME.test(command.method)) throw new RangeError(`Not a REST method name: ${JSON.stringify(command.method)}`);
    }
    const outcomes: BatchOutcome<T>[] = [];
    // Once a request fails the way every other would (the webhook was refused), the rest are not sent.
    let stopped: BitrixFailure | null = null;
    // One chunk after another: "Do not run multiple parallel series of requests" ([en] limits.md:123).
    for (const chunk of chunkCommands(commands)) {
      if (stopped) {
        const failure: BitrixFailure = stopped;
        outcomes.push(...chunk.map((): BatchOutcome<T> => ({ ok: false, error: { ...failure } })));
      } else {
        const answered = await this.#batchChunk<T>(chunk, options);
        stopped = answered.stopped;
        outcomes.push(...answered.outcomes);
      }
      options.onProgress?.(outcomes.length, commands.length);
    }
    return outcomes;
  }

  async #batchChunk<T>(commands: RestCommand[], options: CallOptions): Promise<{ outcomes: BatchOutcome<T>[]; stopped: BitrixFailure | null }> {
    let answer: RestAnswer;
    try {
      answer = await this.call('batch', batchBody(commands), options);
    } catch (error) {
      if (error instanceof BitrixError && error.code !== 'cancelled') {
        return { outcomes: commands.map(() => ({ ok: false, error: { ...error.failure } })), stopped: failsEveryRequest(error.failure) ? error.failure : null };
      }
      throw error;
    }
    const raw = readBatchResult(answer.result, commands.length);
    if (raw === null) {
      const failure = unexpectedAnswer(this.portalHost, 'batch');
      return { outcomes: commands.map(() => ({ ok: false, error: failure })), stopped: null };
    }
    const now = this.#clock.now();
    const outcomes = raw.map((outcome, index): BatchOutcome<T> => {
      const method = commands[index]?.method ?? 'batch';
      if (outcome.kind === 'result') {
        // "Nested calls are executed as separate methods", each against its own limit ([en] limits.md:127).
        this.#noteOperating(method, outcome.time);
        return { ok: true, result: outcome.value as T };
      }
      if (outcome.kind === 'error') {
        const paused = outcome.error.toUpperCase() === 'OPERATION_TIME_LIMIT' ? this.#pausedUntil(method, now) : null;
        return { ok: false, error: this.#portalFailure(method, { code: outcome.error, description: outcome.description }, 200, { retryAt: paused, now }) };
      }
      return { ok: false, error: unexpectedAnswer(this.portalHost, method) };
    });
    return { outcomes, stopped: null };
  }

  #portalFailure(
    method: string,
    error: { code: string; description: string },
    httpStatus: number,
    extra: { retryAt: number | null; now: number; attempts?: number },
  ): BitrixFailure {
    return failureFromPortalError({
      portal: this.portalHost,
      method,
      portalError: this.#redact(error.code),
      portalErrorDescription: this.#redact(error.description),
      httpStatus,
      retryAt: extra.retryAt,
      now: extra.now,
      attempts: extra.attempts ?? 1,
      oauth: this.#credentials.kind === 'oauth',
    });
  }

  #backoff(retry: number): number {
    const base = this.#retry.rateLimitDelayMs * this.#retry.rateLimitFactor ** retry;
    return base * (1 - this.#retry.jitter + 2 * this.#retry.jitter * this.#random());
  }

  async #sleep(ms: number, method: string, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#clock.sleep(ms, signal);
    } catch {
      throw abortFailure(signal, this.portalHost, method);
    }
  }

  /** Waits for shared work (a token refresh) unless the caller gives up first; the work itself goes on. */
  #waitFor(work: Promise<void>, method: string, signal: AbortSignal | undefined): Promise<void> {
    return untilAborted(work, signal, () => abortFailure(signal, this.portalHost, method));
  }

  /**
   * POSTs once, re-posting the same body when the portal redirects: a redirect followed by `fetch` itself would
   * turn into a GET without the body, which a portal answers with `result: null`, a false "no chat".
   */
  async #post(
    credentials: Credentials,
    method: string,
    params: RestParams,
    options: CallOptions,
  ): Promise<PostReply> {
    const body = JSON.stringify(credentials.kind === 'oauth' ? { ...params, auth: credentials.tokens.accessToken } : params);
    const base = new URL(restBase(credentials));
    // What follows the prefix: `/rest/<user>/<secret>/<method>` for a webhook, `/rest/<method>` for OAuth.
    const tail = `${base.pathname.slice(base.pathname.lastIndexOf('/rest/'))}${method}`;
    let url = new URL(method, base);
    let movedTo: { origin: string; prefix: string } | null = null;
    for (let hop = 0; ; hop += 1) {
      const started = this.#clock.now();
      const ctx = {
        fetch: this.#fetch,
        portal: url.host,
        method,
        timeoutMs: options.timeoutMs ?? this.#timeoutMs,
        signal: options.signal,
        redact: this.#redact,
      };
      let reply: Exchange;
      try {
        reply = await exchange(ctx, url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': this.#userAgent },
          body,
        });
      } catch (error) {
        this.#log(`POST ${url.href} failed: ${error instanceof BitrixError ? error.code : 'error'} (${this.#clock.now() - started} ms)`);
        throw error;
      }
      this.#log(`POST ${url.href} → ${reply.status} (${this.#clock.now() - started} ms)`);

      if (REDIRECT_STATUSES.has(reply.status)) {
        if (hop >= MAX_REDIRECTS) {
          throw new BitrixError({
            code: 'too_many_redirects',
            portal: this.portalHost,
            method,
            httpStatus: reply.status,
            message: { code: 'too_many_redirects', params: { portal: this.portalHost, count: MAX_REDIRECTS } },
          });
        }
        const target = this.#redirectTarget(url, reply, tail, method);
        url = target.url;
        movedTo = { origin: target.url.origin, prefix: target.prefix };
        continue;
      }

      const envelope = readEnvelope({ portal: url.host, method }, reply);
      if (movedTo) this.#movePortal(credentials, movedTo);
      return { envelope, status: reply.status };
    }
  }

  #redirectTarget(current: URL, reply: Exchange, tail: string, method: string): { url: URL; prefix: string } {
    const location = reply.headers.get('location');
    // `why` goes to the log; the person is told the redirect could not be followed.
    const refuse = (why: string): BitrixError => {
      this.#log(`${current.host} redirected the request ${why}; not followed`);
      const message = { code: 'bad_redirect', params: { portal: current.host } } as const;
      return new BitrixError({ code: 'bad_response', portal: current.host, method, httpStatus: reply.status, message });
    };
    if (!location) throw refuse('without saying where');
    let target: URL;
    try {
      target = new URL(location, current);
    } catch {
      throw refuse('to an address that cannot be read');
    }
    if (!isAllowedTransport(target)) throw refuse(`to ${target.protocol}//${target.host}, which is not HTTPS`);
    if (!this.#allowLocalHosts && isLoopbackHost(target.hostname)) throw refuse(`to ${target.host}, which is this computer`);
    // Same path shape: only the host (and a self-hosted prefix) may change, never the REST path itself.
    const path = target.pathname.replace(/\.json$/, '');
    if (!path.endsWith(tail)) throw refuse(`to ${target.host} outside the REST API`);
    const prefix = path.slice(0, path.length - tail.length);
    if (prefix !== '' && !/^(?:\/[^/]+)+$/.test(prefix)) throw refuse(`to ${target.host} outside the REST API`);
    target.search = '';
    target.hash = '';
    return { url: target, prefix };
  }

  #movePortal(previous: Credentials, to: { origin: string; prefix: string }): void {
    const from = portalOrigin(previous);
    const current = this.#credentials;
    // Calls that were in flight when the portal moved each see the redirect; the first one moves the client.
    if (restBase(current) !== restBase(previous)) return;
    // Only the address changes: tokens refreshed meanwhile are kept.
    const credentials: Credentials =
      current.kind === 'webhook'
        ? { ...current, origin: to.origin, pathPrefix: to.prefix }
        : { ...current, tokens: { ...current.tokens, clientEndpoint: `${to.origin}${to.prefix}/rest/` } };
    if (restBase(credentials) === restBase(current)) return;
    this.#credentials = credentials;
    this.#limits.follow(from, to.origin);
    this.#log(`portal moved from ${from} to ${to.origin}`);
    this.#onPortalMoved?.({ from, to: to.origin, credentials });
  }

  /**
   * Renews the OAuth tokens now, sharing a renewal already under way; nothing for a webhook. For a sign-in about to
   * reach its 180 days (profiles.ts asks once, at start); calls renew by themselves when the portal says expired_token.
   */
  async renewTokens(signal?: AbortSignal): Promise<void> {
    const current = this.#credentials;
    if (current.kind !== 'oauth') return;
    await this.#refreshAfter(current.tokens.accessToken, 'oauth/token', signal);
  }

  /** Refreshes once for all calls that saw the same expired token; later calls reuse the result. */
  async #refreshAfter(staleAccessToken: string, method: string, signal: AbortSignal | undefined): Promise<void> {
    const current = this.#credentials;
    if (current.kind !== 'oauth' || current.tokens.accessToken !== staleAccessToken) return;
    this.#refreshing ??= this.#refresh(current).finally(() => {
      this.#refreshing = null;
    });
    await this.#waitFor(this.#refreshing, method, signal);
  }

  async #refresh(start: OAuthCredentials): Promise<void> {
    let tokens: OAuthTokens;
    try {
      tokens = await refreshOAuthTokens(
        { fetch: this.#fetch, userAgent: this.#userAgent, timeoutMs: this.#timeoutMs, clock: this.#clock, redact: this.#redact },
        start.tokens,
        start.application,
        { allowLocalPortals: this.#allowLocalHosts },
      );
    } catch (error) {
      // Refused, not merely unreachable: the stored sign-in is over, and whoever keeps it should say so.
      if (error instanceof BitrixError && error.code === 'auth_invalid') {
        this.#log(`${error.failure.method}: the OAuth server refused to renew the sign-in (${error.failure.portalError ?? 'no error code'})`);
        this.#onRefreshRefused?.(error.failure);
      }
      throw error;
    }
    this.#remember({ ...start, tokens });
    // Patch the credentials as they are now: if the portal moved while the refresh ran, keep its new address.
    const latest = this.#credentials.kind === 'oauth' ? this.#credentials : start;
    const moved = latest.tokens.clientEndpoint !== start.tokens.clientEndpoint;
    const refreshed: OAuthCredentials = {
      ...latest,
      tokens: moved ? { ...tokens, clientEndpoint: latest.tokens.clientEndpoint } : tokens,
    };
    // The portal has already retired the old refresh token, so the new pair is the only one that works: keep
    // it, and let no call go on until the caller has stored it (calls wait on #refreshing).
    this.#credentials = refreshed;
    this.#log('access token refreshed');
    try {
      await this.#onTokensRefreshed?.(refreshed.tokens);
    } catch {
      const portal = this.portalHost;
      throw new BitrixError({
        code: 'auth_invalid',
        portal,
        method: 'oauth/token',
        message: { code: 'auth_tokens_unsaved', params: { portal } },
      });
    }
  }
}
