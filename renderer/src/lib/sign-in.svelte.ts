/**
 * Signing in in the browser (a portal's local application, OAuth): the one sign-in the main process waits for at a
 * time, started by Settings' "Connect with a local application" form ('new') or a portal's Reconnect (its id). The
 * call answers only once the person has allowed access (or after five minutes), so what it waits for and how it ended
 * live here, not in a component: Settings can be left and opened again meanwhile and still shows it. The portal list
 * follows by itself (profilesChanged).
 */
import type { DesktopApi, IpcError, IpcResult, ProfileView } from '../../../electron/core/ipc/contract.ts';
import { app, call } from './app.svelte.ts';

/** How the last sign-in ended, for whoever started it: the profile signed in, or why not (neither: cancelled). */
export interface SignInOutcome {
  who: string;
  view: ProfileView | null;
  problem: IpcError | null;
}

class SignIn {
  /** Who waits for the browser: 'new' (the form) or the id of the profile reconnecting; null when nothing does. */
  waiting = $state<string | null>(null);
  outcome = $state.raw<SignInOutcome | null>(null);
  #asked = 0;

  /** Starts a sign-in; answers how it ended, or null when another sign-in took its place. */
  async start(who: string, ask: (api: DesktopApi) => Promise<IpcResult<ProfileView>>): Promise<SignInOutcome | null> {
    const api = app.api;
    if (!api) return null;
    const asked = ++this.#asked;
    this.waiting = who;
    this.outcome = null;
    const result = await ask(api);
    // Starting another sign-in gives this one up (sign_in_cancelled): its answer is no news.
    if (asked !== this.#asked) return null;
    this.waiting = null;
    // Cancelled (by the person: only Cancel does that) is nothing gone wrong.
    const problem = result.ok || result.error.code === 'sign_in_cancelled' ? null : result.error;
    return (this.outcome = { who, view: result.ok ? result.value : null, problem });
  }

  /** Gives up the sign-in waiting: its start() then answers with neither a profile nor a problem. */
  cancel(): void {
    if (app.api) void call(app.api, 'profilesSignInCancel');
  }

  /** Hands the waiting sign-in what the browser ended on (its address, or the code); answers why not, or null. */
  async paste(text: string): Promise<IpcError | null> {
    const result = app.api && (await call(app.api, 'profilesSignInPaste', { text: text.trim() }));
    return result?.ok === false ? result.error : null;
  }
}

export const signIn = new SignIn();
