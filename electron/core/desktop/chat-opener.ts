/**
 * The window's "Open" and "Copy chat ID": a chat opens in the browser or the Bitrix24 app, on a connected portal only
 * (at its current address, if it moved; a chat link of any other site, pasted or copied, is not opened by the app),
 * and its id goes on the clipboard.
 */
import type { ProfileStore } from '../state/profiles.ts';
import type { SettingsStore } from '../state/settings.ts';
import { UserError } from '../user-error.ts';
import { chatLinkToOpen, type OpenChatIn } from './link-policy.ts';

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

  /** Opens a chat where the person prefers unless `opener` says; answers the link. */
  async open({ portal, chatId, opener }: { portal: string; chatId: number; opener?: OpenChatIn | undefined }): Promise<string> {
    const chosen = opener ?? this.#settings.get().openChatIn;
    const link = chatLinkToOpen(
      { portal, chatId, opener: chosen },
      { connectedPortal: (origin) => this.#profiles.forPortal(origin)?.portal, allowLocalPortals: this.#allowLocalPortals },
    );
    try {
      await this.#openExternal(link);
    } catch {
      throw new UserError(
        'open_failed',
        chosen === 'desktop'
          ? 'The Bitrix24 desktop app did not open the chat: is it installed? Open the chat in the browser instead.'
          : 'The system could not open the chat in a browser. Copy the chat ID instead.',
      );
    }
    return link;
  }

  /** Puts a chat id on the clipboard. */
  async copyId(chatId: number): Promise<string> {
    const text = String(chatId);
    await this.#clipboard.writeText(text);
    return text;
  }
}
