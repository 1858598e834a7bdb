import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { say } from '../../../../electron/common/i18n/catalogs.ts';
import { NoticeBoard } from '../../../../electron/core/state/notices.ts';
import { ProfileStore } from '../../../../electron/core/state/profiles/profile-store.ts';
import type { SecretCipher } from '../../../../electron/core/state/profiles/sealed-credentials.ts';
import { ElectronStoreFile } from '../../../../electron/shell/json-store.ts';
import { failureOf, portalFor } from '../../bitrix/support.ts';
import { sentence } from '../../../support/sentence.ts';
import { refusalOf, stateFile, tempDir, testCipher, UnmovableFile, writeRaw } from '../../../support/state.ts';
import { connect } from './support.ts';

function open(dir: string, cipher: SecretCipher = testCipher()) {
  const notices = new NoticeBoard();
  return {
    profiles: new ProfileStore(stateFile(dir, 'profiles'), notices, { cipher, connect, now: () => 1_700_000_000_000, allowLocalPortals: true }),
    notices,
  };
}

describe('ProfileStore', () => {
  it('adds a portal only after its webhook answers, and keeps who it belongs to; the secret is sealed on disk', async () => {
    const portal = await portalFor({ userId: 7, user: { NAME: 'Irina', LAST_NAME: 'Volkova' } });
    const dir = tempDir();
    const cipher = testCipher();
    const { profiles } = open(dir, cipher);

    const view = await profiles.addWebhook({ webhookUrl: portal.webhookUrl });
    expect(view).toEqual({
      id: expect.any(String),
      name: new URL(portal.origin).host,
      portal: portal.origin,
      host: new URL(portal.origin).host,
      kind: 'webhook',
      userId: 7,
      userName: 'Irina Volkova',
      status: 'connected',
      statusMessage: { code: 'connected', params: { portal: new URL(portal.origin).host, who: 'Irina Volkova', scopes: ['im'] } },
      checkedAt: 1_700_000_000_000,
      active: true,
      // The webhook's scopes were kept from the check: no imopenlines, so no open-line chats.
      openLines: 'missing',
      ratePlan: 'others',
      signInEndsAt: null,
    });
    expect(JSON.stringify(view)).not.toContain(portal.secret);
    expect(portal.requests.map((r) => r.restMethod)).toEqual(['batch']);

    const file = readFileSync(stateFile(dir, 'profiles').path, 'utf8');
    expect(file).not.toContain(portal.secret);
    // The same cipher opens it after a restart: the client made from it works.
    const { profiles: restarted } = open(dir, cipher);
    expect(restarted.list().profiles).toEqual([view]);
    const client = restarted.clientFor(view.id);
    expect((await client.call<unknown>('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' })).result).toEqual({ ID: 1437 });
  });

  it('uses the name the person gives, and the same webhook twice updates the profile instead of adding a twin', async () => {
    const portal = await portalFor();
    const { profiles } = open(tempDir());
    const first = await profiles.addWebhook({ webhookUrl: portal.webhookUrl, name: '  Sales portal  ' });
    expect(first.name).toBe('Sales portal');
    const again = await profiles.addWebhook({ webhookUrl: portal.webhookUrl });
    expect(again.id).toBe(first.id);
    expect(again.name).toBe('Sales portal');
    expect(profiles.list().profiles).toHaveLength(1);
  });

  it.each([
    ['not a webhook address', 'hello', 'invalid_webhook'],
    ['a webhook the portal rejects', 'rejected', 'auth_invalid'],
    ['a webhook without the im scope', 'no-im', 'check_scope_missing'],
  ])('refuses %s with the reason, and stores nothing', async (_name, kind, code) => {
    const portal = await portalFor(kind === 'rejected' ? { webhookRejected: true } : kind === 'no-im' ? { scopes: ['crm', 'user'] } : {});
    const dir = tempDir();
    const { profiles } = open(dir);
    const error = await refusalOf(() => profiles.addWebhook({ webhookUrl: kind === 'hello' ? 'hello' : portal.webhookUrl }));
    expect(error.code).toBe(code);
    expect(error.message).not.toContain(portal.secret);
    if (kind === 'no-im') expect(error).toMatchObject({ refusal: { code: 'check_scope_missing', params: { scopes: ['im'] } } });
    expect(profiles.list().profiles).toEqual([]);
    expect(stateFile(dir, 'profiles').read()).toEqual({ kind: 'missing' });
  });

  it('keeps several portals with one active; removing the active one activates the next', async () => {
    const [a, b] = await Promise.all([portalFor(), portalFor()]);
    const dir = tempDir();
    const { profiles } = open(dir);
    const first = await profiles.addWebhook({ webhookUrl: a.webhookUrl, name: 'A' });
    const second = await profiles.addWebhook({ webhookUrl: b.webhookUrl, name: 'B' });
    expect(profiles.active()?.id).toBe(first.id);
    profiles.activate(second.id);
    expect(open(dir).profiles.active()?.name).toBe('B');
    profiles.rename(first.id, 'Main office');
    profiles.remove(second.id);
    expect(
      open(dir)
        .profiles.list()
        .profiles.map((p) => [p.name, p.active]),
    ).toEqual([['Main office', true]]);
    const missing = await refusalOf(() => profiles.activate(second.id));
    expect(missing.code).toBe('profile_not_found');
  });

  it('follows a portal rename the client reports: new address stored, the person told', async () => {
    const renamed = await portalFor();
    const old = await portalFor({ secret: renamed.secret, userId: renamed.userId });
    const dir = tempDir();
    const cipher = testCipher();
    const { profiles, notices } = open(dir, cipher);
    const view = await profiles.addWebhook({ webhookUrl: old.webhookUrl });
    notices.take();

    old.set({ renamedTo: renamed.origin });
    await profiles.clientFor(view.id).call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });

    const updated = open(dir, cipher).profiles.list().profiles[0];
    expect(updated).toMatchObject({ portal: renamed.origin, name: new URL(renamed.origin).host });
    expect(notices.take().map((n) => n.message)).toEqual([
      { code: 'portal_moved', params: { from: new URL(old.origin).host, to: new URL(renamed.origin).host, name: view.name } },
    ]);
    // The stored credentials point at the new address: a restart talks to it directly.
    const before = old.requestCount;
    await open(dir, cipher).profiles.clientFor(view.id).call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });
    expect(old.requestCount).toBe(before);
  });

  it('keeps an OAuth profile, and seals the new tokens when the client refreshes them, so a restart uses those', async () => {
    const portal = await portalFor();
    const dir = tempDir();
    const cipher = testCipher();
    const { profiles } = open(dir, cipher);
    const credentials = {
      kind: 'oauth' as const,
      tokens: portal.oauthTokens(),
      application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret },
    };
    const view = await profiles.addOAuth({ credentials });
    expect(view).toMatchObject({ kind: 'oauth', status: 'connected', portal: portal.origin });
    const file = () => readFileSync(stateFile(dir, 'profiles').path, 'utf8');
    expect(file()).not.toContain(credentials.tokens.accessToken);

    portal.oauth.accessExpired = true;
    await profiles.clientFor(view.id).call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });
    expect(portal.oauth.refreshCount).toBe(1);
    expect(file()).not.toContain(portal.oauth.refreshToken);

    // After a restart the stored (new) tokens work at once: no second refresh, and the retired refresh token is gone.
    const restarted = open(dir, cipher).profiles;
    await restarted.clientFor(view.id).call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });
    expect(portal.oauth.refreshCount).toBe(1);
    expect(JSON.parse(cipher.open(JSON.parse(file()).profiles[0].sealed)).tokens.refreshToken).toBe(portal.oauth.refreshToken);
  });

  it('when refreshed tokens cannot be saved, the call fails saying so, instead of going on with tokens a restart would lack', async () => {
    const portal = await portalFor();
    const dir = tempDir();
    class FailingFile extends ElectronStoreFile {
      failWrites = false;
      override write(data: Record<string, unknown>): void {
        if (this.failWrites) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        super.write(data);
      }
    }
    const file = new FailingFile('profiles', dir);
    const notices = new NoticeBoard();
    const profiles = new ProfileStore(file, notices, { cipher: testCipher(), connect, allowLocalPortals: true });
    const view = await profiles.addOAuth({
      credentials: { kind: 'oauth', tokens: portal.oauthTokens(), application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret } },
    });
    portal.oauth.accessExpired = true;
    file.failWrites = true;
    const error = await failureOf(profiles.clientFor(view.id).call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' }));
    expect(error.code).toBe('auth_invalid');
    expect(sentence(error)).toMatch(/new tokens could not be saved/);
    expect(notices.take().map((n) => say(n.message, 'en'))).toEqual([expect.stringMatching(/profiles\.json could not be saved \(ENOSPC\)/)]);
  });

  it('a profiles file that could be neither read nor kept aside: a refresh fails the call too, since nothing reaches the disk', async () => {
    const portal = await portalFor();
    const dir = tempDir();
    const path = writeRaw(dir, 'profiles', '{"profiles": [');
    const profiles = new ProfileStore(new UnmovableFile('profiles', dir), new NoticeBoard(), { cipher: testCipher(), connect, allowLocalPortals: true });
    const view = await profiles.addOAuth({
      credentials: { kind: 'oauth', tokens: portal.oauthTokens(), application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret } },
    });
    portal.oauth.accessExpired = true;
    const error = await failureOf(profiles.clientFor(view.id).call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' }));
    expect(sentence(error)).toMatch(/new tokens could not be saved/);
    expect(readFileSync(path, 'utf8')).toBe('{"profiles": [');
  });

  it('a very long message from the portal is cut, and the profile is still there after a restart', async () => {
    const portal = await portalFor();
    const dir = tempDir();
    const cipher = testCipher();
    const { profiles } = open(dir, cipher);
    const view = await profiles.addWebhook({ webhookUrl: portal.webhookUrl });
    portal.failNext({ kind: 'error', status: 400, error: 'SOMETHING_ODD', description: 'why '.repeat(600) }, 1);
    const checked = await profiles.check(view.id);
    expect(checked.status).toBe('failing');
    // The check's message is the portal's code with its host and method: nothing of the portal's long text is kept.
    expect(checked.statusMessage).toMatchObject({ code: 'portal_error_described', params: { portalError: 'SOMETHING_ODD' } });
    // The portal's own words are quoted only in part: a sentence, not the portal's whole answer.
    const details = checked.statusMessage?.params && 'details' in checked.statusMessage.params ? String(checked.statusMessage.params.details) : '';
    expect(details.startsWith('why why')).toBe(true);
    expect([...details].length).toBeLessThanOrEqual(200);
    expect(
      open(dir, cipher)
        .profiles.list()
        .profiles.map((p) => p.id),
    ).toEqual([view.id]);
  });

  it('re-checks a profile and keeps the answer', async () => {
    const portal = await portalFor();
    const { profiles } = open(tempDir());
    const view = await profiles.addWebhook({ webhookUrl: portal.webhookUrl });
    portal.set({ webhookRejected: true });
    const checked = await profiles.check(view.id);
    expect(checked.status).toBe('failing');
    expect(checked.statusMessage).toMatchObject({ code: 'auth_invalid' });
  });

  it('says plainly when secrets are only obscured, and refuses to save any where nothing can encrypt', async () => {
    const portal = await portalFor();
    const obscured = open(tempDir(), testCipher('obscured_only')).profiles;
    expect(obscured.secretStorage()).toEqual({ protection: 'obscured_only', warning: { code: 'secret_storage_obscured' } });
    expect(say({ code: 'secret_storage_obscured' }, 'en')).toMatch(/only obscured, not protected/);
    await obscured.addWebhook({ webhookUrl: portal.webhookUrl });

    const none = open(tempDir(), testCipher('unavailable')).profiles;
    const error = await refusalOf(() => none.addWebhook({ webhookUrl: portal.webhookUrl }));
    expect(error.code).toBe('secret_storage_unavailable');
    expect(open(tempDir()).profiles.secretStorage()).toEqual({ protection: 'os_keychain', warning: null });
  });

  it('credentials sealed by another keychain are reported as locked, not as a crash', async () => {
    const portal = await portalFor();
    const dir = tempDir();
    const view = await open(dir).profiles.addWebhook({ webhookUrl: portal.webhookUrl });
    const otherMachine = open(dir, testCipher()).profiles;
    expect(otherMachine.list().profiles[0]?.name).toBe(view.name);
    const error = await refusalOf(() => otherMachine.clientFor(view.id));
    expect(error.code).toBe('credentials_locked');
    expect(error).toMatchObject({ refusal: { code: 'credentials_locked', params: { name: view.name } } });
    expect(say({ code: 'credentials_locked', params: { name: view.name } }, 'en')).toMatch(/can no longer be opened.*Add the portal again/);
  });
});
