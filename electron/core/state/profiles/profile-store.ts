/**
 * The portals the person connected: several, one active. Each keeps what the window may show (name, portal,
 * credential kind, whose they are, whether they work) in the clear, and the credentials themselves sealed by the
 * cipher port (Electron's safeStorage in the app). Nothing here hands the window a secret: `ProfileView` has none.
 *
 * The store composes its parts, each readable and tested alone: the file (profile-records.ts), the sealing
 * (sealed-credentials.ts), the checks against the portal (connection-checks.ts), what a client reports back
 * (portal-moves.ts, token-refreshes.ts), the age of a sign-in (sign-in-ages.ts), the clients (client-cache.ts) and
 * what the window sees (profile-views.ts).
 */
import { maskSecrets } from '../../../common/references/secrets.ts';
import type { BitrixClient } from '../../bitrix/client.ts';
import { checkConnection } from '../../bitrix/connection.ts';
import { type Credentials, type OAuthApplication, type OAuthCredentials, parseWebhookUrl, portalOrigin } from '../../bitrix/credentials.ts';
import type { RatePlanName } from '../../bitrix/rate-limiter.ts';
import { UserError } from '../../user-error.ts';
import { Listeners } from '../listeners.ts';
import type { NoticeBoard } from '../notices.ts';
import type { StateFile } from '../state-file.ts';
import { ClientCache, type ClientHooks, type ConnectPort } from './client-cache.ts';
import { checkedProfile, checkNewCredentials, recheckedProfile, refuseLocalPortal, twinOf } from './connection-checks.ts';
import { movedProfile, portalMovedNotice } from './portal-moves.ts';
import { PROFILE_NAME_MAX, ProfileRecords, type StoredProfile } from './profile-records.ts';
import { asksOpenLines, profileView, type ProfilesView, type ProfileView } from './profile-views.ts';
import { type SecretCipher, SealedCredentials, type SecretStorageView } from './sealed-credentials.ts';
import { agingSignInEnd, signInEndingWarning } from './sign-in-ages.ts';
import { refreshedProfile, refreshRefusedProfile } from './token-refreshes.ts';

export interface ProfileStoreOptions {
  cipher: SecretCipher;
  connect: ConnectPort;
  now?: () => number;
  /** Whether a portal on this machine (the fake one) may be added: development builds and tests. */
  allowLocalPortals?: boolean;
}

/** The connected portals over their state file, with their credentials sealed by the cipher port. */
export class ProfileStore {
  readonly #records: ProfileRecords;
  readonly #sealed: SealedCredentials;
  readonly #clients: ClientCache;
  readonly #connect: ConnectPort;
  readonly #notices: NoticeBoard;
  readonly #now: () => number;
  readonly #allowLocalPortals: boolean;
  readonly #listeners = new Listeners<[view: ProfilesView]>();

  constructor(file: StateFile, notices: NoticeBoard, { cipher, connect, now = Date.now, allowLocalPortals = false }: ProfileStoreOptions) {
    this.#records = new ProfileRecords(file, notices);
    this.#records.onCommit(() => this.#listeners.emit(this.list()));
    this.#sealed = new SealedCredentials(cipher);
    this.#clients = new ClientCache(connect, (id) => this.#hooksFor(id));
    this.#connect = connect;
    this.#notices = notices;
    this.#now = now;
    this.#allowLocalPortals = allowLocalPortals;
  }

  /** Every profile (redacted), which one is active, and how safely secrets are kept here. */
  list(): ProfilesView {
    return {
      profiles: this.#records.all().map((profile) => this.#view(profile)),
      activeId: this.#records.activeId(),
      secretStorage: this.secretStorage(),
    };
  }

  /** How safely this machine keeps credentials, with the warning the settings screen shows. */
  secretStorage(): SecretStorageView {
    return this.#sealed.storage();
  }

  /**
   * Connects a portal by its incoming webhook: checks it against the portal first (who, which scopes) and keeps it
   * only if it works. The same portal and user again replaces the old credentials instead of adding a twin.
   */
  async addWebhook({ webhookUrl, name }: { webhookUrl: string; name?: string | undefined }, options: { signal?: AbortSignal } = {}): Promise<ProfileView> {
    const parsed = parseWebhookUrl(webhookUrl);
    if (!parsed.ok) throw new UserError({ code: 'invalid_webhook' });
    return this.#addChecked(parsed.value, name, options);
  }

  /** Connects a portal by a local application's OAuth tokens (from its sign-in), checked the same way. */
  async addOAuth(
    { credentials, name }: { credentials: OAuthCredentials; name?: string | undefined },
    options: { signal?: AbortSignal } = {},
  ): Promise<ProfileView> {
    return this.#addChecked(credentials, name, options);
  }

  async #addChecked(given: Credentials, name: string | undefined, options: { signal?: AbortSignal }): Promise<ProfileView> {
    this.#sealed.refuseWithoutStorage();
    refuseLocalPortal(portalOrigin(given), { allowLocalPortals: this.#allowLocalPortals });
    const { credentials, check } = await checkNewCredentials(this.#connect, given, options);
    const twin = twinOf(this.#records.all(), credentials, check);
    const profile = checkedProfile({
      credentials,
      check,
      sealed: this.#sealed.seal(credentials),
      twin,
      name: name?.trim() ? maskSecrets(name.trim()).slice(0, PROFILE_NAME_MAX) : undefined,
      now: this.#now(),
      newId: () => crypto.randomUUID(),
    });
    const kept = twin ? this.#records.replace(profile) : this.#records.add(profile);
    this.#clients.forget(kept.id);
    this.#records.commit();
    return this.#view(kept);
  }

  /** Gives a profile the name the person chose. */
  rename(id: string, name: string): ProfileView {
    const trimmed = name.trim();
    if (trimmed === '') throw new UserError({ code: 'invalid_name' });
    const profile = this.#records.replace({ ...this.#records.find(id), name: maskSecrets(trimmed).slice(0, PROFILE_NAME_MAX) });
    this.#records.commit();
    return this.#view(profile);
  }

  /** Forgets a profile and its credentials; the next one becomes active if it was. */
  remove(id: string): void {
    this.#records.remove(id);
    this.#clients.forget(id);
    this.#records.commit();
  }

  /** Says which plan the profile's portal is on (a webhook cannot ask the portal): its rate limit is kept for that. */
  setRatePlan(id: string, ratePlan: RatePlanName): ProfileView {
    const profile = this.#records.replace({ ...this.#records.find(id), ratePlan });
    this.#clients.forget(id);
    this.#records.commit();
    return this.#view(profile);
  }

  /** Makes a profile the one lookups ask. */
  activate(id: string): ProfilesView {
    this.#records.activate(id);
    this.#records.commit();
    return this.list();
  }

  /** Asks the portal again whether the profile's credentials work, and keeps the answer. */
  async check(id: string, options: { signal?: AbortSignal } = {}): Promise<ProfileView> {
    const check = await checkConnection(this.clientFor(id), options.signal ? { signal: options.signal } : {});
    // Read after the check: the client may have followed a portal move meanwhile.
    const profile = this.#records.replace(recheckedProfile(this.#records.find(id), check, this.#now()));
    this.#records.commit();
    return this.#view(profile);
  }

  /** The active profile (redacted), or undefined before any portal is connected. */
  active(): ProfileView | undefined {
    const activeId = this.#records.activeId();
    const profile = activeId === null ? undefined : this.#records.get(activeId);
    return profile && this.#view(profile);
  }

  /** The profile whose portal is (or, before a rename, was) `portal`, preferring the active one. */
  forPortal(portal: string): ProfileView | undefined {
    const profile = this.#records.forPortal(portal);
    return profile && this.#view(profile);
  }

  /** A REST client with the profile's credentials (main process only; the credentials never leave it). */
  clientFor(id: string): BitrixClient {
    return this.#clients.clientFor(id, () => {
      const stored = this.#records.find(id);
      return { credentials: this.#sealed.open(stored), ratePlan: stored.ratePlan };
    });
  }

  /** Whether lookups on a profile ask for open-line chats: by its scopes, or `if-granted` before a check kept them. */
  asksOpenLines(id: string): boolean | 'if-granted' {
    return asksOpenLines(this.#records.find(id));
  }

  /**
   * The local application a profile signs in with, and its portal's current address, for signing in again (main
   * process only: the client secret never leaves it). `not_oauth` for a profile connected by a webhook.
   */
  oauthApplicationOf(id: string): { portal: string; application: OAuthApplication } {
    const profile = this.#records.find(id);
    if (profile.kind !== 'oauth') {
      throw new UserError({ code: 'not_oauth', params: { name: profile.name } });
    }
    const credentials = this.#sealed.open(profile);
    if (credentials.kind !== 'oauth') throw new UserError({ code: 'credentials_not_oauth', params: { name: profile.name } });
    return { portal: profile.portal, application: credentials.application };
  }

  /** Calls `listener` after every change (a rename by the portal included); returns the unsubscribe function. */
  onChange(listener: (view: ProfilesView) => void): () => void {
    return this.#listeners.add(listener);
  }

  /**
   * Renews, once, each local application's sign-in whose refresh token is 150 days old or more, so it does not end at
   * 180; a renewal that fails now tells the person when the sign-in ends, once it is within two weeks of that. Meant
   * for start-up, after the tray is up: it sends a request for each such profile and nothing for any other.
   */
  async renewAgingSignIns(): Promise<void> {
    const now = this.#now();
    for (const profile of this.#records.all()) {
      const endsAt = agingSignInEnd(profile, now);
      if (endsAt === null) continue;
      try {
        await this.clientFor(profile.id).renewTokens();
      } catch {
        const warning = signInEndingWarning(profile, endsAt, now);
        if (warning) this.#notices.add('warning', warning);
      }
    }
  }

  /** What the client of profile `id` reports back: a profile removed since is left alone. */
  #hooksFor(id: string): ClientHooks {
    return {
      onPortalMoved: (move) => {
        const profile = this.#records.get(id);
        if (!profile) return;
        this.#records.replace(movedProfile(profile, move, this.#sealed.seal(move.credentials)));
        this.#records.commit();
        this.#notices.add('info', portalMovedNotice(profile, move));
      },
      // New OAuth tokens replace the old (the portal has retired those), sealed before any call goes on.
      onTokensRefreshed: () => {
        const profile = this.#records.get(id);
        const client = this.#clients.made(id);
        if (!profile || !client) return;
        const { credentials } = client;
        this.#records.replace(refreshedProfile(profile, credentials, this.#sealed.seal(credentials), this.#now()));
        // The portal has retired the old refresh token: if the new one is not on disk, the client must say so.
        if (!this.#records.commit()) throw new Error('The refreshed tokens could not be saved.');
      },
      onRefreshRefused: (failure) => {
        const profile = this.#records.get(id);
        if (!profile) return;
        this.#records.replace(refreshRefusedProfile(profile, failure, this.#now()));
        this.#records.commit();
      },
    };
  }

  #view(profile: StoredProfile): ProfileView {
    return profileView(profile, { activeId: this.#records.activeId(), now: this.#now() });
  }
}
