/**
 * The Bitrix24 REST client: `POST <base>/<method>` with a JSON body over an injected `fetch`, paced by the
 * portal's leaky bucket, retried where the portal asks for patience, re-posted (never auto-followed) when a
 * renamed portal redirects, and with OAuth tokens refreshed once when they expire. It composes the parts that do
 * each: rate-limiter.ts (the per-portal bucket and one-at-a-time line), retry-policy.ts, operating-limits.ts,
 * redirects.ts, token-renewal.ts, held-credentials.ts and batch.ts.
 *
 * It is over 300 lines because one call's path (pace, send, read the envelope, retry, renew, follow a move) is read
 * here top to bottom in one place; each decision on it is already a part of its own.
 */
import { type Clock, systemClock } from '../clock.ts';
import { assertUsableEndpoints, type Credentials, type OAuthTokens, portalOrigin } from './credentials.ts';
import { type BatchOptions, type BatchOutcome, type RestCommand, type RestParams, runBatch } from './batch.ts';
import { BitrixError, type BitrixFailure, failureFromPortalError, isServerError } from './errors.ts';
import { HeldCredentials } from './held-credentials.ts';
import { OperatingPauses, pauseWaitMs } from './operating-limits.ts';
import { type PortalRateLimits, type RatePlanName, sharedRateLimits } from './rate-limiter.ts';
import { credentialsAfterMove, type PortalAddress, type PostContext, postFollowingRedirects, type PostReply } from './redirects.ts';
import { CallAttempts, DEFAULT_RETRY_POLICY, isGatewayFailure, type RetryPolicy } from './retry-policy.ts';
import { TokenRenewal } from './token-renewal.ts';
import { abortFailure, type CallOptions, type FetchLike, portalErrorOf, type RestAnswer } from './transport.ts';

// Where importers of the client have always found them.
export type { BatchOptions, BatchOutcome } from './batch.ts';
export type { CallOptions, RestAnswer } from './transport.ts';

/** Cloud portals cut a request at 60 s; a lookup that takes a third of that is better reported than awaited. */
export const DEFAULT_TIMEOUT_MS = 20_000;

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

/** The User-Agent the app sends: `B24ChatLookup/0.1.0`. */
export function userAgentFor(version: string): string {
  return `B24ChatLookup/${version} (+desktop; Bitrix24 chat lookup)`;
}

const METHOD_NAME = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/i;

export class BitrixClient {
  readonly #held: HeldCredentials;
  readonly #timeoutMs: number;
  readonly #limits: PortalRateLimits;
  readonly #ratePlan: RatePlanName;
  readonly #retry: RetryPolicy;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #onPortalMoved: ((move: PortalMove) => void) | undefined;
  readonly #log: (line: string) => void;
  /** What every POST of this client shares; each call adds its own timeout and signal. */
  readonly #postContext: Omit<PostContext, 'timeoutMs' | 'signal'>;
  readonly #renewal: TokenRenewal;
  readonly #pauses = new OperatingPauses();

  constructor(options: BitrixClientOptions) {
    assertUsableEndpoints(options.credentials);
    this.#held = new HeldCredentials(options.credentials);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#clock = options.clock ?? systemClock;
    this.#limits = options.rateLimits ?? sharedRateLimits;
    this.#ratePlan = options.ratePlan ?? 'others';
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#random = options.random ?? Math.random;
    this.#onPortalMoved = options.onPortalMoved;
    const log = options.log;
    this.#log = log ? (line) => log(this.#held.redact(line)) : () => {};
    const shared = { fetch: options.fetch, userAgent: options.userAgent, clock: this.#clock, log: this.#log, allowLocalHosts: options.allowLocalHosts ?? true };
    // A POST's line names only its address, which redirects.ts redacts once per address: not redacted again here.
    this.#postContext = { ...shared, log: log ?? (() => {}), redact: this.#held.redact, portalHost: () => this.portalHost };
    const { onTokensRefreshed, onRefreshRefused } = options;
    this.#renewal = new TokenRenewal(this.#held, { ...shared, timeoutMs: this.#timeoutMs, onTokensRefreshed, onRefreshRefused });
  }

  /** The portal's origin, which changes when the portal was renamed. */
  get portal(): string {
    return portalOrigin(this.#held.current);
  }

  /** Host of the portal, as messages name it. */
  get portalHost(): string {
    return this.#held.portalHost;
  }

  /** The credentials in use now (after a rename or a token refresh they differ from the ones given). */
  get credentials(): Credentials {
    return this.#held.current;
  }

  /** Redacts this client's secrets from a text: for callers that log or show something the portal said. */
  redact(text: string): string {
    return this.#held.redact(text);
  }

  /** Calls one REST method and returns its envelope, or throws a BitrixError. */
  async call<T = unknown>(method: string, params: RestParams = {}, options: CallOptions = {}): Promise<RestAnswer<T>> {
    if (!METHOD_NAME.test(method)) throw new RangeError(`Not a REST method name: ${JSON.stringify(method)}`);
    const attempts = new CallAttempts(this.#retry, this.#random);
    for (;;) {
      // New tokens are used only once they are stored: a call that starts during a refresh waits for it.
      if (this.#renewal.inProgress) await this.#renewal.wait(method, options.signal);
      // A method the portal has paused for these credentials is not asked again before it said it would be free.
      const blockedUntil = this.#pauses.blockedUntil(method);
      if (blockedUntil > this.#clock.now() && !(await this.#waitOutPause(method, blockedUntil, attempts, 'paused by the portal', options.signal))) {
        throw new BitrixError(
          this.#portalFailure(method, { code: 'OPERATION_TIME_LIMIT', description: '' }, 429, { retryAt: blockedUntil, now: this.#clock.now() }),
        );
      }
      const lane = this.#limits.forPortal(portalOrigin(this.#held.current), this.#ratePlan);
      const release = await this.#unlessAborted(() => lane.series.enter(options.signal), method, options.signal);
      // A renewal that began while this call waited in line: wait for it, then take the line again.
      if (this.#renewal.inProgress) {
        release();
        continue;
      }
      // Read after waiting in line: the call before may have renewed the tokens or followed the portal to a new address.
      const credentials = this.#held.current;
      let reply: PostReply;
      try {
        await this.#unlessAborted(() => lane.bucket.acquire(options.signal), method, options.signal);
        reply = await this.#post(credentials, method, params, options);
      } catch (error) {
        release();
        // A gateway's HTML 502/503/504 is usually a blip between the portal's servers: one more try, as for
        // the portal's own internal errors.
        if (isGatewayFailure(error) && attempts.serverRetry()) {
          this.#log(`${method}: gateway answered HTTP ${error.failure.httpStatus}, retry ${attempts.serverRetries} of ${this.#retry.serverErrorRetries}`);
          await this.#sleep(this.#retry.serverErrorDelayMs, method, options.signal);
          continue;
        }
        throw error;
      }
      release();
      const { envelope, status } = reply;
      const portalError = portalErrorOf(envelope);
      if (!portalError) {
        this.#pauses.noteAnswer(method, envelope.time);
        return envelope as unknown as RestAnswer<T>;
      }

      const upper = portalError.code.toUpperCase();
      const now = this.#clock.now();

      if (upper === 'QUERY_LIMIT_EXCEEDED') {
        lane.bucket.markFull();
        const delay = attempts.rateLimitRetry();
        if (delay !== null) {
          this.#log(`${method}: ${portalError.code}, retry ${attempts.rateLimitRetries} of ${this.#retry.rateLimitRetries} in ${Math.round(delay)} ms`);
          await this.#sleep(delay, method, options.signal);
          continue;
        }
      } else if (upper === 'OPERATION_TIME_LIMIT') {
        const retryAt = this.#pauses.pausedUntil(method, now);
        if (retryAt !== null && (await this.#waitOutPause(method, retryAt, attempts, portalError.code, options.signal))) continue;
        throw new BitrixError(this.#portalFailure(method, portalError, status, { retryAt, now }));
      } else if (credentials.kind === 'oauth' && credentials !== this.#held.current && upper === 'NO_AUTH_FOUND' && attempts.resendWithNewTokens()) {
        // Sent with tokens another call has since renewed: the portal no longer knows them. Once more with the new ones.
        continue;
      } else if ((upper === 'EXPIRED_TOKEN' || upper === 'INVALID_TOKEN') && credentials.kind === 'oauth' && attempts.resendWithNewTokens()) {
        // "Wait for the expired_token error with the status 401 … Request a new pair of tokens … Repeat the method call
        // with the same parameters" ([en] settings/oauth/auto-renewal.md:103-106). NO_AUTH_FOUND is not renewed: it is
        // a token the portal does not know (system-errors.md:20), as both official SDKs read it.
        this.#log(`${method}: ${portalError.code}, refreshing the access token`);
        await this.#renewal.renewAfter(credentials.tokens.accessToken, method, options.signal);
        continue;
      } else if (isServerError(upper) && attempts.serverRetry()) {
        this.#log(`${method}: ${portalError.code}, retry ${attempts.serverRetries} of ${this.#retry.serverErrorRetries}`);
        await this.#sleep(this.#retry.serverErrorDelayMs, method, options.signal);
        continue;
      }
      throw new BitrixError(
        this.#portalFailure(method, portalError, status, {
          retryAt: null,
          now,
          attempts: upper === 'QUERY_LIMIT_EXCEEDED' ? attempts.rateLimitRetries + 1 : attempts.serverRetries + 1,
        }),
      );
    }
  }

  /**
   * Waits until a paused method is free again, once per call and only when that wait is at most maxOperationWaitMs;
   * false (nothing waited) otherwise.
   */
  async #waitOutPause(method: string, until: number, attempts: CallAttempts, why: string, signal: AbortSignal | undefined): Promise<boolean> {
    const wait = pauseWaitMs(until, this.#clock.now());
    if (!attempts.pauseWait(wait)) return false;
    this.#log(`${method}: ${why}, waiting ${Math.round(wait)} ms for the portal to free the method`);
    await this.#sleep(wait, method, signal);
    return true;
  }

  /**
   * Runs many commands through `batch`, 50 to a request, one request after another, and returns one outcome per
   * command in input order (batch.ts runBatch says how failures spread).
   */
  async batch<T = unknown>(commands: readonly RestCommand[], options: BatchOptions = {}): Promise<BatchOutcome<T>[]> {
    for (const command of commands) {
      if (!METHOD_NAME.test(command.method)) throw new RangeError(`Not a REST method name: ${JSON.stringify(command.method)}`);
    }
    return runBatch<T>(commands, options, {
      call: (body, callOptions) => this.call('batch', body, callOptions),
      portalHost: () => this.portalHost,
      now: () => this.#clock.now(),
      noteAnswer: (method, time) => this.#pauses.noteAnswer(method, time),
      failureOf: (method, error, now) => {
        const paused = error.code.toUpperCase() === 'OPERATION_TIME_LIMIT' ? this.#pauses.pausedUntil(method, now) : null;
        return this.#portalFailure(method, { code: error.code, description: error.description }, 200, { retryAt: paused, now });
      },
    });
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
      portalError: this.#held.redact(error.code),
      portalErrorDescription: this.#held.redact(error.description),
      httpStatus,
      retryAt: extra.retryAt,
      now: extra.now,
      attempts: extra.attempts ?? 1,
      oauth: this.#held.current.kind === 'oauth',
    });
  }

  #sleep(ms: number, method: string, signal: AbortSignal | undefined): Promise<void> {
    return this.#unlessAborted(() => this.#clock.sleep(ms, signal), method, signal);
  }

  /** A wait (a turn in the line or the bucket, a retry's pause) that the caller's signal ends as a BitrixError. */
  #unlessAborted<T>(wait: () => Promise<T>, method: string, signal: AbortSignal | undefined): Promise<T> {
    // Without a signal nothing aborts a wait (the line, the bucket and the clock's sleep reject only on an abort).
    return signal ? this.#untilAborted(wait, method, signal) : wait();
  }

  async #untilAborted<T>(wait: () => Promise<T>, method: string, signal: AbortSignal): Promise<T> {
    try {
      return await wait();
    } catch {
      throw abortFailure(signal, this.portalHost, method);
    }
  }

  /** POSTs once (following a renamed portal, which then moves the client) with these credentials. */
  async #post(credentials: Credentials, method: string, params: RestParams, options: CallOptions): Promise<PostReply> {
    const ctx = { ...this.#postContext, timeoutMs: options.timeoutMs ?? this.#timeoutMs, signal: options.signal };
    const reply = await postFollowingRedirects(ctx, credentials, method, params);
    if (reply.movedTo) this.#movePortal(credentials, reply.movedTo);
    return reply;
  }

  #movePortal(previous: Credentials, to: PortalAddress): void {
    const credentials = credentialsAfterMove(previous, this.#held.current, to);
    if (!credentials) return;
    const from = portalOrigin(previous);
    this.#held.replace(credentials);
    this.#limits.follow(from, to.origin);
    this.#log(`portal moved from ${from} to ${to.origin}`);
    this.#onPortalMoved?.({ from, to: to.origin, credentials });
  }

  /**
   * Renews the OAuth tokens now, sharing a renewal already under way; nothing for a webhook. For a sign-in about to
   * reach its 180 days (profiles.ts asks once, at start); calls renew by themselves when the portal says expired_token.
   */
  async renewTokens(signal?: AbortSignal): Promise<void> {
    const current = this.#held.current;
    if (current.kind !== 'oauth') return;
    await this.#renewal.renewAfter(current.tokens.accessToken, 'oauth/token', signal);
  }
}
