/**
 * Builds the preload's API object from the contract: one method per call and `on` for events, nothing else
 * (never `ipcRenderer` itself, never a way to name an arbitrary channel). Kept free of Electron so it is tested
 * under Node; the preload hands in the real `ipcRenderer`.
 */
import { type DesktopApi, EVENTS, type EventName, INVOKES, type InvokeName } from './contract.ts';

/** The part of Electron's `ipcRenderer` the API uses. */
export interface RendererIpc {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** The `window.b24` object for the preload to expose: the contract's calls and `on`, over `ipcRenderer`. */
export function createDesktopApi(ipc: RendererIpc): DesktopApi {
  const methods = Object.fromEntries(
    (Object.keys(INVOKES) as InvokeName[]).map((name) => {
      const { channel } = INVOKES[name];
      // Exactly one argument crosses, whatever the page passes.
      return [name, (request?: unknown) => ipc.invoke(channel, request)];
    }),
  );
  const on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    const spec = Object.hasOwn(EVENTS, event) ? EVENTS[event] : undefined;
    if (!spec) throw new TypeError(`There is no event named ${String(event).slice(0, 40)}.`);
    if (typeof listener !== 'function') throw new TypeError('An event listener is a function.');
    // The page's listener gets the payload only, never Electron's event object (it reaches `sender`).
    const forward = (_event: unknown, payload: unknown): void => listener(payload);
    ipc.on(spec.channel, forward);
    return () => void ipc.removeListener(spec.channel, forward);
  };
  return Object.freeze({ ...methods, on }) as DesktopApi;
}
