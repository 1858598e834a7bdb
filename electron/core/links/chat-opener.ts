/**
 * What the window does with a result: "Open" and "Copy chat ID" (a chat opens in the browser or the Bitrix24 app, on a
 * connected portal only, at its current address if it moved; a chat link of any other site, pasted or copied, is not
 * opened by the app), "Open the entity's page" for an entity without a chat, and the chat's title where the portal
 * lets the person see it. Also the one other link the window may ask to open: the releases page (Settings, About).
 */
import { RELEASES_PAGE } from '../about.ts';
import type { ChatSection } from '../lookup/chat-links.ts';
import type { ProfileStore } from '../state/profiles/profile-store.ts';
import type { SettingsStore } from '../state/settings.ts';
import { UserError } from '../user-error.ts';
import { chatLinkToOpen, entityLinkToOpen, type LinkPolicy, type OpenChatIn } from './link-policy.ts';

/** Electron 45's clipboard is asynchronous (modelled on navigator.clipboard). */
export interface ClipboardPort {
  readText(): Promise<string> | string;
  writeText(text: string): Promise<void> | void;
}

/** Hands a link to the OS (the shell's `shell.openExternal`, which checks it with isOpenableLink once more). */
export type OpenExternal = (url: string) => Promise<void>;

export class ChatOpener {
  readonly #settings: SettingsStore;
  readonly #profiles: ProfileStore;
  readonly #openExternal: OpenExternal;
  readonly #clipboard: ClipboardPort;
  readonly #allowLocalPortals: boolean;

  constructor(options: { settings: SettingsStore; profiles: ProfileStore; openExternal: OpenExternal; clipboard: ClipboardPort; allowLocalPortals: boolean }) {
    this.#settings = options.settings;
    this.#profiles = options.profiles;
    this.#openExternal = options.openExternal;
    this.#clipboard = options.clipboard;
    this.#allowLocalPortals = options.allowLocalPortals;
  }

  /** Opens a chat where the person prefers unless `opener` says (an open-line chat in Open Channels); answers the link. */
  async open({
    portal,
    chatId,
    opener,
    section,
  }: {
    portal: string;
    chatId: number;
    opener?: OpenChatIn | undefined;
    section?: ChatSection | undefined;
  }): Promise<string> {
    const chosen = opener ?? this.#settings.get().openChatIn;
    const link = chatLinkToOpen({ portal, chatId, opener: chosen, section }, this.#policy());
    try {
      await this.#openExternal(link);
    } catch {
      throw new UserError({ code: chosen === 'desktop' ? 'desktop_app_open_failed' : 'chat_open_failed' });
    }
    return link;
  }

  /** Opens a CRM entity's page in the browser (where its chat is opened from the card); answers the link. */
  async openEntityPage(request: { portal: string; entityType: string; entityId: string }): Promise<string> {
    const link = entityLinkToOpen(request, this.#policy());
    try {
      await this.#openExternal(link);
    } catch {
      throw new UserError({ code: 'page_open_failed' });
    }
    return link;
  }

  /** Opens the project's releases page in the browser (where new versions are downloaded); answers the link. */
  async openReleases(): Promise<string> {
    try {
      await this.#openExternal(RELEASES_PAGE);
    } catch {
      throw new UserError({ code: 'releases_open_failed', params: { link: RELEASES_PAGE } });
    }
    return RELEASES_PAGE;
  }

  #policy(): LinkPolicy {
    return { connectedPortal: (origin) => this.#profiles.forPortal(origin)?.portal, allowLocalPortals: this.#allowLocalPortals };
  }

  /** Puts a chat id on the clipboard. */
  async copyId(chatId: number): Promise<string> {
    const text = String(chatId);
    await this.#clipboard.writeText(text);
    return text;
  }
}
