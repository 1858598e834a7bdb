import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LookupView, ProfileView } from '../../../electron/core/ipc/contract.ts';
import type { HistoryPage } from '../../../electron/core/state/history.ts';
import { portalFor } from '../bitrix/support.ts';
import type { Notice } from '../../../electron/core/state/notices.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';
import { sentence } from '../../support/sentence.ts';
import { refusalOf, startTestApp, tempDir, testCipher, valueOf, writeRaw } from '../../support/state.ts';

describe('looking up from the window', () => {
  it('a chat link that names its portal opens without any profile, and goes into the history', async () => {
    const app = startTestApp(tempDir());
    const view = await valueOf<LookupView>(app.call('lookup', { text: 'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437' }));
    expect(view).toEqual({
      profile: null,
      results: [expect.objectContaining({ status: 'found', chatId: 1437, webUrl: 'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437' })],
    });
    const page = await valueOf<HistoryPage>(app.call('historyList', {}));
    expect(page.entries).toMatchObject([{ outcome: 'found', chatId: 1437, portal: 'https://acme.bitrix24.ru' }]);
  });

  it('refuses empty text and a paste of too many references, each with its own code', async () => {
    const app = startTestApp(tempDir());
    expect(await app.call('lookup', { text: '  \n ' })).toMatchObject({ ok: false, error: { code: 'empty' } });
    const many = Array.from({ length: 501 }, (_, i) => `LEAD|${i + 1}`).join('\n');
    const tooMany = await app.call('lookup', { text: many });
    expect(tooMany).toEqual({ ok: false, error: { code: 'too_many', params: { count: 501, max: 500 } } });
    expect(tooMany.ok ? null : sentence(tooMany.error)).toBe('That is 501 references; look up at most 500 at once (the command line takes any number).');
    expect((await valueOf<HistoryPage>(app.call('historyList', {}))).total).toBe(0);
  });

  it('refuses text too long to be references at once; a text of thousands of tokens is answered, every token masked', async () => {
    const app = startTestApp(tempDir());
    expect(await app.call('lookup', { text: 'LEAD|13 '.repeat(12_501) })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const tooLong = await refusalOf(() => app.services.lookups.lookup('LEAD|13 '.repeat(20_000)));
    expect(tooLong.refusal).toEqual({ code: 'too_long', params: { length: 160_000, max: 100_000 } });
    expect(sentence(tooLong.refusal)).toBe('That is 160,000 characters; look up at most 100,000 at once.');
    expect(say(tooLong.refusal, 'ru')).toMatch(/^Это 160\s000 символов/);
    expect((await valueOf<HistoryPage>(app.call('historyList', {}))).total).toBe(0);
    const tokens = Array.from({ length: 5_000 }, (_, i) => `auth=${(i + 46_656).toString(36)}x1`);
    const view = await valueOf<LookupView>(app.call('lookup', { text: tokens.join(' ') }));
    const answer = JSON.stringify(view);
    expect(view.results.length).toBeGreaterThan(0);
    for (const token of tokens) expect(answer).not.toContain(token.slice(5));
  });

  it('an installed app refuses a portal on this computer before sending it anything', async () => {
    const portal = await portalFor();
    const app = startTestApp(tempDir(), { allowLocalPortals: false });
    expect(await app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl })).toMatchObject({ ok: false, error: { code: 'local_portal' } });
    expect(portal.requestCount).toBe(0);
  });

  it('a webhook pasted into the name field by mistake is masked in the name', async () => {
    const portal = await portalFor();
    const app = startTestApp(tempDir());
    const added = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl, name: portal.webhookUrl }));
    expect(added.name).not.toContain(portal.secret);
    const renamed = await valueOf<ProfileView>(app.call('profilesRename', { id: added.id, name: `Sales ${portal.webhookUrl}` }));
    expect(renamed.name).toBe(`Sales ${portal.origin}/rest/${portal.userId}/•••/`);
  });

  it('a bare id uses the default type from the settings', async () => {
    const portal = await portalFor();
    const app = startTestApp(tempDir());
    await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
    await valueOf(app.call('settingsUpdate', { defaultType: 'DEAL' }));
    expect((await valueOf<LookupView>(app.call('lookup', { text: '5' }))).results).toMatchObject([{ status: 'found', entityId: 'DEAL|5', chatId: 1501 }]);
    await valueOf(app.call('settingsUpdate', { defaultType: null }));
    expect((await valueOf<LookupView>(app.call('lookup', { text: '5' }))).results).toMatchObject([{ status: 'invalid', error: { code: 'needs_type' } }]);
  });

  it('a portal failure is a result with its code, kept in the history with its message', async () => {
    const portal = await portalFor();
    const app = startTestApp(tempDir());
    await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
    portal.set({ webhookRejected: true });
    const view = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }));
    expect(view.results).toMatchObject([{ status: 'error', error: { code: 'auth_invalid' } }]);
    const [entry] = (await valueOf<HistoryPage>(app.call('historyList', {}))).entries;
    expect(entry).toMatchObject({ outcome: 'error', code: 'auth_invalid', entityId: 'LEAD|13' });
    expect(JSON.stringify(entry)).not.toContain(portal.secret);
  });

  it('re-running an entry asks the portal it was asked on, even after another portal became active', async () => {
    const [first, second] = await Promise.all([portalFor(), portalFor({ entities: { 'CRM:LEAD|13': 9999 } })]);
    const app = startTestApp(tempDir());
    await valueOf(app.call('profilesAddWebhook', { webhookUrl: first.webhookUrl, name: 'First' }));
    await valueOf(app.call('lookup', { text: 'LEAD|13' }));
    const other = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: second.webhookUrl, name: 'Second' }));
    await valueOf(app.call('profilesActivate', { id: other.id }));
    const [entry] = (await valueOf<HistoryPage>(app.call('historyList', {}))).entries;

    const rerun = await valueOf<LookupView>(app.call('historyRerun', { id: entry?.id }));
    expect(rerun.profile?.name).toBe('First');
    expect(rerun.results).toMatchObject([{ status: 'found', chatId: 1437 }]);
    expect((await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }))).results).toMatchObject([{ chatId: 9999 }]);
    expect(await app.call('historyRerun', { id: 'no-such-entry' })).toEqual({ ok: false, error: { code: 'history_entry_gone' } });
  });

  it('re-running an entry made before the portal was renamed finds it at its new address; one from a removed portal is refused', async () => {
    const renamed = await portalFor();
    const old = await portalFor({ secret: renamed.secret, userId: renamed.userId });
    const app = startTestApp(tempDir());
    const profile = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: old.webhookUrl }));
    await valueOf(app.call('lookup', { text: 'LEAD|13' }));
    old.set({ renamedTo: renamed.origin });
    await valueOf(app.call('lookup', { text: 'DEAL|5' }));
    const [, first] = (await valueOf<HistoryPage>(app.call('historyList', {}))).entries;
    expect(first?.portal).toBe(old.origin);

    const rerun = await valueOf<LookupView>(app.call('historyRerun', { id: first?.id }));
    expect(rerun.results).toMatchObject([{ status: 'found', chatId: 1437, webUrl: `${renamed.origin}/online/?IM_DIALOG=chat1437` }]);

    await valueOf(app.call('profilesRemove', { id: profile.id }));
    const gone = await app.call('historyRerun', { id: first?.id });
    expect(gone).toEqual({ ok: false, error: { code: 'portal_gone', params: { host: new URL(old.origin).host } } });
    expect(gone.ok ? null : sentence(gone.error)).toBe(
      `That lookup was made on ${new URL(old.origin).host}, which is no longer connected. Add that portal again, or look the reference up on the active one.`,
    );
  });

  it('a history longer than the size (settings reset after damage) is not trimmed by changing another setting', async () => {
    const dir = tempDir();
    const entries = Array.from({ length: 1_200 }, (_, i) => ({
      id: `id-${i}`,
      at: 1_700_000_000_000 - i,
      input: `chat${i + 1}`,
      outcome: 'found',
      entityType: null,
      entityId: null,
      label: `chat ${i + 1}`,
      chatId: i + 1,
      portal: 'https://acme.bitrix24.ru',
      code: null,
      message: null,
    }));
    writeRaw(dir, 'history', JSON.stringify({ schemaVersion: 1, entries }));
    writeRaw(dir, 'settings', 'the settings that allowed 5,000 entries, damaged');

    const app = startTestApp(dir);
    expect((await valueOf<{ values: { historyLimit: number } }>(app.call('settingsGet'))).values.historyLimit).toBe(1_000);
    await valueOf(app.call('settingsUpdate', { theme: 'dark' }));
    expect((await valueOf<HistoryPage>(app.call('historyList', {}))).total).toBe(1_200);
    // Saving the size it already has changes nothing either; choosing a size trims to it.
    await valueOf(app.call('settingsUpdate', { historyLimit: 1_000 }));
    expect((await valueOf<HistoryPage>(app.call('historyList', {}))).total).toBe(1_200);
    await valueOf(app.call('settingsUpdate', { historyLimit: 1_100 }));
    expect((await valueOf<HistoryPage>(app.call('historyList', {}))).total).toBe(1_100);
  });

  it('lookups that need no portal still work when the saved credentials can no longer be opened', async () => {
    const portal = await portalFor();
    const dir = tempDir();
    await valueOf(startTestApp(dir).call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
    // Another keychain: the sealed webhook cannot be opened.
    const app = startTestApp(dir, { cipher: testCipher() });
    expect(await valueOf<LookupView>(app.call('lookup', { text: 'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437\nhello' }))).toMatchObject({
      profile: null,
      results: [{ status: 'found', chatId: 1437 }, { status: 'invalid' }],
    });
    expect(await app.call('lookup', { text: 'LEAD|13' })).toMatchObject({ ok: false, error: { code: 'credentials_locked' } });
  });

  it('many lookups at once from the window all land in the history', async () => {
    const portal = await portalFor({ latencyMs: 5 });
    const dir = tempDir();
    const app = startTestApp(dir);
    await valueOf(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
    const texts = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? `LEAD|${i + 1}` : `DEAL|${i + 1}`));
    await Promise.all(texts.map((text) => valueOf(app.call('lookup', { text }))));
    const restarted = startTestApp(dir);
    const inputs = (await valueOf<HistoryPage>(restarted.call('historyList', { limit: 100 }))).entries.map((e) => e.input);
    expect(inputs.sort()).toEqual([...texts].sort());
  });

  it('lowering the history size in the settings trims the history at once', async () => {
    const app = startTestApp(tempDir());
    for (let i = 1; i <= 5; i += 1) await valueOf(app.call('lookup', { text: `https://acme.bitrix24.ru/online/?IM_DIALOG=chat${i}` }));
    await valueOf(app.call('settingsUpdate', { historyLimit: 2 }));
    expect((await valueOf<HistoryPage>(app.call('historyList', {}))).entries.map((e) => e.chatId)).toEqual([5, 4]);
    expect(app.events.at(-1)).toMatchObject({ event: 'settingsChanged' });
    expect(app.events).toContainEqual({ event: 'historyChanged', payload: { total: 2 } });
  });

  it('notices from opening damaged files wait for the window, and are given once', async () => {
    const dir = tempDir();
    writeRaw(dir, 'history', '{"entries": [');
    const app = startTestApp(dir);
    const notices = await valueOf<Notice[]>(app.call('noticesTake'));
    expect(notices.map((n) => n.message)).toEqual([
      {
        code: 'file_unreadable_kept',
        params: { file: join(dir, 'history.json'), copy: expect.stringMatching(/history\.unreadable-.*\.json$/), reason: 'it is not valid JSON' },
      },
    ]);
    expect(sentence(notices[0]?.message)).toMatch(
      /^\S*history\.json could not be read \(it is not valid JSON\)\. A copy of it is kept at \S*history\.unreadable-/,
    );
    expect(await valueOf(app.call('noticesTake'))).toEqual([]);
  });
});
