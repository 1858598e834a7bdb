import { describe, expect, test } from 'vitest';
import { userAgentFor } from '../../../electron/core/bitrix/client.ts';
import { findEntityChat, findEntityChats, getChatDialog } from '../../../electron/core/bitrix/im.ts';
import { clientFor, failureOf, portalFor } from './support.ts';
import { sentence } from '../../support/sentence.ts';

const LEAD_13 = { entityType: 'CRM', entityId: 'LEAD|13' };

describe('im.chat.get through the client', () => {
  test.each(['object', 'number'] as const)('reads the chat id when the portal answers in the %s shape', async (answerShape) => {
    const portal = await portalFor({ answerShape });
    const { client } = clientFor(portal);
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    await expect(findEntityChat(client, { entityType: 'TASKS_TASK', entityId: '8293' })).resolves.toEqual({ found: true, chatId: 1600 });
  });

  test('an entity without a chat is "not found", not an error', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    await expect(findEntityChat(client, { entityType: 'CRM', entityId: 'LEAD|14' })).resolves.toEqual({ found: false });
  });

  test('sends one JSON POST with the canonical parameters, Accept and a User-Agent naming the app', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal, { userAgent: userAgentFor('9.8.7') });
    await findEntityChat(client, LEAD_13);
    expect(portal.requests).toHaveLength(1);
    const [request] = portal.requests;
    expect(request).toMatchObject({
      httpMethod: 'POST',
      path: `/rest/${portal.userId}/${portal.secret}/im.chat.get`,
      params: { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' },
    });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(/^B24ChatLookup\/9\.8\.7 /);
  });

  test.each([
    { entityType: 'CRM', entityId: '' },
    { entityType: 'CRM', entityId: '0' },
    { entityType: 'CRM', entityId: ' LEAD|13' },
    { entityType: 'crm', entityId: 'LEAD|13' },
    { entityType: '', entityId: '13' },
  ])('refuses %j before sending, since the portal would answer a silent null', async (key) => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    await expect(findEntityChat(client, key)).rejects.toThrow(RangeError);
    await expect(findEntityChats(client, [LEAD_13, key])).rejects.toThrow(RangeError);
    expect(portal.requestCount).toBe(0);
  });

  test('an answer that is neither a chat id nor null is a bad_response, not "no chat"', async () => {
    const portal = await portalFor();
    portal.entities.set('CRM:LEAD|13', -1);
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'bad_response', httpStatus: 200, method: 'im.chat.get' });
  });
});

describe('im.dialog.get through the client', () => {
  test('gives the chat title and the entity it belongs to', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    await expect(getChatDialog(client, 1437)).resolves.toEqual({
      chatId: 1437,
      dialogId: 'chat1437',
      name: 'Lead #13: Website enquiry',
      entityType: 'CRM',
      entityId: 'LEAD|13',
      entityUrl: '/crm/lead/details/13/',
    });
    expect(portal.requests[0]?.params).toEqual({ DIALOG_ID: 'chat1437' });
  });

  test('a chat the user is not a member of is access_denied, with the portal error kept', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const error = await failureOf(getChatDialog(client, 1502));
    expect(error.failure).toMatchObject({ code: 'access_denied', portalError: 'ACCESS_ERROR', httpStatus: 403 });
    expect(sentence(error)).toContain('only its members');
  });
});
