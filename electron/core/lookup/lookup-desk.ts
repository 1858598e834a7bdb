/**
 * What the window's lookup box does: reads references from typed or copied text with the person's default type,
 * asks the active portal, keeps every outcome in the history, and answers with the results (secrets masked,
 * no credentials). Re-running a history entry asks again for the same key on the portal it was asked on.
 */
import { parseEntityReferences, type ParsedReference } from '../../common/references/parse-reference.ts';
import type { HistoryEntry, HistoryStore, NewHistoryEntry } from '../state/history.ts';
import type { ProfileStore, ProfileView } from '../state/profiles.ts';
import type { SettingsStore } from '../state/settings.ts';
import { UserError } from '../user-error.ts';
import { chatLinks } from './chat-links.ts';
import { MAX_REFERENCES, MAX_TEXT_LENGTH } from '../../common/lookup/limits.ts';
import { type LookupResult, lookupReferences } from './lookup-service.ts';

export interface LookupView {
  /** The profile whose portal was asked (`portal` is its address, as the portal answered); null when nothing needed asking. */
  profile: { id: string; name: string; host: string; portal: string } | null;
  results: LookupResult[];
}

const HOW_TO_CONNECT = 'Connect a portal first: in Settings, add the incoming webhook of your Bitrix24 (Developer resources → Other → Incoming webhook).';

function historyItemOf(result: LookupResult, portal: string | null): NewHistoryEntry {
  const base = { input: result.input, entityType: null, entityId: null, label: null, chatId: null, portal, code: null, message: null, openLines: [] };
  const openLines = (result.status === 'found' || result.status === 'not_found' ? (result.openLines ?? []) : []).map(({ chatId, connectorId, channel, active }) => ({
    chatId,
    connectorId,
    channel,
    active,
  }));
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
        portal: new URL(result.webUrl).origin,
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

/** Lookups the app makes: typed or copied text, or a history entry again. */
export class LookupDesk {
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
    if (text.trim() === '') throw new UserError('empty', 'There is nothing to look up. Type or paste a CRM reference such as LEAD|13, D_5 or a deal link.');
    if (text.length > MAX_TEXT_LENGTH) {
      throw new UserError('too_long', `That is ${text.length.toLocaleString('en')} characters; look up at most ${MAX_TEXT_LENGTH.toLocaleString('en')} at once.`);
    }
    return parseEntityReferences(text, { defaultType: this.#settings.get().defaultType });
  }

  /** Asks again for a history entry's key, on the portal it was asked on when that portal is still connected. */
  async rerun(historyId: string): Promise<LookupView> {
    const entry = this.#history.get(historyId);
    if (!entry) throw new UserError('not_found', 'That lookup is no longer in the history.');
    const references = referenceOf(entry, this.#settings.get().defaultType);
    if (entry.portal === null) return this.#run(references, this.#profiles.active());
    // The same key on another portal is another entity: never ask a different portal than the entry's.
    const profile = this.#profiles.forPortal(entry.portal);
    if (!profile && references.some((reference) => reference.ok && reference.kind === 'entity')) {
      throw new UserError('portal_gone', `That lookup was made on ${new URL(entry.portal).host}, which is no longer connected. Add that portal again, or look the reference up on the active one.`);
    }
    return this.#run(references, profile ?? this.#profiles.active());
  }

  async #run(references: ParsedReference[], profile: ProfileView | undefined): Promise<LookupView> {
    if (references.length > MAX_REFERENCES) {
      throw new UserError('too_many', `That is ${references.length} references; look up at most ${MAX_REFERENCES} at once (the command line takes any number).`);
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
    if (!profile) throw new UserError('no_profile', HOW_TO_CONNECT);

    const client = this.#profiles.clientFor(profile.id);
    const results = await lookupReferences(client, references, { openLines: this.#profiles.asksOpenLines(profile.id) });
    const portal = client.portal;
    this.#history.record(results.map((result) => historyItemOf(result, portal)));
    return { profile: { id: profile.id, name: profile.name, host: profile.host, portal }, results };
  }
}
