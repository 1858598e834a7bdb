/**
 * The portals the person connected: several, one active. Each keeps what the window may show (name, portal,
 * credential kind, whose they are, whether they work) in the clear, and the credentials themselves sealed by the
 * cipher port (Electron's safeStorage in the app). Nothing here hands the window a secret: `ProfileView` has none.
 */
import * as v from 'valibot';
import type { AppMessage } from '../../../common/messages/index.ts';
import type { ProfileMessage } from '../../../common/messages/profiles.ts';
import type { BitrixClient, PortalMove } from '../../bitrix/client.ts';
import { checkConnection, OPEN_LINES_SCOPE } from '../../bitrix/connection.ts';
import {
  type Credentials,
  isLoopbackHost,
  type OAuthApplication,
  type OAuthCredentials,
  type OAuthTokens,
  parseWebhookUrl,
  portalOrigin,
} from '../../bitrix/credentials.ts';
import type { BitrixFailure } from '../../bitrix/errors.ts';
import { REFRESH_LIFETIME_MS } from '../../bitrix/oauth.ts';
import { RATE_PLAN_NAMES, type RatePlanName } from '../../bitrix/rate-limiter.ts';
import { maskSecrets } from '../../../common/references/secrets.ts';
import { UserError } from '../../user-error.ts';
import { type DocumentSpec, StateDocument } from '../document.ts';
import { Listeners } from '../listeners.ts';
import type { NoticeBoard } from '../notices.ts';
import type { StateFile } from '../state-file.ts';
import { storedMessageSchema } from '../stored-message.ts';

/** How well the cipher protects what it seals. */
export type SecretProtection = 'os_keychain' | 'obscured_only' | 'unavailable';

/** The cipher port: seals and opens text, and says how safe that is on this machine. */
export interface SecretCipher {
  protection(): SecretProtection;
  /** Sealed text safe to write to a file (base64 in the app). */
  seal(plain: string): string;
  /** Throws when the text cannot be opened (another machine's or user's keychain, a damaged value). */
  open(sealed: string): string;
}

export interface ClientHooks {
  onPortalMoved: (move: PortalMove) => void;
  onTokensRefreshed: (tokens: OAuthTokens) => void;
  /** The OAuth server would not renew the tokens: the profile needs a new sign-in. */
  onRefreshRefused: (failure: BitrixFailure) => void;
}

/** Makes a REST client for credentials (the app's fetch, user agent and log are the composition root's). */
export type ConnectPort = (credentials: Credentials, hooks: ClientHooks, options: { ratePlan: RatePlanName }) => BitrixClient;

/**
 * A sign-in renewed less than this long ago is left alone; an older one is renewed once at start. The docs ask for
 * exactly that: "it is enough to request a new pair of tokens once every 180 days", and never on a timer or before every
 * call ([en] settings/oauth/auto-renewal.md:91, :95).
 */
export const RENEW_SIGN_IN_AFTER_MS = 150 * 24 * 60 * 60 * 1000;
/** How long before a sign-in ends the person is told, when it could not be renewed. */
export const SIGN_IN_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

export const PROFILE_NAME_MAX = 80;
export const PROFILE_STATUSES = ['connected', 'failing', 'unchecked'] as const;

const USER_NAME_MAX = 200;
/** Text the portal or the person wrote: cut to size when read, so one long message never costs a whole profile. */
const shown = (max: number) => v.pipe(v.string(), v.transform((text: string) => text.slice(0, max)));

const storedProfileSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.pipe(shown(PROFILE_NAME_MAX), v.minLength(1)),
  portal: v.pipe(v.string(), v.url()),
  kind: v.picklist(['webhook', 'oauth']),
  userId: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
  userName: v.nullable(shown(USER_NAME_MAX)),
  status: v.picklist(PROFILE_STATUSES),
  /** The last check's message; a sentence kept by an older build reads as none (the status stays). */
  statusMessage: v.nullable(v.union([storedMessageSchema, v.pipe(v.string(), v.transform(() => null))])),
  checkedAt: v.nullable(v.number()),
  sealed: v.pipe(v.string(), v.minLength(1)),
  /** Addresses the portal answered from before a rename, so history made there still finds it. */
  formerPortals: v.optional(v.array(v.string()), []),
  /** The scopes the portal said the credentials have at the last check; null before one was kept. */
  scopes: v.optional(v.nullable(v.array(v.pipe(v.string(), v.maxLength(100)))), null),
  /** The portal's plan, which sizes its rate limit (limits.md:45-50). */
  ratePlan: v.optional(v.picklist(RATE_PLAN_NAMES), 'others'),
  /** A local application's sign-in: when its refresh token was handed out (epoch ms); it works for 180 days. */
  signInRenewedAt: v.optional(v.nullable(v.number()), null),
});
type StoredProfile = v.InferOutput<typeof storedProfileSchema>;

interface ProfilesDocument {
  activeId: string | null;
  profiles: StoredProfile[];
}

/** One profile as the window may see it: no secret, sealed or not. */
export interface ProfileView {
  id: string;
  name: string;
  portal: string;
  host: string;
  kind: 'webhook' | 'oauth';
  userId: number | null;
  userName: string | null;
  status: (typeof PROFILE_STATUSES)[number];
  /** Whose the credentials are (connected), or what failed (failing); null before a check. */
  statusMessage: AppMessage | null;
  checkedAt: number | null;
  active: boolean;
  /**
   * Whether lookups show an entity's open-line chats: `available` with the `imopenlines` scope, `missing` without it,
   * `unknown` before a check kept the scopes (lookups ask, and go on without them if the portal refuses).
   */
  openLines: 'available' | 'missing' | 'unknown';
  /** The plan the portal's rate limit is kept for. */
  ratePlan: RatePlanName;
  /** A local application's sign-in: when it ends unless renewed (180 days after its last renewal); null otherwise. */
  signInEndsAt: number | null;
}

export interface SecretStorageView {
  protection: SecretProtection;
  /** A plain warning for the settings screen, or null when the OS keychain protects the credentials. */
  warning: ProfileMessage | null;
}

export interface ProfilesView {
  profiles: ProfileView[];
  activeId: string | null;
  secretStorage: SecretStorageView;
}


function profilesSpec(): DocumentSpec<ProfilesDocument> {
  return {
    label: 'portal profiles',
    version: 1,
    migrations: {
      // Version 0: a file without a version number; the layout is the same.
      0: (document) => document,
    },
    read: (document) => {
      const raw = Array.isArray(document.profiles) ? document.profiles : [];
      const profiles = raw.flatMap((item) => {
        const parsed = v.safeParse(storedProfileSchema, item);
        return parsed.success ? [parsed.output] : [];
      });
      const activeId = typeof document.activeId === 'string' && profiles.some((p) => p.id === document.activeId) ? document.activeId : (profiles[0]?.id ?? null);
      const dropped = raw.length - profiles.length + (Array.isArray(document.profiles) || document.profiles === undefined ? 0 : 1);
      return { value: { activeId, profiles }, dropped };
    },
    empty: () => ({ activeId: null, profiles: [] }),
    write: (value) => ({ activeId: value.activeId, profiles: value.profiles }),
  };
}

const hostOf = (portal: string): string => new URL(portal).host;

/** A profile as it may be stored: its shown texts within what the file's schema reads back. */
function clipped(profile: StoredProfile): StoredProfile {
  return {
    ...profile,
    name: profile.name.slice(0, PROFILE_NAME_MAX),
    userName: profile.userName?.slice(0, USER_NAME_MAX) ?? null,
  };
}

/** The connected portals over their state file, with their credentials sealed by the cipher port. */
export class ProfileStore {
  readonly #document: StateDocument<ProfilesDocument>;
  readonly #cipher: SecretCipher;
  readonly #connect: ConnectPort;
  readonly #notices: NoticeBoard;
  readonly #now: () => number;
  readonly #allowLocalPortals: boolean;
  readonly #clients = new Map<string, BitrixClient>();
  readonly #listeners = new Listeners<[view: ProfilesView]>();

  constructor(
    file: StateFile,
    notices: NoticeBoard,
    { cipher, connect, now = Date.now, allowLocalPortals = false }: { cipher: SecretCipher; connect: ConnectPort; now?: () => number; allowLocalPortals?: boolean },
  ) {
    this.#document = new StateDocument(file, profilesSpec(), notices);
    this.#cipher = cipher;
    this.#connect = connect;
    this.#notices = notices;
    this.#now = now;
    this.#allowLocalPortals = allowLocalPortals;
  }

  /** Every profile (redacted), which one is active, and how safely secrets are kept here. */
  list(): ProfilesView {
    const { profiles, activeId } = this.#document.value;
    return {
      profiles: profiles.map((profile) => this.#view(profile)),
      activeId,
      secretStorage: this.secretStorage(),
    };
  }

  /** How safely this machine keeps credentials, with the warning the settings screen shows. */
  secretStorage(): SecretStorageView {
    const protection = this.#cipher.protection();
    const warning = protection === 'os_keychain' ? null : { code: protection === 'obscured_only' ? 'secret_storage_obscured' : 'secret_storage_unavailable' } as const;
    return { protection, warning };
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
  async addOAuth({ credentials, name }: { credentials: OAuthCredentials; name?: string | undefined }, options: { signal?: AbortSignal } = {}): Promise<ProfileView> {
    return this.#addChecked(credentials, name, options);
  }

  /**
   * Refuses a portal on this machine (`local_portal`) unless local portals are allowed: that is the fake one (npm run
   * fake-portal). An installed app does not send requests to local services on a page's say-so: the answers would
   * tell a page what runs there. Adding a webhook and signing in through a local application both ask this first.
   */
  refuseLocalPortal(origin: string): void {
    if (!this.#allowLocalPortals && isLoopbackHost(new URL(origin).hostname)) {
      throw new UserError({ code: 'local_portal' });
    }
  }

  async #addChecked(given: Credentials, name: string | undefined, options: { signal?: AbortSignal }): Promise<ProfileView> {
    if (this.#cipher.protection() === 'unavailable') throw new UserError({ code: 'secret_storage_unavailable' });
    this.refuseLocalPortal(portalOrigin(given));
    // The check itself may move the portal or refresh the tokens: keep what the client holds afterwards.
    const client = this.#connect(given, { onPortalMoved: () => undefined, onTokensRefreshed: () => undefined, onRefreshRefused: () => undefined }, { ratePlan: 'others' });
    const check = await checkConnection(client, options.signal ? { signal: options.signal } : {});
    if (!check.ok) throw new UserError(check.error.message);

    const credentials = client.credentials;
    const portal = portalOrigin(credentials);
    const { profiles } = this.#document.value;
    const same = profiles.find((p) => p.portal === portal && p.kind === credentials.kind && p.userId === check.userId);
    const fields = {
      portal,
      kind: credentials.kind,
      userId: check.userId,
      userName: check.name,
      status: 'connected' as const,
      statusMessage: check.message,
      checkedAt: this.#now(),
      sealed: this.#cipher.seal(JSON.stringify(credentials)),
      scopes: check.scopes,
      signInRenewedAt: this.#renewedAt(credentials),
    };
    const chosenName = name?.trim() ? maskSecrets(name.trim()).slice(0, PROFILE_NAME_MAX) : undefined;
    let profile: StoredProfile;
    // The plan: what app.info says for a local application's portal; a webhook cannot ask, so what the person chose.
    const ratePlan = check.enterprise === null ? (same?.ratePlan ?? 'others') : check.enterprise ? 'enterprise' : 'others';
    if (same) {
      profile = clipped({ ...same, ...fields, ratePlan, name: chosenName ?? same.name });
      this.#replace(profile);
    } else {
      profile = clipped({ id: crypto.randomUUID(), name: chosenName ?? hostOf(portal), formerPortals: [], ratePlan, ...fields });
      this.#document.value = {
        activeId: this.#document.value.activeId ?? profile.id,
        profiles: [...profiles, profile],
      };
    }
    this.#clients.delete(profile.id);
    this.#commit();
    return this.#view(profile);
  }

  /** Gives a profile the name the person chose. */
  rename(id: string, name: string): ProfileView {
    const trimmed = name.trim();
    if (trimmed === '') throw new UserError({ code: 'invalid_name' });
    const profile = { ...this.#find(id), name: maskSecrets(trimmed).slice(0, PROFILE_NAME_MAX) };
    this.#replace(profile);
    this.#commit();
    return this.#view(profile);
  }

  /** Forgets a profile and its credentials; the next one becomes active if it was. */
  remove(id: string): void {
    this.#find(id);
    const profiles = this.#document.value.profiles.filter((p) => p.id !== id);
    const activeId = this.#document.value.activeId === id ? (profiles[0]?.id ?? null) : this.#document.value.activeId;
    this.#document.value = { activeId, profiles };
    this.#clients.delete(id);
    this.#commit();
  }

  /** Says which plan the profile's portal is on (a webhook cannot ask the portal): its rate limit is kept for that. */
  setRatePlan(id: string, ratePlan: RatePlanName): ProfileView {
    const profile = { ...this.#find(id), ratePlan };
    this.#replace(profile);
    this.#clients.delete(id);
    this.#commit();
    return this.#view(profile);
  }

  /** Makes a profile the one lookups ask. */
  activate(id: string): ProfilesView {
    this.#find(id);
    this.#document.value = { ...this.#document.value, activeId: id };
    this.#commit();
    return this.list();
  }

  /** Asks the portal again whether the profile's credentials work, and keeps the answer. */
  async check(id: string, options: { signal?: AbortSignal } = {}): Promise<ProfileView> {
    const client = this.clientFor(id);
    const check = await checkConnection(client, options.signal ? { signal: options.signal } : {});
    const profile = clipped({
      ...this.#find(id),
      status: check.ok ? 'connected' : 'failing',
      statusMessage: check.message,
      checkedAt: this.#now(),
      ...(check.userId !== null ? { userId: check.userId } : {}),
      ...(check.name !== null ? { userName: check.name } : {}),
      ...(check.scopes !== null ? { scopes: check.scopes } : {}),
    });
    this.#replace(profile);
    this.#commit();
    return this.#view(profile);
  }

  /** The active profile (redacted), or undefined before any portal is connected. */
  active(): ProfileView | undefined {
    const { activeId, profiles } = this.#document.value;
    const profile = profiles.find((p) => p.id === activeId);
    return profile && this.#view(profile);
  }

  /** The profile whose portal is (or, before a rename, was) `portal`, preferring the active one. */
  forPortal(portal: string): ProfileView | undefined {
    const { profiles, activeId } = this.#document.value;
    const matching = profiles.filter((p) => p.portal === portal || p.formerPortals.includes(portal));
    const profile = matching.find((p) => p.id === activeId) ?? matching[0];
    return profile && this.#view(profile);
  }

  /** A REST client with the profile's credentials (main process only; the credentials never leave it). */
  clientFor(id: string): BitrixClient {
    const cached = this.#clients.get(id);
    if (cached) return cached;
    const stored = this.#find(id);
    const credentials = this.#open(stored);
    const client = this.#connect(
      credentials,
      {
        onPortalMoved: (move) => this.#moved(id, move),
        onTokensRefreshed: () => this.#refreshed(id),
        onRefreshRefused: (failure) => this.#refreshRefused(id, failure),
      },
      { ratePlan: stored.ratePlan },
    );
    this.#clients.set(id, client);
    return client;
  }

  /**
   * The local application a profile signs in with, and its portal's current address, for signing in again (main
   * process only: the client secret never leaves it). `not_oauth` for a profile connected by a webhook.
   */
  oauthApplicationOf(id: string): { portal: string; application: OAuthApplication } {
    const profile = this.#find(id);
    if (profile.kind !== 'oauth') {
      throw new UserError({ code: 'not_oauth', params: { name: profile.name } });
    }
    const credentials = this.#open(profile);
    if (credentials.kind !== 'oauth') throw new UserError({ code: 'credentials_not_oauth', params: { name: profile.name } });
    return { portal: profile.portal, application: credentials.application };
  }

  #open(profile: StoredProfile): Credentials {
    try {
      return JSON.parse(this.#cipher.open(profile.sealed)) as Credentials;
    } catch {
      throw new UserError({ code: 'credentials_locked', params: { name: profile.name } });
    }
  }

  /** Calls `listener` after every change (a rename by the portal included); returns the unsubscribe function. */
  onChange(listener: (view: ProfilesView) => void): () => void {
    return this.#listeners.add(listener);
  }

  #moved(id: string, move: PortalMove): void {
    const profile = this.#document.value.profiles.find((p) => p.id === id);
    if (!profile) return;
    const renamedByDefault = profile.name === hostOf(move.from);
    this.#replace({
      ...profile,
      portal: portalOrigin(move.credentials),
      formerPortals: [...profile.formerPortals.filter((p) => p !== profile.portal), profile.portal].slice(-5),
      name: renamedByDefault ? hostOf(move.to) : profile.name,
      sealed: this.#cipher.seal(JSON.stringify(move.credentials)),
    });
    this.#commit();
    this.#notices.add('info', { code: 'portal_moved', params: { from: hostOf(move.from), to: hostOf(move.to), name: profile.name } });
  }

  /** New OAuth tokens replace the old (the portal has retired those), sealed before any call goes on. */
  #refreshed(id: string): void {
    const profile = this.#document.value.profiles.find((p) => p.id === id);
    const client = this.#clients.get(id);
    if (!profile || !client) return;
    const credentials = client.credentials;
    this.#replace({ ...profile, sealed: this.#cipher.seal(JSON.stringify(credentials)), signInRenewedAt: this.#renewedAt(credentials) });
    // The portal has retired the old refresh token: if the new one is not on disk, the client must say so.
    if (!this.#commit()) throw new Error('The refreshed tokens could not be saved.');
  }

  /** The OAuth server refused to renew the sign-in: the profile is failing, with the sentence that says to reconnect. */
  #refreshRefused(id: string, failure: BitrixFailure): void {
    const profile = this.#document.value.profiles.find((p) => p.id === id);
    if (!profile) return;
    this.#replace({ ...profile, status: 'failing', statusMessage: failure.message, checkedAt: this.#now() });
    this.#commit();
  }

  #find(id: string): StoredProfile {
    const profile = this.#document.value.profiles.find((p) => p.id === id);
    // Its own code: a stale id is a portal that was removed, not a lookup gone from the history.
    if (!profile) throw new UserError({ code: 'profile_not_found' });
    return profile;
  }

  #replace(profile: StoredProfile): void {
    const kept = clipped(profile);
    this.#document.value = {
      ...this.#document.value,
      profiles: this.#document.value.profiles.map((p) => (p.id === kept.id ? kept : p)),
    };
  }

  /** Saves and tells listeners; false when the file could not be written (the person is told by the document). */
  #commit(): boolean {
    const saved = this.#document.save();
    const view = this.list();
    this.#listeners.emit(view);
    return saved;
  }

  #view(profile: StoredProfile): ProfileView {
    return {
      id: profile.id,
      name: profile.name,
      portal: profile.portal,
      host: hostOf(profile.portal),
      kind: profile.kind,
      userId: profile.userId,
      userName: profile.userName,
      status: profile.status,
      statusMessage: profile.statusMessage,
      checkedAt: profile.checkedAt,
      active: profile.id === this.#document.value.activeId,
      openLines: openLinesOf(profile),
      ratePlan: profile.ratePlan,
      signInEndsAt: signInEndOf(profile),
      ...this.#endedSignIn(profile),
    };
  }

  /** A sign-in past its 180 days is failing whatever the last check said: only a new sign-in helps now. */
  #endedSignIn(profile: StoredProfile): Partial<ProfileView> {
    const endsAt = signInEndOf(profile);
    if (endsAt === null || this.#now() < endsAt) return {};
    return { status: 'failing', statusMessage: signInEnded(hostOf(profile.portal), endsAt) };
  }

  /**
   * Renews, once, each local application's sign-in whose refresh token is 150 days old or more, so it does not end at
   * 180; a renewal that fails now tells the person when the sign-in ends, once it is within two weeks of that. Meant
   * for start-up, after the tray is up: it sends a request for each such profile and nothing for any other.
   */
  async renewAgingSignIns(): Promise<void> {
    const now = this.#now();
    for (const profile of this.#document.value.profiles) {
      const endsAt = signInEndOf(profile);
      // Young (less than 150 of its 180 days), or already over (only a new sign-in helps).
      if (endsAt === null || endsAt - now > REFRESH_LIFETIME_MS - RENEW_SIGN_IN_AFTER_MS || now >= endsAt) continue;
      try {
        await this.clientFor(profile.id).renewTokens();
      } catch {
        if (endsAt - now <= SIGN_IN_WARNING_MS) this.#notices.add('warning', signInEnding(hostOf(profile.portal), endsAt));
      }
    }
  }

  /** Whether lookups on a profile ask for open-line chats: by its scopes, or `if-granted` before a check kept them. */
  asksOpenLines(id: string): boolean | 'if-granted' {
    const openLines = openLinesOf(this.#find(id));
    return openLines === 'unknown' ? 'if-granted' : openLines === 'available';
  }

  /** When a local application's refresh token was handed out (its tokens say; else now, as they were just stored). */
  #renewedAt(credentials: Credentials): number | null {
    return credentials.kind === 'oauth' ? (credentials.tokens.refreshIssuedAt ?? this.#now()) : null;
  }
}

/** Whether the profile's credentials have the scope open-line chats need, by the scopes its last check kept. */
function openLinesOf(profile: StoredProfile): ProfileView['openLines'] {
  if (profile.scopes === null) return 'unknown';
  return profile.scopes.includes(OPEN_LINES_SCOPE) ? 'available' : 'missing';
}

/** When a local application's sign-in ends unless renewed: 180 days after its refresh token was handed out. */
function signInEndOf(profile: StoredProfile): number | null {
  return profile.kind === 'oauth' && profile.signInRenewedAt !== null ? profile.signInRenewedAt + REFRESH_LIFETIME_MS : null;
}

const day = (at: number): string => new Date(at).toISOString().slice(0, 10);

function signInEnded(host: string, endsAt: number): ProfileMessage {
  return { code: 'sign_in_ended', params: { host, day: day(endsAt) } };
}

function signInEnding(host: string, endsAt: number): ProfileMessage {
  return { code: 'sign_in_ending', params: { host, day: day(endsAt) } };
}

