/**
 * New versions of the app: looking for one (at start, once a day by the clock, and when asked), downloading it with its progress,
 * and installing it at the next quit or now. The work itself is electron-updater's (the shell's UpdateEngine over it);
 * this owns when it happens, what the person is told, and what is refused:
 *
 * - No automatic check is made while the person has turned them off (the `updateChecks` setting); "Check now" is the
 *   person asking, so it checks anyway.
 * - Only a copy that updates itself (install-kind.ts) downloads; the others name the new version and link to the
 *   releases page.
 * - A download that fails, stalls or does not match the release's sha512 leaves the installed version as it is, and
 *   says which of these happened; nothing is installed that was not downloaded whole and verified.
 */
import type { AppMessage } from '../../common/messages/index.ts';
import { maskSecrets } from '../../common/references/secrets.ts';
import { UserError } from '../user-error.ts';
import { Listeners } from '../state/listeners.ts';
import type { Settings } from '../state/settings.ts';
import { type InstallKind, looksForUpdates, updatesItself } from './install-kind.ts';
import type { DownloadProgress, ReleaseInfo, UpdateChannel, UpdateEngine, UpdateStatus, UpdateView } from './update-view.ts';

export type { DownloadProgress, ReleaseInfo, UpdateChannel, UpdateEngine, UpdateStatus, UpdateView };

export interface UpdateServiceOptions {
  /** Null where this kind looks for nothing (install-kind.ts). */
  engine: UpdateEngine | null;
  kind: InstallKind;
  version: string;
  settings: { get(): Pick<Settings, 'updateChecks' | 'updateChannel'> };
  now: () => number;
  log: (line: string) => void;
  /** After start, before the first automatic check: the tray and the window come first. */
  startDelayMs?: number;
  /** Between automatic checks, in time on the clock (`now`): a computer asleep for the night counts the night. */
  intervalMs?: number;
  /** How often the timer wakes to see whether `intervalMs` has passed (timers stand still while the computer sleeps). */
  wakeMs?: number;
  /** How long a check may take. */
  checkTimeoutMs?: number;
  /** How long a download may go without a byte before it is given up. */
  stallMs?: number;
  timers?: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
}

export const UPDATE_START_DELAY_MS = 5_000;
export const UPDATE_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const UPDATE_WAKE_MS = 60 * 60 * 1000;
export const UPDATE_CHECK_TIMEOUT_MS = 30_000;
export const UPDATE_STALL_MS = 60_000;

const REASON_MAX = 200;

/** An error's first line, without secrets, short enough for a sentence (or a log line: shell/updater.ts's logger). */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = maskSecrets(text.split('\n')[0] ?? '').trim();
  return line.length > REASON_MAX ? `${line.slice(0, REASON_MAX - 1)}…` : line;
}

/** electron-updater's sha512 check (builder-util-runtime's DigestTransform) and Windows' publisher check. */
function failedVerification(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'ERR_CHECKSUM_MISMATCH' ||
    code === 'ERR_UPDATER_INVALID_SIGNATURE' ||
    /checksum mismatch|not signed by the application owner/i.test(reasonOf(error))
  );
}

const defaultTimers = {
  set: (run: () => void, ms: number): unknown => {
    const handle: unknown = setTimeout(run, ms);
    // A timer of the update checks never keeps the process alive (a test's, or the app quitting).
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clear: (handle: unknown): void => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class UpdateService {
  readonly #options: UpdateServiceOptions;
  readonly #timers: NonNullable<UpdateServiceOptions['timers']>;
  readonly #listeners = new Listeners<[view: UpdateView]>();
  #status: UpdateStatus = 'idle';
  #release: ReleaseInfo | null = null;
  #progress: DownloadProgress | null = null;
  #problem: AppMessage | null = null;
  #checkedAt: number | null = null;
  #revision = 0;
  #checking: Promise<UpdateView> | null = null;
  #downloading: AbortController | null = null;
  #nextCheck: unknown = null;
  /** When the timer last checked (on the clock). */
  #lastAutomatic: number | null = null;
  #channelChecked: UpdateChannel | null = null;

  constructor(options: UpdateServiceOptions) {
    this.#options = options;
    this.#timers = options.timers ?? defaultTimers;
  }

  get supported(): boolean {
    return this.#options.engine !== null && looksForUpdates(this.#options.kind);
  }

  get selfUpdating(): boolean {
    return this.supported && updatesItself(this.#options.kind);
  }

  view(): UpdateView {
    return {
      current: this.#options.version,
      kind: this.#options.kind,
      supported: this.supported,
      selfUpdating: this.selfUpdating,
      status: this.#status,
      release: this.#release,
      progress: this.#progress,
      problem: this.#problem,
      checkedAt: this.#checkedAt,
      revision: this.#revision,
    };
  }

  /** Called with the new view at every change; returns the function that stops listening. */
  onChange(listener: (view: UpdateView) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Plans the automatic checks: the first a little after start, then one a day, each only while they are on. */
  start(): void {
    this.#plan(this.#options.startDelayMs ?? UPDATE_START_DELAY_MS);
  }

  /** The settings changed: checks turned on plan one; a channel changed forgets the other channel's release. */
  settingsChanged(changed: Partial<Pick<Settings, 'updateChecks' | 'updateChannel'>>): void {
    const { updateChecks, updateChannel } = this.#options.settings.get();
    if (changed.updateChannel !== undefined && this.#channelChecked !== null && this.#channelChecked !== updateChannel && this.#status !== 'downloaded') {
      this.#downloading?.abort();
      this.#set({ status: 'idle', release: null, progress: null, problem: null });
      if (updateChecks) this.#plan(0);
    }
    if (changed.updateChecks !== undefined) this.#plan(updateChecks ? (this.#options.startDelayMs ?? UPDATE_START_DELAY_MS) : null);
  }

  /** Stops the timers (the app is quitting). */
  stop(): void {
    this.#plan(null);
    this.#downloading?.abort();
  }

  /**
   * Reads the feed. `automatic`: a timer's check, skipped while the person has turned checks off. A check already
   * running is joined; once a release is downloading or downloaded there is nothing to look for until it is installed.
   */
  check({ automatic }: { automatic: boolean }): Promise<UpdateView> {
    const { engine } = this.#options;
    if (!engine || !this.supported) return Promise.resolve(this.view());
    if (automatic && !this.#options.settings.get().updateChecks) return Promise.resolve(this.view());
    if (this.#status === 'downloading' || this.#status === 'downloaded') return Promise.resolve(this.view());
    this.#checking ??= this.#check(engine).finally(() => (this.#checking = null));
    return this.#checking;
  }

  async #check(engine: UpdateEngine): Promise<UpdateView> {
    const channel = this.#options.settings.get().updateChannel;
    const timeoutMs = this.#options.checkTimeoutMs ?? UPDATE_CHECK_TIMEOUT_MS;
    this.#set({ status: 'checking', problem: null });
    let timer: unknown;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = this.#timers.set(() => reject(new UserError({ code: 'update_check_timeout', params: { seconds: Math.round(timeoutMs / 1000) } })), timeoutMs);
    });
    try {
      const release = await Promise.race([engine.check(channel), timeout]);
      this.#channelChecked = channel;
      this.#checkedAt = this.#options.now();
      this.#options.log(release ? `Update: version ${release.version} is out (${channel}).` : `Update: ${this.#options.version} is the newest (${channel}).`);
      this.#set(release ? { status: 'available', release } : { status: 'upToDate', release: null });
    } catch (error) {
      if (error instanceof UserError) engine.abandonCheck();
      const problem: AppMessage = error instanceof UserError ? error.refusal : { code: 'update_check_failed', params: { reason: reasonOf(error) } };
      this.#options.log(`Update: the check failed (${problem.code}).`);
      this.#set({ status: 'failed', problem });
    } finally {
      this.#timers.clear(timer);
    }
    return this.view();
  }

  /**
   * Downloads the release found, with its progress in the view; answers once it is verified and ready (or failed,
   * which the view says). Refused where this copy does not update itself, or when there is nothing to download.
   */
  download(): Promise<UpdateView> {
    // Refusals are thrown here, before any waiting: the IPC handler answers them and lets a download go on.
    const { engine } = this.#options;
    if (!engine || !this.selfUpdating) throw new UserError({ code: 'update_not_self_updating' });
    if (this.#status === 'downloading' || this.#status === 'downloaded') return Promise.resolve(this.view());
    const release = this.#release;
    if (!release) throw new UserError({ code: 'update_none_found' });
    return this.#download(engine, release);
  }

  async #download(engine: UpdateEngine, release: ReleaseInfo): Promise<UpdateView> {
    const controller = new AbortController();
    this.#downloading = controller;
    const stallMs = this.#options.stallMs ?? UPDATE_STALL_MS;
    let stalled = false;
    let watchdog: unknown = null;
    const watch = (): void => {
      this.#timers.clear(watchdog);
      watchdog = this.#timers.set(() => {
        stalled = true;
        controller.abort();
      }, stallMs);
    };
    this.#set({ status: 'downloading', progress: { percent: 0, transferred: 0, total: 0 }, problem: null });
    watch();
    try {
      await engine.download((progress) => {
        if (controller.signal.aborted) return;
        watch();
        this.#set({ progress });
      }, controller.signal);
      // Finished after all, though given up (stalled, or the channel changed): handled as the abort it was, below.
      controller.signal.throwIfAborted();
      this.#options.log(`Update: version ${release.version} is downloaded and verified.`);
      this.#set({ status: 'downloaded', progress: null });
    } catch (error) {
      // Aborted for a channel change: settingsChanged already said what the view is now.
      if (controller.signal.aborted && !stalled) return this.view();
      const problem: AppMessage = stalled
        ? { code: 'update_download_stalled', params: { seconds: Math.round(stallMs / 1000) } }
        : failedVerification(error)
          ? { code: 'update_download_unverified' }
          : { code: 'update_download_failed', params: { reason: reasonOf(error) } };
      this.#options.log(`Update: the download failed (${problem.code}).`);
      this.#set({ status: 'failed', progress: null, problem });
    } finally {
      this.#timers.clear(watchdog);
      if (this.#downloading === controller) this.#downloading = null;
    }
    return this.view();
  }

  /** Quits and installs the downloaded release now (otherwise it is installed at the next quit). */
  installNow(): void {
    if (!this.#options.engine || this.#status !== 'downloaded') throw new UserError({ code: 'update_not_downloaded' });
    this.#options.log(`Update: installing version ${this.#release?.version ?? ''} now.`);
    this.#options.engine.installNow();
  }

  /**
   * The next automatic check `delayMs` from now; after it, the timer wakes every `wakeMs` and checks once a day has
   * passed on the clock since the last one. A timer's 24 hours would not do: timers stand still while the computer
   * sleeps (CLOCK_MONOTONIC, on Linux), so a laptop closed every night would look far less than daily.
   */
  #plan(delayMs: number | null): void {
    this.#timers.clear(this.#nextCheck);
    this.#nextCheck = null;
    if (delayMs === null || !this.supported) return;
    this.#nextCheck = this.#timers.set(() => {
      this.#plan(this.#options.wakeMs ?? UPDATE_WAKE_MS);
      const last = this.#lastAutomatic;
      if (last !== null && this.#options.now() - last < (this.#options.intervalMs ?? UPDATE_INTERVAL_MS)) return;
      this.#lastAutomatic = this.#options.now();
      void this.check({ automatic: true });
    }, delayMs);
  }

  #set(change: Partial<{ status: UpdateStatus; release: ReleaseInfo | null; progress: DownloadProgress | null; problem: AppMessage | null }>): void {
    if (change.status !== undefined) this.#status = change.status;
    if (change.release !== undefined) this.#release = change.release;
    if (change.progress !== undefined) this.#progress = change.progress;
    if (change.problem !== undefined) this.#problem = change.problem;
    this.#revision += 1;
    this.#listeners.emit(this.view());
  }
}
