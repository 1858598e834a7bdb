/**
 * The main process's services as the IPC handlers and the shell use them (built by app-services.ts).
 */
import type { ChatOpener } from './links/chat-opener.ts';
import type { HotkeyRegistry } from './hotkeys/hotkeys.ts';
import type { QuickLookup } from './quick-lookup/quick-lookup.ts';
import type { OAuthSignIn } from './sign-in/sign-in.ts';
import type { WindowControl } from './window/window-control.ts';
import type { AppInfo } from './ipc/contract.ts';
import type { LookupUseCase } from './lookup/lookup-use-case.ts';
import type { HistoryStore } from './state/history-store.ts';
import type { ExportFormat } from './state/history-export.ts';
import type { NoticeBoard } from './state/notices.ts';
import type { ProfileStore } from './state/profiles/profile-store.ts';
import type { SettingsStore } from './state/settings.ts';
import type { UpdateService } from './updates/update-service.ts';

/** The save-file port: the shell shows a save dialog and writes the file. Null when the person cancelled. */
export interface ExportPort {
  save(file: { suggestedName: string; format: ExportFormat; content: string }): Promise<string | null>;
}

export interface Services {
  appInfo: AppInfo;
  settings: SettingsStore;
  profiles: ProfileStore;
  history: HistoryStore;
  lookups: LookupUseCase;
  notices: NoticeBoard;
  exporter: ExportPort;
  /** The lookup window: what it is asked to show, and whether it is on screen. */
  window: WindowControl;
  /** What the two hotkeys and the tray's "Look Up Clipboard" do. */
  quickLookup: QuickLookup;
  /** The window's "Open" and "Copy chat ID", and the releases page (About, and the tray for a copy that cannot update itself). */
  chats: ChatOpener;
  /** Connecting a portal through its local application (OAuth), and signing in to one again. */
  signIn: OAuthSignIn;
  hotkeys: HotkeyRegistry;
  /** New versions: looking for one, downloading and installing it. */
  updates: UpdateService;
  now?: () => number;
}
