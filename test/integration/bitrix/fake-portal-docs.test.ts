/**
 * The fake portal answers as the official REST docs say a portal does, asked over raw HTTP the way the docs' own
 * examples ask (not through the app's client, which never sends some of these requests): each test names the page.
 * These are the behaviours the client's own tests do not reach; test/fake-portal/README.md lists every behaviour with
 * the test that covers it.
 */
import { describe, expect, it } from 'vitest';
import type { FakePortal } from '../../fake-portal/portal.ts';
import { portalFor } from './support.ts';

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const post = (portal: FakePortal, method: string, params: Record<string, unknown> = {}) =>
  call(`${portal.webhookUrl}${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });

describe('im.dialog.get, as [en] api-reference/chats/im-dialog-get.md gives it', () => {
  it('a CRM chat: type `crm`, entity_link with the full `DEAL|5` id and the deal page, its dialog id', async () => {
    const portal = await portalFor();
    const { status, body } = await post(portal, 'im.dialog.get', { DIALOG_ID: 'chat1501' });
    expect(status).toBe(200);
    // :296-376 the example answer of a CRM chat (type at :306, entity_link at :338-341, dialog_id at :376).
    expect(body.result).toMatchObject({
      id: 1501,
      type: 'crm',
      entity_type: 'CRM',
      entity_id: 'DEAL|5',
      entity_link: { type: 'DEAL', url: '/crm/deal/details/5/', id: 'DEAL|5' },
      dialog_id: 'chat1501',
    });
  });

  it('DIALOG_ID_EMPTY (400) only when DIALOG_ID is not given; a chat the user is not in is ACCESS_ERROR (403)', async () => {
    const portal = await portalFor();
    // :597-598 the method's own errors.
    for (const params of [{}, { DIALOG_ID: '' }]) {
      expect(await post(portal, 'im.dialog.get', params)).toEqual({ status: 400, body: expect.objectContaining({ error: 'DIALOG_ID_EMPTY' }) });
    }
    expect(await post(portal, 'im.dialog.get', { DIALOG_ID: 'chat999999' })).toEqual({ status: 403, body: expect.objectContaining({ error: 'ACCESS_ERROR' }) });
    expect(await post(portal, 'im.dialog.get', { DIALOG_ID: 'not-a-dialog' })).toEqual({
      status: 403,
      body: expect.objectContaining({ error: 'ACCESS_ERROR' }),
    });
  });

  it("a workgroup's chat is found by `sg<group id>` (:22-28), the same chat as SONET_GROUP in im.chat.get", async () => {
    const portal = await portalFor();
    const byEntity = await post(portal, 'im.chat.get', { ENTITY_TYPE: 'SONET_GROUP', ENTITY_ID: '121' });
    expect(byEntity.body.result).toEqual({ ID: 1700 });
    const { body } = await post(portal, 'im.dialog.get', { DIALOG_ID: 'sg121' });
    expect(body.result).toMatchObject({ id: 1700, entity_type: 'SONET_GROUP', entity_id: '121', dialog_id: 'chat1700' });
  });
});

describe('imopenlines.crm.chat.get, as [en] api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md gives it', () => {
  it('a missing or malformed argument is ERROR_ARGUMENT (400) naming it (:312-314); an entity it does not know is []', async () => {
    const portal = await portalFor({ scopes: ['crm', 'im', 'imopenlines'] });
    expect(await post(portal, 'imopenlines.crm.chat.get', { CRM_ENTITY: 13 })).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'ERROR_ARGUMENT', error_description: expect.stringContaining("'CRM_ENTITY_TYPE'") }),
    });
    expect(await post(portal, 'imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'ERROR_ARGUMENT' },
    });
    expect((await post(portal, 'imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: 99999 })).body.result).toEqual([]);
    // Active only by default (ACTIVE_ONLY, "Y" unless said): lead 13's Telegram chat, not its closed live chat.
    expect((await post(portal, 'imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: 13 })).body.result).toEqual([
      { CHAT_ID: '1764', CONNECTOR_ID: 'telegrambot', CONNECTOR_TITLE: 'Telegram' },
    ]);
  });

  it('without the imopenlines scope: insufficient_scope, 403 ([en] _includes/system-errors.md:32)', async () => {
    const portal = await portalFor({ scopes: ['crm', 'im'] });
    expect(await post(portal, 'imopenlines.crm.chat.get', { CRM_ENTITY_TYPE: 'lead', CRM_ENTITY: 13 })).toMatchObject({
      status: 403,
      body: { error: 'insufficient_scope' },
    });
  });
});

describe('system methods', () => {
  it("scope with `full` lists every scope of the portal, without it the credentials' own ([en] api-reference/common/system/scope.md:22-26)", async () => {
    const portal = await portalFor({ scopes: ['crm', 'im'] });
    expect((await post(portal, 'scope')).body.result).toEqual(['crm', 'im']);
    expect((await post(portal, 'scope', { full: true })).body.result).toEqual(expect.arrayContaining(['crm', 'im', 'imopenlines', 'task', 'user']));
  });

  it('app.info refuses a webhook: no application context (ACCESS_DENIED, 400; [en] api-reference/common/system/app-info.md:274-289)', async () => {
    const portal = await portalFor();
    expect(await post(portal, 'app.info')).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'ACCESS_DENIED', error_description: 'Access denied! Application context required' }),
    });
  });

  it('a method that needs an application, called with a webhook: WRONG_AUTH_TYPE, 403 ([en] local-integrations/local-webhooks.md:36)', async () => {
    const portal = await portalFor({ applicationOnly: ['im.chat.get'] });
    expect(await post(portal, 'im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' })).toMatchObject({ status: 403, body: { error: 'WRONG_AUTH_TYPE' } });
  });

  it('an access token in an Authorization: Bearer header is taken as `auth` is ([en] api-reference/tasks/flow/tasks-flow-flow-get.md:49)', async () => {
    const portal = await portalFor();
    const ask = (headers: Record<string, string>) =>
      call(`${portal.origin}/rest/im.chat.get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' }),
      });
    expect((await ask({ authorization: `Bearer ${portal.oauth.accessToken}` })).body.result).toEqual({ ID: 1437 });
    expect(await ask({ authorization: 'Bearer not-a-token' })).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } });
  });
});

describe("the authorization server's token endpoint ([en] settings/oauth/index.md, auto-renewal.md, error-codes.md)", () => {
  const tokenUrl = (portal: FakePortal): string => `${portal.oauthServer.origin}/oauth/token/`;

  it('takes a renewal as the docs show it (GET with a query, auto-renewal.md:13-21) and as a POST form, as the JS SDK sends it', async () => {
    const portal = await portalFor();
    const fields = (refreshToken: string) => ({
      grant_type: 'refresh_token',
      client_id: portal.application.clientId,
      client_secret: portal.application.clientSecret,
      refresh_token: refreshToken,
    });
    const first = await call(`${tokenUrl(portal)}?${new URLSearchParams(fields(portal.oauth.refreshToken))}`);
    expect(first).toMatchObject({ status: 200, body: { access_token: portal.oauth.accessToken, refresh_token: portal.oauth.refreshToken, expires_in: 3600 } });
    const second = await call(tokenUrl(portal), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields(portal.oauth.refreshToken)).toString(),
    });
    expect(second).toMatchObject({ status: 200, body: { refresh_token: portal.oauth.refreshToken } });
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('an unknown grant type is invalid_request; a refresh token it did not issue is invalid_grant (error-codes.md:20, :23)', async () => {
    const portal = await portalFor();
    const ask = (grant: string, extra: Record<string, string> = {}) =>
      call(
        `${tokenUrl(portal)}?` +
          `${new URLSearchParams({ grant_type: grant, client_id: portal.application.clientId, client_secret: portal.application.clientSecret, ...extra })}`,
      );
    expect((await ask('password')).body).toMatchObject({ error: 'invalid_request' });
    expect((await ask('refresh_token', { refresh_token: 'never-issued' })).body).toMatchObject({ error: 'invalid_grant' });
  });
});
