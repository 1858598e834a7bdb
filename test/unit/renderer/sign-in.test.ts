import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopApi, IpcResult, ProfileView } from '../../../electron/core/ipc/contract.ts';
import { app } from '../../../renderer/src/lib/app.svelte.ts';
import { completeCatalog, useLanguage } from '../../../renderer/src/lib/i18n.svelte.ts';
import { profileStatusText } from '../../../renderer/src/lib/main-messages.ts';
import { signIn } from '../../../renderer/src/lib/sign-in.svelte.ts';

beforeEach(async () => {
  await useLanguage('en');
  await completeCatalog('en');
});

const profile: ProfileView = {
  id: 'p1',
  name: 'acme.bitrix24.com',
  portal: 'https://acme.bitrix24.com',
  host: 'acme.bitrix24.com',
  kind: 'oauth',
  userId: 7,
  userName: 'Irina Volkova',
  status: 'connected',
  statusMessage: { code: 'connected_application', params: { portal: 'acme.bitrix24.com', who: 'Irina Volkova', scopes: ['im'] } },
  checkedAt: 1,
  active: true,
  openLines: 'available',
  ratePlan: 'others',
  signInEndsAt: null,
};

/** A bridge whose sign-ins answer when the test says; what else was asked of it, in order. */
function browserBridge(answers: Record<string, IpcResult<null>> = {}) {
  const waiting: ((answer: IpcResult<ProfileView>) => void)[] = [];
  const asked: [string, unknown][] = [];
  const sign = (name: string) => (request: unknown) => {
    asked.push([name, request]);
    return new Promise<IpcResult<ProfileView>>((resolve) => waiting.push(resolve));
  };
  const answer = (name: string) => (request: unknown) => {
    asked.push([name, request]);
    return Promise.resolve(answers[name] ?? { ok: true, value: null });
  };
  const api = {
    profilesSignIn: sign('profilesSignIn'),
    profilesReconnect: sign('profilesReconnect'),
    profilesSignInCancel: answer('profilesSignInCancel'),
    profilesSignInPaste: answer('profilesSignInPaste'),
  } as unknown as DesktopApi;
  return { api, waiting, asked };
}

const cancelled = { ok: false, error: { code: 'sign_in_cancelled', message: 'The sign-in was cancelled.' } } as const;

beforeEach(() => useLanguage('en'));

afterEach(() => {
  signIn.waiting = null;
  signIn.outcome = null;
  app.connect(undefined);
});

describe('a sign-in in the browser', () => {
  it('says who waits, then how it ended: the profile signed in', async () => {
    const { api, waiting, asked } = browserBridge();
    app.connect(api);
    const started = signIn.start('new', (bridge) => bridge.profilesSignIn({ portal: 'acme.bitrix24.com', clientId: 'local.1.2', clientSecret: 's3cr3t!!' }));
    expect(signIn.waiting).toBe('new');
    expect(asked).toEqual([['profilesSignIn', { portal: 'acme.bitrix24.com', clientId: 'local.1.2', clientSecret: 's3cr3t!!' }]]);
    waiting[0]?.({ ok: true, value: profile });
    expect(await started).toEqual({ who: 'new', view: profile, problem: null });
    expect(signIn.waiting).toBeNull();
    expect(signIn.outcome).toEqual({ who: 'new', view: profile, problem: null });
  });

  it('keeps why it failed for whoever started it', async () => {
    const { api, waiting } = browserBridge();
    app.connect(api);
    const started = signIn.start('p1', (bridge) => bridge.profilesReconnect({ id: 'p1' }));
    const denied = { code: 'sign_in_denied' } as const;
    waiting[0]?.({ ok: false, error: denied });
    expect(await started).toEqual({ who: 'p1', view: null, problem: denied });
    expect(signIn.outcome?.problem).toEqual(denied);
  });

  it('takes a cancel as nothing gone wrong', async () => {
    const { api, waiting, asked } = browserBridge();
    app.connect(api);
    const started = signIn.start('new', (bridge) => bridge.profilesSignIn({ portal: 'a', clientId: 'b', clientSecret: 'c' }));
    signIn.cancel();
    expect(asked.at(-1)).toEqual(['profilesSignInCancel', undefined]);
    waiting[0]?.(cancelled);
    expect(await started).toEqual({ who: 'new', view: null, problem: null });
  });

  it('drops the answer of a sign-in another one replaced, whichever answers first', async () => {
    const { api, waiting } = browserBridge();
    app.connect(api);
    const first = signIn.start('p1', (bridge) => bridge.profilesReconnect({ id: 'p1' }));
    const second = signIn.start('new', (bridge) => bridge.profilesSignIn({ portal: 'a', clientId: 'b', clientSecret: 'c' }));
    // The main process gives up the first (sign_in_cancelled) as the second starts.
    waiting[0]?.(cancelled);
    expect(await first).toBeNull();
    expect(signIn.waiting).toBe('new');
    expect(signIn.outcome).toBeNull();
    waiting[1]?.({ ok: true, value: profile });
    expect((await second)?.view).toBe(profile);
  });

  it('hands a pasted address over trimmed, and answers why it was refused', async () => {
    const refused = { code: 'sign_in_paste' } as const;
    const { api, asked } = browserBridge({ profilesSignInPaste: { ok: false, error: refused } });
    app.connect(api);
    expect(await signIn.paste('  http://127.0.0.1:5000/b24-chat-lookup/oauth?code=x&state=y \n')).toEqual(refused);
    expect(asked).toEqual([['profilesSignInPaste', { text: 'http://127.0.0.1:5000/b24-chat-lookup/oauth?code=x&state=y' }]]);
    app.connect(browserBridge().api);
    expect(await signIn.paste('code')).toBeNull();
  });

  it('does nothing without the desktop app', async () => {
    expect(await signIn.start('new', () => Promise.reject(new Error('not asked')))).toBeNull();
    expect(signIn.waiting).toBeNull();
    expect(await signIn.paste('x')).toBeNull();
  });
});

describe('a portal signed in through a local application', () => {
  it('says so ("via app") in both languages, and a failing one as the main process put it', async () => {
    expect(profileStatusText(profile)).toBe('Signed in as Irina Volkova via app');
    expect(profileStatusText({ ...profile, userName: null })).toBe('Signed in via app');
    const ended = { code: 'sign_in_ended', params: { host: 'acme.bitrix24.com', day: '2026-05-01' } } as const;
    expect(profileStatusText({ ...profile, status: 'failing', statusMessage: ended })).toMatch(/^The sign-in to acme\.bitrix24\.com ended on 2026-05-01:/);
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(profileStatusText(profile)).toBe('Выполнен вход как Irina Volkova через приложение');
    expect(profileStatusText({ ...profile, userName: null })).toBe('Выполнен вход через приложение');
    // A webhook's stays as it was.
    expect(profileStatusText({ ...profile, kind: 'webhook' })).toBe('Подключено как Irina Volkova');
  });
});
