/**
 * What the update service works with and shows: a release found, a download's progress, the engine over
 * electron-updater (shell/updater.ts), and the view the window and the tray read (update-service.ts owns the rules).
 */
import type { AppMessage } from '../../common/messages/index.ts';
import type { Settings } from '../state/settings.ts';
import type { InstallKind } from './install-kind.ts';

export type UpdateChannel = Settings['updateChannel'];

/** A release newer than this copy, as the window and the tray show it. */
export interface ReleaseInfo {
  version: string;
  /** Plain text (release-notes.ts), possibly empty. */
  notes: string;
  /** When it was published (ISO 8601), if the metadata says. */
  date: string | null;
}

export interface DownloadProgress {
  /** 0–100. */
  percent: number;
  transferred: number;
  total: number;
}

/** electron-updater, as this service uses it (shell/updater.ts builds it). */
export interface UpdateEngine {
  /** The channel's newest release when it is newer than this copy, else null. Rejects when the feed cannot be read. */
  check(channel: UpdateChannel): Promise<ReleaseInfo | null>;
  /** Downloads the release the last check found and verifies it; resolves once it is ready to install. */
  download(onProgress: (progress: DownloadProgress) => void, signal: AbortSignal): Promise<void>;
  /** Quits the app and runs the downloaded installer. */
  installNow(): void;
  /**
   * A check that never answered is given up: the next one starts afresh (electron-updater would otherwise hand every
   * later check the same unanswered one).
   */
  abandonCheck(): void;
}

export type UpdateStatus = 'idle' | 'checking' | 'upToDate' | 'available' | 'downloading' | 'downloaded' | 'failed';

export interface UpdateView {
  /** This copy's version. */
  current: string;
  kind: InstallKind;
  /** Whether this copy looks for new versions at all. */
  supported: boolean;
  /** Whether it downloads and installs them itself (otherwise the releases page does). */
  selfUpdating: boolean;
  status: UpdateStatus;
  /** The newer release found, from `available` on (kept after a failed download). */
  release: ReleaseInfo | null;
  progress: DownloadProgress | null;
  /** What went wrong, in `failed`. */
  problem: AppMessage | null;
  /** When the feed was last read (ms since the epoch). */
  checkedAt: number | null;
  /**
   * Counts the changes: an answer to a call can reach the window after an event sent later (a download done before
   * its "started" answer arrives), so the window keeps the view with the highest revision.
   */
  revision: number;
}
