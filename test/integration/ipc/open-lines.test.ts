/**
 * An entity's open-line chats (its conversations with the customer on WhatsApp, Telegram or the website's chat) beside
 * its own chat, as imopenlines.crm.chat.get lists them ([en] api-reference/imopenlines/openlines/chats/
 * imopenlines-crm-chat-get.md), through the whole app as the window, the clipboard hotkey, the history and the CLI see
 * them, against the fake portal's demo entities: lead 13 has a chat of its own, a Telegram chat going on and a closed
 * live chat; lead 14 has no chat of its own, only a live chat. The open lines never fail a lookup.
 */
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../electron/cli/run.ts';
import type { LookupView, ProfileView } from '../../../electron/core/ipc/contract.ts';
import type { HistoryPage } from '../../../electron/core/state/history.ts';
import { historyToCsv } from '../../../electron/core/state/history-export.ts';
import { DEMO_SCOPES, type FakePortal } from '../../fake-portal/portal.ts';
import { startTestApp, type TestApp, tempDir, valueOf } from '../../support/state.ts';
import { portalFor } from '../bitrix/support.ts';

/** The commands of a batch request, as the portal received them. */
const commandsOf = (portal: FakePortal, index: number): string[] => Object.values((portal.requests[index]?.params.cmd ?? {}) as Record<string, string>);

async function connected(scopes: string[] = DEMO_SCOPES): Promise<{ portal: FakePortal; app: TestApp; profile: ProfileView }> {
  const portal = await portalFor({ scopes });
  const app = startTestApp(tempDir());
  const profile = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
  return { portal, app, profile };
}

describe("open-line chats beside the entity's own", () => {
  it('a lead with a chat of its own and two open-line chats: all in one request, the active one first, each with its links', async () => {
    const { portal, app, profile } = await connected();
    expect(profile.openLines).toBe('available');
    const before = portal.requestCount;
    const view = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }));
    expect(view.results).toEqual([
      expect.objectContaining({
        status: 'found',
        chatId: 1437,
        openLines: [
          {
            chatId: 1764,
            connectorId: 'telegrambot',
            channel: 'Telegram',
            active: true,
            dialogId: 'chat1764',
            webUrl: `${portal.origin}/online/?IM_LINES=chat1764`,
            desktopUrl: `bx://v2/${new URL(portal.origin).host}/lines/dialogId/chat1764`,
          },
          expect.objectContaining({ chatId: 1763, channel: 'Live Chat', active: false }),
        ],
      }),
    ]);
    // One batch: the entity's own chat, its title (read from that chat's answer), its open-line chats (all of them,
    // then the active ones), as the method takes the lead: in lower case, by its id.
    expect(portal.requestCount - before).toBe(1);
    expect(commandsOf(portal, before)).toEqual([
      'im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C13',
      'im.dialog.get?DIALOG_ID=chat%24result%5Bc0%5D%5BID%5D',
      'imopenlines.crm.chat.get?CRM_ENTITY_TYPE=lead&CRM_ENTITY=13&ACTIVE_ONLY=N',
      'imopenlines.crm.chat.get?CRM_ENTITY_TYPE=lead&CRM_ENTITY=13&ACTIVE_ONLY=Y',
    ]);
  });

  it('a lead with no chat of its own is still not "no chat": its open-line chat is there to copy and open', async () => {
    const { app } = await connected();
    const view = await valueOf<LookupView>(app.call('lookup', { text: 'lead 14' }));
    expect(view.results).toEqual([
      expect.objectContaining({
        status: 'not_found',
        chatId: null,
        openLines: [expect.objectContaining({ chatId: 1765, channel: 'Live Chat', active: true })],
      }),
    ]);
  });

  it('entities the method does not take (a task, an estimate) are asked only for their own chat', async () => {
    const { portal, app } = await connected();
    const before = portal.requestCount;
    const view = await valueOf<LookupView>(app.call('lookup', { text: 'TASKS_TASK:8293\nQ_4\nD_5' }));
    expect(view.results.map((result) => ('openLines' in result ? result.openLines : undefined))).toEqual([undefined, undefined, []]);
    expect(commandsOf(portal, before).filter((command) => command.startsWith('imopenlines.'))).toHaveLength(2);
  });

  it('without the imopenlines scope nothing is asked, nothing fails, and Settings can say what it would add', async () => {
    const { portal, app, profile } = await connected(['crm', 'im']);
    expect(profile.openLines).toBe('missing');
    const before = portal.requestCount;
    const view = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }));
    expect(view.results).toEqual([expect.objectContaining({ status: 'found', chatId: 1437, title: 'Lead #13: Website enquiry' })]);
    expect(view.results[0]).not.toHaveProperty('openLines');
    // The chat and its title, in one request.
    expect(portal.requests.slice(before).map((request) => request.restMethod)).toEqual(['batch']);
    expect(commandsOf(portal, before)).toEqual(['im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C13', 'im.dialog.get?DIALOG_ID=chat%24result%5Bc0%5D%5BID%5D']);
  });

  it('a scope taken away since the check, or an entity the user may not see: the lookup answers, without open lines', async () => {
    const { portal, app } = await connected();
    portal.set({ scopes: ['crm', 'im'] });
    expect((await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }))).results).toEqual([expect.objectContaining({ status: 'found', chatId: 1437 })]);
    portal.set({ scopes: DEMO_SCOPES });
    // "Who can execute the method: any user with access to the CRM object" (imopenlines-crm-chat-get.md:11).
    portal.data.hiddenEntities.add('LEAD|13');
    const [result] = (await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }))).results;
    expect(result).toMatchObject({ status: 'found', chatId: 1437 });
    expect(result).not.toHaveProperty('openLines');
  });

  it('the history keeps them, a search finds an entry by its channel, and the CSV lists them', async () => {
    const { app } = await connected();
    await valueOf(app.call('lookup', { text: 'LEAD|13\nLEAD|14' }));
    const page = await valueOf<HistoryPage>(app.call('historyList', { query: 'telegram' }));
    expect(page.entries).toMatchObject([
      {
        entityId: 'LEAD|13',
        chatId: 1437,
        openLines: [
          { chatId: 1764, channel: 'Telegram', active: true },
          { chatId: 1763, channel: 'Live Chat', active: false },
        ],
      },
    ]);
    expect((await valueOf<HistoryPage>(app.call('historyList', { query: '1765' }))).entries).toMatchObject([{ entityId: 'LEAD|14', outcome: 'not_found' }]);
    expect(historyToCsv(app.services.history.all())).toContain('1764 Telegram (active); 1763 Live Chat');
    // Re-run from the history: the open lines again.
    const entry = page.entries[0];
    const rerun = await valueOf<LookupView>(app.call('historyRerun', { id: entry?.id ?? '' }));
    expect(rerun.results[0]).toMatchObject({ openLines: [{ chatId: 1764 }, { chatId: 1763 }] });
  });

  it("the clipboard hotkey: for a lead with only an open-line chat, that chat's id is copied and a click opens it", async () => {
    const { portal, app } = await connected();
    app.clipboard.text = 'lead 14';
    app.pressHotkey('CommandOrControl+Alt+V');
    await vi.waitFor(() => expect(app.desktop.notifications).toHaveLength(1));
    expect(app.clipboard.text).toBe('1765');
    expect(app.desktop.notifications[0]).toMatchObject({
      title: 'Open-line chat 1765',
      body: 'Lead 14 has no chat of its own. The ID of its open-line chat (Live Chat, active) is copied; click to open it.',
    });
    app.desktop.notifications[0]?.click();
    await vi.waitFor(() => expect(app.desktop.opened).toEqual([`${portal.origin}/online/?IM_LINES=chat1765`]));

    // A lead with a chat of its own: that is copied, and the notification says there are open-line chats too, in Russian
    // when the person chose it.
    await valueOf(app.call('settingsUpdate', { language: 'ru' }));
    app.clipboard.text = 'LEAD|13';
    app.pressHotkey('CommandOrControl+Alt+V');
    await vi.waitFor(() => expect(app.desktop.notifications).toHaveLength(2));
    expect(app.clipboard.text).toBe('1437');
    expect(app.desktop.notifications[1]?.body).toMatch(/Чаты открытых линий: 2 \(Telegram, активный\)\.$/);
  });

  it('the command line: --json adds `openLines` after the fields it always had; the text gives each a row', async () => {
    const portal = await portalFor({ scopes: DEMO_SCOPES });
    const run = async (args: string[]): Promise<string> => {
      let out = '';
      await runCli({
        argv: args,
        readStdin: async () => new Uint8Array(),
        stdinIsTTY: false,
        stdout: { write: (text: string) => (out += text) },
        stderr: { write: (text: string) => (out += text), isTTY: false },
        env: { B24_WEBHOOK_URL: portal.webhookUrl },
        fetch,
        version: '0.0.0-test',
      });
      return out;
    };
    const json = JSON.parse((await run(['lookup', '--json', 'LEAD|13', 'lead 14'])).replace(/\n[^\n]*$/, '')) as Record<string, unknown>[];
    expect(Object.keys(json[0] ?? {})).toEqual(['input', 'status', 'entityType', 'entityId', 'chatId', 'dialogId', 'webUrl', 'desktopUrl', 'openLines']);
    expect(json[0]?.openLines).toEqual([
      {
        chatId: 1764,
        dialogId: 'chat1764',
        connectorId: 'telegrambot',
        channel: 'Telegram',
        active: true,
        webUrl: `${portal.origin}/online/?IM_LINES=chat1764`,
        desktopUrl: `bx://v2/${new URL(portal.origin).host}/lines/dialogId/chat1764`,
      },
      expect.objectContaining({ chatId: 1763, active: false }),
    ]);
    expect(json[1]).toMatchObject({ status: 'not_found', chatId: null, openLines: [{ chatId: 1765 }] });

    const text = await run(['lookup', 'LEAD|13', 'lead 14']);
    expect(text).toMatch(/^\s+open line\s+Telegram \(active\)\s+chat 1764\s+http/m);
    expect(text).toMatch(/^lead 14\s+no own chat\s+lead 14$/m);
    expect(text).toMatch(/1 found, 1 with open-line chats only, 3 open-line chats\./);
  });
});
