import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { EVENTS, INVOKES, type InvokeName } from '../../../electron/core/ipc/contract.ts';
import { createDesktopApi, type RendererIpc } from '../../../electron/core/ipc/desktop-api.ts';

function recordingIpc() {
  const calls: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc: RendererIpc = {
    invoke: async (channel, ...args) => (calls.push({ channel, args }), { ok: true, value: null }),
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'electron event object' }, payload);
  };
  return { ipc, calls, emit, listeners };
}

describe('the IPC contract', () => {
  it('gives every call and event a channel of its own', () => {
    const channels = [...Object.values(INVOKES), ...Object.values(EVENTS)].map((spec) => spec.channel);
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('a call that takes no arguments refuses any argument at all', () => {
    const noArguments = Object.entries(INVOKES).filter(([, spec]) => v.is(spec.request, undefined));
    expect(noArguments.map(([name]) => name).sort()).toEqual([
      'appInfo',
      'historyClear',
      'noticesTake',
      'profilesList',
      'profilesSignInCancel',
      'releasesOpen',
      'settingsGet',
      'updateCheck',
      'updateDownload',
      'updateInstall',
      'updateState',
      'windowHide',
      'windowRequestTake',
    ]);
    for (const [, spec] of noArguments) {
      for (const argument of [null, {}, [], 0, '', false]) expect(v.is(spec.request, argument)).toBe(false);
    }
  });
});

describe('the preload API (createDesktopApi)', () => {
  it('has exactly one method per call of the contract, plus `on`, and cannot be changed by the page', () => {
    const api = createDesktopApi(recordingIpc().ipc);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(INVOKES), 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each call on its channel with exactly one argument, whatever the page passes', async () => {
    const { ipc, calls } = recordingIpc();
    const api = createDesktopApi(ipc) as unknown as Record<InvokeName, (...args: unknown[]) => Promise<unknown>>;
    await api.lookup({ text: 'LEAD|13' }, 'extra', 'arguments');
    await api.settingsGet();
    expect(calls).toEqual([
      { channel: 'lookup:text', args: [{ text: 'LEAD|13' }] },
      { channel: 'settings:get', args: [undefined] },
    ]);
  });

  it("hands an event listener the payload only, never Electron's event object, and stops on unsubscribe", () => {
    const { ipc, emit, listeners } = recordingIpc();
    const api = createDesktopApi(ipc);
    const seen: unknown[][] = [];
    const stop = api.on('historyChanged', (...args: unknown[]) => seen.push(args));
    emit('event:history-changed', { total: 3 });
    stop();
    emit('event:history-changed', { total: 4 });
    expect(seen).toEqual([[{ total: 3 }]]);
    expect(listeners.get('event:history-changed')?.size).toBe(0);
  });

  it('refuses to listen to a channel the contract does not name', () => {
    const api = createDesktopApi(recordingIpc().ipc);
    const on = api.on as (event: string, listener: unknown) => unknown;
    expect(() => on('app:info', () => undefined)).toThrow('There is no event named app:info.');
    expect(() => on('__proto__', () => undefined)).toThrow(TypeError);
    expect(() => on('toString', () => undefined)).toThrow(TypeError);
    expect(() => on('noticesAdded', 'not a function')).toThrow('An event listener is a function.');
  });
});
