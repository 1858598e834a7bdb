/**
 * One REST client per profile, made when first needed and kept: a client holds the portal's rate limit, its
 * pauses and its current tokens, so every lookup on a profile must go through the same one. A profile whose
 * credentials or plan change is forgotten here, and the next lookup makes a client over what is stored then.
 */
import type { BitrixClient, PortalMove } from '../../bitrix/client.ts';
import type { Credentials, OAuthTokens } from '../../bitrix/credentials.ts';
import type { BitrixFailure } from '../../bitrix/errors.ts';
import type { RatePlanName } from '../../bitrix/rate-limiter.ts';

/** What a profile's client reports back, so the profile keeps up with it. */
export interface ClientHooks {
  onPortalMoved: (move: PortalMove) => void;
  onTokensRefreshed: (tokens: OAuthTokens) => void;
  /** The OAuth server would not renew the tokens: the profile needs a new sign-in. */
  onRefreshRefused: (failure: BitrixFailure) => void;
}

/** Makes a REST client for credentials (the app's fetch, user agent and log are the composition root's). */
export type ConnectPort = (credentials: Credentials, hooks: ClientHooks, options: { ratePlan: RatePlanName }) => BitrixClient;

/** What a client is made over: a profile's opened credentials and its portal's plan. */
export interface ClientConnection {
  credentials: Credentials;
  ratePlan: RatePlanName;
}

/** The profiles' REST clients, by profile id. */
export class ClientCache {
  readonly #connect: ConnectPort;
  readonly #hooksFor: (id: string) => ClientHooks;
  readonly #clients = new Map<string, BitrixClient>();

  /** `hooksFor` gives each profile's client the hooks that report back to that profile. */
  constructor(connect: ConnectPort, hooksFor: (id: string) => ClientHooks) {
    this.#connect = connect;
    this.#hooksFor = hooksFor;
  }

  /** The profile's client: the one made before, or a new one over `connection()` (asked only then). */
  clientFor(id: string, connection: () => ClientConnection): BitrixClient {
    const cached = this.#clients.get(id);
    if (cached) return cached;
    const { credentials, ratePlan } = connection();
    const client = this.#connect(credentials, this.#hooksFor(id), { ratePlan });
    this.#clients.set(id, client);
    return client;
  }

  /** The client made for a profile, if one was (a refresh reads the new tokens from it). */
  made(id: string): BitrixClient | undefined {
    return this.#clients.get(id);
  }

  /** Drops a profile's client, so the next one is made over what is stored then. */
  forget(id: string): void {
    this.#clients.delete(id);
  }
}
