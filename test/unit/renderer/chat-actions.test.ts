import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi, IpcError, IpcResult } from '../../../electron/core/ipc/contract.ts';
import { app } from '../../../renderer/src/lib/app.svelte.ts';
import { clearFeedback, copyChatId, feedback, openChat, openEntityPage } from '../../../renderer/src/lib/chat-actions.svelte.ts';
import { completeCatalog, useLanguage } from '../../../renderer/src/lib/i18n.svelte.ts';

const ok = <T>(value: T): Promise<IpcResult<T>> => Promise.resolve({ ok: true, value });
const refused = (error: IpcError): Promise<IpcResult<never>> => Promise.resolve({ ok: false, error });

function fakeApi(overrides: Partial<Record<keyof DesktopApi, unknown>>): DesktopApi {
  return overrides as unknown as DesktopApi;
}

beforeEach(() => useLanguage('en'));

afterEach(() => {
  clearFeedback();
  app.connect(undefined);
});

describe('what the screen does with a chat', () => {
  it("copies a chat id and says so in the person's language", async () => {
    const chatCopyId = vi.fn(() => ok({ copied: '1501' }));
    app.connect(fakeApi({ chatCopyId }));
    await copyChatId(1501);
    expect(chatCopyId).toHaveBeenCalledWith({ chatId: 1501 });
    expect(feedback).toEqual({ text: 'Copied chat ID 1501', failed: false });
    await useLanguage('ru');
    await completeCatalog('ru');
    await copyChatId(12345);
    expect(feedback.text).toBe('Номер чата 12345 скопирован');
  });

  it('opens a chat where it is asked to, and says why when it cannot', async () => {
    const chatOpen = vi.fn(() => ok({ link: 'https://portal.example/online/?IM_DIALOG=chat1501' }));
    app.connect(fakeApi({ chatOpen }));
    await openChat('https://portal.example', 1501, 'desktop');
    expect(chatOpen).toHaveBeenCalledWith({ portal: 'https://portal.example', chatId: 1501, opener: 'desktop' });
    expect(feedback.text).toBe('Opened chat 1501 in the Bitrix24 app');
    await openChat('https://portal.example', 1501);
    expect(chatOpen).toHaveBeenLastCalledWith({ portal: 'https://portal.example', chatId: 1501 });

    // The refusal arrives as a message, said in the person's language.
    app.connect(fakeApi({ chatOpen: () => refused({ code: 'window_hidden' }) }));
    await useLanguage('ru');
    await completeCatalog('ru');
    await openChat('https://portal.example', 1501, 'browser');
    expect(feedback).toEqual({ text: 'Окно скрыто; откройте его и повторите.', failed: true });
  });

  it("opens an entity's page", async () => {
    const entityOpen = vi.fn(() => ok({ link: 'https://portal.example/crm/deal/details/9/' }));
    app.connect(fakeApi({ entityOpen }));
    await openEntityPage('https://portal.example', 'CRM', 'DEAL|9', 'Deal 9');
    expect(entityOpen).toHaveBeenCalledWith({ portal: 'https://portal.example', entityType: 'CRM', entityId: 'DEAL|9' });
    expect(feedback.text).toBe('Opened the page of Deal 9');
  });

  it('does nothing without the desktop app', async () => {
    await copyChatId(1501);
    expect(feedback.text).toBe('');
  });
});
