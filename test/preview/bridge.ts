/**
 * The browser preview's stand-in for the preload: defines `window.b24` (the contract's `DesktopApi`) over HTTP to the
 * preview server (test/preview/server.ts), which runs the real main-process handlers.
 *
 * Served as a classic script, type-stripped, inside a function that first declares PREVIEW_CONTRACT (the names of the
 * contract's calls and events), so it needs no imports at run time and leaves no globals but `window.b24`. A classic
 * script runs before the page's deferred module scripts, so `window.b24` exists before the app mounts, as the
 * preload's does.
 *
 * Differences from the preload, none of which the window relies on:
 * - A payload crosses as JSON, not by structured clone: plain data (all the window sends) arrives the same, while a
 *   Map or a Date would arrive as an object or a string where Electron would refuse or keep it.
 * - A call whose answer does not come back (the preview stopped, the body is not JSON) resolves to an `internal`
 *   IpcResult instead of rejecting, like every other failure: the window treats a rejection the same way.
 * - Events come over one EventSource, which reconnects by itself after the preview restarts; events sent while it
 *   is disconnected are lost (a real window cannot miss them).
 */
import type { DesktopApi, IpcResult } from '../../electron/core/ipc/contract.ts';

/** Prepended by the server: the keys of INVOKES and EVENTS, so new calls appear here without editing this file. */
declare const PREVIEW_CONTRACT: { invokes: readonly string[]; events: readonly string[] };

type Listener = (payload: unknown) => void;

const NO_ANSWER: IpcResult<never> = { ok: false, error: { code: 'no_answer' } };

async function call(name: string, request: unknown): Promise<IpcResult<unknown>> {
  try {
    const response = await fetch(`/ipc/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // `undefined` (a call without arguments) drops out of the JSON; the server reads the missing key as undefined.
      body: JSON.stringify({ payload: request }),
    });
    // Refusals (a foreign page, a body too large) come as IpcResult JSON too, with an HTTP error status.
    return (await response.json()) as IpcResult<unknown>;
  } catch {
    return NO_ANSWER;
  }
}

const listeners = new Map<string, Set<Listener>>(PREVIEW_CONTRACT.events.map((event) => [event, new Set<Listener>()]));

// Opened now, not at the first `on`: the app subscribes while it mounts, and an open stream by then misses less.
const events = new EventSource('/events');
events.addEventListener('message', (message: MessageEvent<string>) => {
  const { event, payload } = JSON.parse(message.data) as { event: string; payload?: unknown };
  for (const listener of listeners.get(event) ?? []) {
    // One listener that throws must not keep the event from the others; the error still reaches the console.
    try {
      listener(payload);
    } catch (error) {
      reportError(error);
    }
  }
});

function on(event: string, listener: Listener): () => void {
  const subscribed = listeners.get(event);
  if (!subscribed) throw new TypeError(`There is no event named ${String(event).slice(0, 40)}.`);
  if (typeof listener !== 'function') throw new TypeError('An event listener is a function.');
  // A wrapper per call, so the same function subscribed twice is called twice and unsubscribed once, as with ipcRenderer.
  const forward: Listener = (payload) => listener(payload);
  subscribed.add(forward);
  return () => void subscribed.delete(forward);
}

const methods = Object.fromEntries(
  // Exactly one argument crosses, whatever the page passes.
  PREVIEW_CONTRACT.invokes.map((name) => [name, (request?: unknown) => call(name, request)]),
);
Object.defineProperty(window, 'b24', { value: Object.freeze({ ...methods, on }) as DesktopApi, enumerable: true });
