/**
 * Renewing an OAuth profile's tokens while calls go on: one renewal at a time, shared by every call that met the same
 * expired token; the new pair used only once the caller has stored it, since the portal has already retired the old
 * refresh token; and a refusal reported, because only a new sign-in helps then.
 */
import { type Clock, untilAborted } from '../clock.ts';
import type { OAuthCredentials, OAuthTokens } from './credentials.ts';
import { BitrixError, type BitrixFailure } from './errors.ts';
import type { HeldCredentials } from './held-credentials.ts';
import { refreshOAuthTokens } from './oauth.ts';
import { abortFailure, type FetchLike } from './transport.ts';

export interface TokenRenewalOptions {
  fetch: FetchLike;
  userAgent: string;
  /** How long the request to the OAuth server may take. */
  timeoutMs: number;
  clock: Clock;
  /** Whether the OAuth server may be on this computer (the fake one). */
  allowLocalHosts: boolean;
  /** Called with new OAuth tokens; calls wait until this resolves. */
  onTokensRefreshed?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
  /** Called when the OAuth server refuses to renew the tokens. */
  onRefreshRefused?: ((failure: BitrixFailure) => void) | undefined;
  log: (line: string) => void;
}

/** One client's token renewals, which write the new tokens into its held credentials. */
export class TokenRenewal {
  readonly #held: HeldCredentials;
  readonly #options: TokenRenewalOptions;
  #refreshing: Promise<void> | null = null;

  constructor(held: HeldCredentials, options: TokenRenewalOptions) {
    this.#held = held;
    this.#options = options;
  }

  /** Whether a renewal is under way: new tokens are used only once they are stored, so calls wait for it first. */
  get inProgress(): boolean {
    return this.#refreshing !== null;
  }

  /** Waits for the renewal under way, if any, unless the caller gives up first; the renewal itself goes on. */
  async wait(method: string, signal: AbortSignal | undefined): Promise<void> {
    if (this.#refreshing) await this.#waitFor(this.#refreshing, method, signal);
  }

  /** Refreshes once for all calls that saw the same expired token; later calls reuse the result. */
  async renewAfter(staleAccessToken: string, method: string, signal: AbortSignal | undefined): Promise<void> {
    const current = this.#held.current;
    if (current.kind !== 'oauth' || current.tokens.accessToken !== staleAccessToken) return;
    this.#refreshing ??= this.#refresh(current).finally(() => {
      this.#refreshing = null;
    });
    await this.#waitFor(this.#refreshing, method, signal);
  }

  #waitFor(work: Promise<void>, method: string, signal: AbortSignal | undefined): Promise<void> {
    return untilAborted(work, signal, () => abortFailure(signal, this.#held.portalHost, method));
  }

  async #refresh(start: OAuthCredentials): Promise<void> {
    const options = this.#options;
    let tokens: OAuthTokens;
    try {
      tokens = await refreshOAuthTokens(
        { fetch: options.fetch, userAgent: options.userAgent, timeoutMs: options.timeoutMs, clock: options.clock, redact: this.#held.redact },
        start.tokens,
        start.application,
        { allowLocalPortals: options.allowLocalHosts },
      );
    } catch (error) {
      // Refused, not merely unreachable: the stored sign-in is over, and whoever keeps it should say so.
      if (error instanceof BitrixError && error.code === 'auth_invalid') {
        options.log(`${error.failure.method}: the OAuth server refused to renew the sign-in (${error.failure.portalError ?? 'no error code'})`);
        options.onRefreshRefused?.(error.failure);
      }
      throw error;
    }
    // Patch the credentials as they are now: if the portal moved while the refresh ran, keep its new address.
    const latest = this.#held.current.kind === 'oauth' ? this.#held.current : start;
    const moved = latest.tokens.clientEndpoint !== start.tokens.clientEndpoint;
    const refreshed: OAuthCredentials = {
      ...latest,
      tokens: moved ? { ...tokens, clientEndpoint: latest.tokens.clientEndpoint } : tokens,
    };
    // The portal has already retired the old refresh token, so the new pair is the only one that works: keep
    // it, and let no call go on until the caller has stored it (calls wait on #refreshing).
    this.#held.replace(refreshed);
    options.log('access token refreshed');
    try {
      await options.onTokensRefreshed?.(refreshed.tokens);
    } catch {
      const portal = this.#held.portalHost;
      throw new BitrixError({
        code: 'auth_invalid',
        portal,
        method: 'oauth/token',
        message: `The sign-in to ${portal} was renewed, but the new tokens could not be saved. The app can go on for now; if lookups fail after a restart, connect again.`,
      });
    }
  }
}
