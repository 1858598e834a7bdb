/**
 * The profiles file: what each connected portal keeps (its shown texts in the clear, its credentials sealed), which
 * one is active, and how the file is read back. Nothing here opens a secret or talks to a portal.
 */
import * as v from 'valibot';
import { RATE_PLAN_NAMES } from '../../bitrix/rate-limiter.ts';
import { portalParts } from '../../portal-address.ts';
import { UserError } from '../../user-error.ts';
import { type DocumentSpec, StateDocument } from '../document.ts';
import { Listeners } from '../listeners.ts';
import type { NoticeBoard } from '../notices.ts';
import type { StateFile } from '../state-file.ts';
import { storedMessageSchema } from '../stored-message.ts';

export const PROFILE_NAME_MAX = 80;
export const PROFILE_STATUSES = ['connected', 'failing', 'unchecked'] as const;

const USER_NAME_MAX = 200;
/** Text the portal or the person wrote: cut to size when read, so one long message never costs a whole profile. */
const shown = (max: number) =>
  v.pipe(
    v.string(),
    v.transform((text: string) => text.slice(0, max)),
  );

const storedProfileSchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.pipe(shown(PROFILE_NAME_MAX), v.minLength(1)),
  portal: v.pipe(v.string(), v.url()),
  kind: v.picklist(['webhook', 'oauth']),
  userId: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
  userName: v.nullable(shown(USER_NAME_MAX)),
  status: v.picklist(PROFILE_STATUSES),
  /** The last check's message; a sentence kept by an older build reads as none (the status stays). */
  statusMessage: v.nullable(
    v.union([
      storedMessageSchema,
      v.pipe(
        v.string(),
        v.transform(() => null),
      ),
    ]),
  ),
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

/** One profile as the file keeps it: `sealed` is the credentials as the cipher sealed them. */
export type StoredProfile = v.InferOutput<typeof storedProfileSchema>;

interface ProfilesDocument {
  activeId: string | null;
  profiles: StoredProfile[];
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
      const activeId =
        typeof document.activeId === 'string' && profiles.some((p) => p.id === document.activeId) ? document.activeId : (profiles[0]?.id ?? null);
      const dropped = raw.length - profiles.length + (Array.isArray(document.profiles) || document.profiles === undefined ? 0 : 1);
      return { value: { activeId, profiles }, dropped };
    },
    empty: () => ({ activeId: null, profiles: [] }),
    write: (value) => ({ activeId: value.activeId, profiles: value.profiles }),
  };
}

/** The host of a portal's address: what a profile is named after until the person names it. */
export const hostOf = (portal: string): string => portalParts(portal).host;

/** A profile as it may be stored: its shown texts within what the file's schema reads back. */
export function clipped(profile: StoredProfile): StoredProfile {
  return {
    ...profile,
    name: profile.name.slice(0, PROFILE_NAME_MAX),
    userName: profile.userName?.slice(0, USER_NAME_MAX) ?? null,
  };
}

/**
 * The profiles over their state file, in memory: changes are kept by `commit()`, which writes the file and tells
 * the `onCommit` listeners. Every profile put in is clipped to what the file reads back.
 */
export class ProfileRecords {
  readonly #document: StateDocument<ProfilesDocument>;
  readonly #committed = new Listeners<[]>();

  /** Reads the file now (recovering a damaged one as StateDocument does, telling `notices`). */
  constructor(file: StateFile, notices: NoticeBoard) {
    this.#document = new StateDocument(file, profilesSpec(), notices);
  }

  /** Every profile, in the order they were added. */
  all(): readonly StoredProfile[] {
    return this.#document.value.profiles;
  }

  /** The active profile's id; null with no profile. */
  activeId(): string | null {
    return this.#document.value.activeId;
  }

  /** The profile with this id, or undefined (a client's report about a profile removed since). */
  get(id: string): StoredProfile | undefined {
    return this.#document.value.profiles.find((p) => p.id === id);
  }

  /** The profile with this id; `profile_not_found` when there is none. */
  find(id: string): StoredProfile {
    const profile = this.get(id);
    // Its own code: a stale id is a portal that was removed, not a lookup gone from the history.
    if (!profile) throw new UserError({ code: 'profile_not_found' });
    return profile;
  }

  /** The profile whose portal is (or, before a rename, was) `portal`, preferring the active one. */
  forPortal(portal: string): StoredProfile | undefined {
    const { profiles, activeId } = this.#document.value;
    const matching = profiles.filter((p) => p.portal === portal || p.formerPortals.includes(portal));
    return matching.find((p) => p.id === activeId) ?? matching[0];
  }

  /** Adds a profile (clipped, returned as kept); the first one becomes active. */
  add(profile: StoredProfile): StoredProfile {
    const kept = clipped(profile);
    const { activeId, profiles } = this.#document.value;
    this.#document.value = { activeId: activeId ?? kept.id, profiles: [...profiles, kept] };
    return kept;
  }

  /** Puts a changed profile (clipped, returned as kept) in the place of the one with its id. */
  replace(profile: StoredProfile): StoredProfile {
    const kept = clipped(profile);
    this.#document.value = {
      ...this.#document.value,
      profiles: this.#document.value.profiles.map((p) => (p.id === kept.id ? kept : p)),
    };
    return kept;
  }

  /** Forgets a profile (`profile_not_found` when there is none); the first one left becomes active if it was. */
  remove(id: string): void {
    this.find(id);
    const profiles = this.#document.value.profiles.filter((p) => p.id !== id);
    const activeId = this.#document.value.activeId === id ? (profiles[0]?.id ?? null) : this.#document.value.activeId;
    this.#document.value = { activeId, profiles };
  }

  /** Makes a profile the active one (`profile_not_found` when there is none). */
  activate(id: string): void {
    this.find(id);
    this.#document.value = { ...this.#document.value, activeId: id };
  }

  /** Saves and tells listeners; false when the file could not be written (the person is told by the document). */
  commit(): boolean {
    const saved = this.#document.save();
    this.#committed.emit();
    return saved;
  }

  /** Calls `listener` after every commit, saved or not; returns the unsubscribe function. */
  onCommit(listener: () => void): () => void {
    return this.#committed.add(listener);
  }
}
