import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi, IpcResult, LookupView } from '../../../electron/core/ipc/contract.ts';
import { app } from '../../../renderer/src/lib/app.svelte.ts';
import { shortcutLabel } from '../../../renderer/src/lib/keys.ts';
import { say, completeCatalog, useLanguage } from '../../../renderer/src/lib/i18n.svelte.ts';

const found = (chatId: number, input: string): LookupView => ({
  profile: null,
  results: [
    {
      status: 'found',
      input,
      label: `deal ${chatId}`,
      chatId,
      dialogId: `chat${chatId}`,
      webUrl: `https://a.example/online/?IM_DIALOG=chat${chatId}`,
      desktopUrl: '',
    },
  ],
});

/** A bridge whose lookups answer when the test says, in any order. */
function slowBridge() {
  const waiting: ((answer: IpcResult<LookupView>) => void)[] = [];
  const api = { lookup: () => new Promise<IpcResult<LookupView>>((resolve) => waiting.push(resolve)) } as unknown as DesktopApi;
  return { api, waiting };
}

beforeEach(() => useLanguage('en'));

afterEach(() => {
  app.clear();
  app.lookup.text = '';
  app.connect(undefined);
});

describe('the lookup on screen', () => {
  it('shows only the latest answer asked for, and an answer shown meanwhile wins over one still on its way', async () => {
    const { api, waiting } = slowBridge();
    app.connect(api);
    const first = app.lookUp('DEAL|1');
    const second = app.lookUp('DEAL|2');
    waiting[1]?.({ ok: true, value: found(2, 'DEAL|2') });
    await second;
    waiting[0]?.({ ok: true, value: found(1, 'DEAL|1') });
    await first;
    expect(app.lookup.view?.results[0]).toMatchObject({ chatId: 2 });
    expect(app.lookup.answered).toBe('DEAL|2');

    const third = app.lookUp('DEAL|3');
    expect(app.lookup.busy).toBe(true);
    // The clipboard hotkey's answer arrives while the box is still asking.
    app.show(found(9, 'LEAD|9'), 'LEAD|9');
    expect(app.lookup.busy).toBe(false);
    waiting[2]?.({ ok: true, value: found(3, 'DEAL|3') });
    await third;
    expect(app.lookup.view?.results[0]).toMatchObject({ chatId: 9 });
    expect(app.lookup.answered).toBe('LEAD|9');
  });

  it('does not keep a pasted webhook in the box once the answer says it is one', async () => {
    const masked: LookupView = {
      profile: null,
      results: [{ status: 'invalid', input: 'https://a.bitrix24.ru/rest/1/•••/', error: { code: 'webhook_address' } }],
    };
    app.connect({ lookup: () => Promise.resolve({ ok: true, value: masked }) } as unknown as DesktopApi);
    await app.lookUp('https://a.bitrix24.ru/rest/1/s3cr3tc0de/');
    expect(app.lookup.text).toBe('https://a.bitrix24.ru/rest/1/•••/');
    expect(app.lookup.answered).toBe(app.lookup.text);
  });

  it("says the bridge did not answer, in the person's language", async () => {
    app.connect({ lookup: () => Promise.reject(new Error('gone')) } as unknown as DesktopApi);
    await useLanguage('ru');
    await completeCatalog('ru');
    await app.lookUp('D_5');
    expect(app.lookup.error).toEqual({ code: 'no_answer' });
    expect(app.lookup.error && say(app.lookup.error)).toBe('Приложение не ответило. Закройте окно и откройте его снова из трея.');
  });

  it('puts a message in place of the answer, and clears both', () => {
    app.show(found(1, 'DEAL|1'));
    app.say({ code: 'notify_invalid_body' });
    expect(app.lookup.view).toBeNull();
    expect(app.message).toEqual({ code: 'notify_invalid_body' });
    app.clear();
    expect(app.message).toBeNull();
  });
});

describe('what the live region reads out', () => {
  afterEach(() => {
    vi.useRealTimers();
    app.go('lookup');
  });

  it('reads each answer and message once, where it arrives, the same sentence twice read twice, and not again on a later visit', async () => {
    vi.useFakeTimers();
    app.show(found(7, 'DEAL|7'));
    expect(app.spoken).toBe('');
    await vi.advanceTimersByTimeAsync(30);
    expect(app.spoken).toMatch(/7/);
    const first = app.spoken;
    app.show(found(7, 'DEAL|7'));
    // Emptied first, so a screen reader hears the same answer again.
    expect(app.spoken).toBe('');
    await vi.advanceTimersByTimeAsync(30);
    expect(app.spoken).toBe(first);
    app.say({ code: 'notify_invalid_body' });
    await vi.advanceTimersByTimeAsync(30);
    expect(app.spoken).toBe('The clipboard does not hold a CRM reference such as LEAD|13, D_5 or a deal link.');
    app.go('history');
    app.go('lookup');
    expect(app.spoken).toBe('');
  });
});

describe('the app it runs in', () => {
  afterEach(() => (app.info = undefined));

  it('takes the platform from the app info, Linux until it answers', () => {
    expect(app.platform).toBe('linux');
    expect(app.isMac).toBe(false);
    app.info = { name: 'B24 Chat Lookup', version: '1.0.0', platform: 'darwin', oauthHandler: '', oauthLoopback: '' };
    expect(app.isMac).toBe(true);
  });
});

describe('shortcuts as shown', () => {
  it('writes modifiers in macOS order on a Mac, and with Ctrl elsewhere', () => {
    expect(shortcutLabel('Mod+Shift+C', true)).toBe('⇧⌘C');
    expect(shortcutLabel('Mod+Enter', true)).toBe('⌘↩');
    expect(shortcutLabel('Mod+Shift+C', false)).toBe('Ctrl+Shift+C');
  });
});
