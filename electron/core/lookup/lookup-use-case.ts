/**
 * The app's use case of a lookup, what a person's lookup does (the window's box, the hotkeys, a history entry
 * again): reads references from typed or copied text with the person's default type, picks the portal to ask,
 * asks it (portal-chat-lookup.ts talks to the portal), keeps every outcome in the history, and answers with the
 * results (secrets masked, no credentials). Re-running a history entry asks again for the same key on the portal
 * it was asked on.
 */
import { parseEntityReferences, type ParsedReference } from '../../common/references/parse-reference.ts';
import type { HistoryEntry, NewHistoryEntry } from '../state/history.ts';
import type { HistoryStore } from '../state/history-store.ts';
import type { ProfileStore } from '../state/profiles/profile-store.ts';
import type { ProfileView } from '../state/profiles/profile-views.ts';
import type { SettingsStore } from '../state/settings.ts';
import { UserError } from '../user-error.ts';
import { chatLinks, linksPortal } from './chat-links.ts';
import { MAX_REFERENCES, MAX_TEXT_LENGTH } from '../../common/lookup/limits.ts';
import { findChatsOnPortal, type LookupResult } from './portal-chat-lookup.ts';

export interface LookupView {
  /** The profile whose portal was asked (`portal` is its address, as the portal answered); null when nothing needed asking. */
  profile: { id: string; name: string; host: string; portal: string } | null;
  results: LookupResult[];
}

function historyItemOf(result: LookupResult, portal: string | null): NewHistoryEntry {
  const base = { input: result.input, entityType: null, entityId: null, label: null, chatId: null, portal, code: null, params: null, openLines: [] };
  const openLines = (result.status === 'found' || result.status === 'not_found' ? (result.openLines ?? []) : []).map(
    ({ chatId, connectorId, channel, active }) => ({
      chatId,
      connectorId,
      channel,
      active,
    }),
  );
  switch (result.status) {
    case 'invalid':
      return { ...base, outcome: 'invalid', portal: null, code: result.error.code, params: result.error.params ?? {} };
    case 'found':
      return {
        ...base,
        outcome: 'found',
        entityType: result.entityType ?? null,
        entityId: result.entityId ?? null,
        label: result.label,
        chatId: result.chatId,
        portal: linksPortal(result),
        openLines,
      };
    case 'not_found':
      return { ...base, outcome: 'not_found', entityType: result.entityType, entityId: result.entityId, label: result.label, openLines };
    case 'error':
      return {
        ...base,
        outcome: 'error',
        entityType: result.entityType ?? null,
        entityId: result.entityId ?? null,
        label: result.label,
        code: result.error.code,
        params: result.error.params ?? {},
      };
  }
}

/** The reference a history entry was made from, so a re-run asks for the same key whatever the default type is now. */
function referenceOf(entry: HistoryEntry, defaultType: string | null): ParsedReference[] {
  const label = entry.label ?? entry.input;
  if (entry.entityType !== null && entry.entityId !== null) {
    return [{ ok: true, kind: 'entity', input: entry.input, entityType: entry.entityType, entityId: entry.entityId, label }];
  }
  if (entry.chatId !== null) {
    return [{ ok: true, kind: 'chat', input: entry.input, chatId: entry.chatId, label, ...(entry.portal ? { portal: entry.portal } : {}) }];
  }
  return parseEntityReferences(entry.input, { defaultType });
}

/** The lookups a person makes: typed or copied text, or a history entry again. */
export class LookupUseCase {
  readonly #settings: SettingsStore;
  readonly #profiles: ProfileStore;
  readonly #history: HistoryStore;

  constructor({ settings, profiles, history }: { settings: SettingsStore; profiles: ProfileStore; history: HistoryStore }) {
    this.#settings = settings;
    this.#profiles = profiles;
    this.#history = history;
  }

  /** Looks up every reference in typed or pasted text. */
  async lookup(text: string): Promise<LookupView> {
    return this.lookupReferences(this.references(text));
  }

  /** Looks up references already read from a text (by `references`) on the active portal. */
  async lookupReferences(references: ParsedReference[]): Promise<LookupView> {
    return this.#run(references, this.#profiles.active());
  }

  /** What `lookup` would read in a text, with the person's default type; refuses empty or oversized text. */
  references(text: string): ParsedReference[] {
    if (text.trim() === '') throw new UserError({ code: 'empty' });
    if (text.length > MAX_TEXT_LENGTH) throw new UserError({ code: 'too_long', params: { length: text.length, max: MAX_TEXT_LENGTH } });
    return parseEntityReferences(text, { defaultType: this.#settings.get().defaultType });
  }

  /** Asks again for a history entry's key, on the portal it was asked on when that portal is still connected. */
  async rerun(historyId: string): Promise<LookupView> {
    const entry = this.#history.get(historyId);
    if (!entry) throw new UserError({ code: 'history_entry_gone' });
    const references = referenceOf(entry, this.#settings.get().defaultType);
    if (entry.portal === null) return this.#run(references, this.#profiles.active());
    // The same key on another portal is another entity: never ask a different portal than the entry's.
    const profile = this.#profiles.forPortal(entry.portal);
    if (!profile && references.some((reference) => reference.ok && reference.kind === 'entity')) {
      throw new UserError({ code: 'portal_gone', params: { host: new URL(entry.portal).host } });
    }
    return this.#run(references, profile ?? this.#profiles.active());
  }

  async #run(references: ParsedReference[], profile: ProfileView | undefined): Promise<LookupView> {
    if (references.length > MAX_REFERENCES) {
      throw new UserError({ code: 'too_many', params: { count: references.length, max: MAX_REFERENCES } });
    }
    const needsPortal = references.some((reference) => reference.ok && (reference.kind === 'entity' || reference.portal === undefined));
    if (!needsPortal) {
      // Only refusals and chat links that name their portal: nothing to ask, so no profile (and no credentials).
      const results = references.map((reference): LookupResult => {
        if (!reference.ok) return { status: 'invalid', input: reference.input, error: reference.error };
        if (reference.kind !== 'chat' || reference.portal === undefined) throw new Error('A reference that needs a portal reached a lookup without one');
        const { input, label, chatId } = reference;
        return { status: 'found', input, label, chatId, ...chatLinks(reference.portal, chatId) };
      });
      this.#history.record(results.map((result) => historyItemOf(result, null)));
      return { profile: null, results };
    }
    if (!profile) throw new UserError({ code: 'no_profile' });

    const client = this.#profiles.clientFor(profile.id);
    // The card shows each chat's title: asked in the same request as the chats, not by the window afterwards.
    const results = await findChatsOnPortal(client, references, { openLines: this.#profiles.asksOpenLines(profile.id), titles: true });
    const portal = client.portal;
    this.#history.record(results.map((result) => historyItemOf(result, portal)));
    return { profile: { id: profile.id, name: profile.name, host: profile.host, portal }, results };
  }
}
