/** The portal side of a lookup (findChatsOnPortal) against the fake portal: what a person sees for each reference, and what the portal is asked. */
import { describe, expect, test } from 'vitest';
import { BitrixError } from '../../../electron/core/bitrix/errors.ts';
import { findChatsOnPortal, type LookupOptions, type LookupResult } from '../../../electron/core/lookup/portal-chat-lookup.ts';
import { parseEntityReference, parseEntityReferences, type ParsedReference } from '../../../electron/common/references/parse-reference.ts';
import { FAULTS } from '../../fake-portal/portal.ts';
import { clientFor, portalFor } from '../bitrix/support.ts';
import { sentence } from '../../support/sentence.ts';
import { portalFailureKind } from '../../../electron/common/messages/portal.ts';
import type { BitrixClient } from '../../../electron/core/bitrix/client.ts';

/** Looks up one reference: the one result findChatsOnPortal gives for it. */
async function lookupReference(client: BitrixClient, reference: ParsedReference, options: LookupOptions = {}): Promise<LookupResult> {
  const [result, ...more] = await findChatsOnPortal(client, [reference], options);
  if (!result || more.length > 0) throw new Error('A lookup of one reference gave other than one result');
  return result;
}

const imChatGets = (params: Record<string, unknown>): number => (params.cmd && typeof params.cmd === 'object' ? Object.keys(params.cmd).length : 1);

describe('one reference', () => {
  test('a found chat comes with its dialog id, web link and desktop link, from one im.chat.get', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const result = await lookupReference(client, parseEntityReference('https://x.bitrix24.ru/crm/lead/details/13/'));
    const host = new URL(portal.origin).host;
    expect(result).toEqual({
      status: 'found',
      input: 'https://x.bitrix24.ru/crm/lead/details/13/',
      label: 'lead 13',
      entityType: 'CRM',
      entityId: 'LEAD|13',
      chatId: 1437,
      dialogId: 'chat1437',
      webUrl: `${portal.origin}/online/?IM_DIALOG=chat1437`,
      desktopUrl: `bx://v2/${host}/chat/dialogId/chat1437`,
    });
    expect(portal.requests.map((r) => [r.restMethod, r.params])).toEqual([['im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' }]]);
  });

  test('no chat says why there may be none; a lead also names conversion', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const lead = await lookupReference(client, parseEntityReference('lead 99'));
    const deal = await lookupReference(client, parseEntityReference('D_99'));
    const task = await lookupReference(client, parseEntityReference('TASKS_TASK:1'));
    expect(lead).toMatchObject({ status: 'not_found', entityId: 'LEAD|99', chatId: null });
    const said = (result: typeof lead): string => (result.status === 'not_found' ? result.reasons.map(sentence).join(' ') : '');
    expect(lead).toMatchObject({ reasons: [{ code: 'opened_from_card' }, { code: 'lead_converted' }, { code: 'entity_deleted' }] });
    expect(said(lead)).toMatch(/opens the chat from the entity's card.*Converting a lead.*Deleting/);
    expect(said(deal)).not.toMatch(/Converting/);
    expect(task.status === 'not_found' && task.reasons).toHaveLength(1);
  });

  test('an invalid reference and a chat link need no request at all', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const results = await findChatsOnPortal(client, parseEntityReferences('12abc\nhttps://x.bitrix24.ru/online/?IM_DIALOG=chat1437'));
    expect(results).toEqual([
      { status: 'invalid', input: '12abc', error: { code: 'invalid_id', params: { text: '12abc' } } },
      expect.objectContaining({ status: 'found', chatId: 1437, dialogId: 'chat1437', label: 'chat 1437' }),
    ]);
    expect(results[1]).not.toHaveProperty('entityType');
    expect(portal.requestCount).toBe(0);
  });

  test('a chat link from another portal opens the chat there; a bare chat id, on the connected portal', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const [linked, bare] = await findChatsOnPortal(client, parseEntityReferences('https://other.bitrix24.de/online/?IM_DIALOG=chat77\nchat78'));
    expect(linked).toMatchObject({
      webUrl: 'https://other.bitrix24.de/online/?IM_DIALOG=chat77',
      desktopUrl: 'bx://v2/other.bitrix24.de/chat/dialogId/chat77',
    });
    expect(bare).toMatchObject({ webUrl: `${portal.origin}/online/?IM_DIALOG=chat78` });
  });

  test('an answer in the older number shape reads the same', async () => {
    const portal = await portalFor({ answerShape: 'number' });
    const { client } = clientFor(portal);
    expect(await lookupReference(client, parseEntityReference('T80_3'))).toMatchObject({ status: 'found', chatId: 1504 });
  });

  test('a failure is an error result with a stable code and a message, never a throw', async () => {
    const portal = await portalFor({ webhookRejected: true });
    const { client } = clientFor(portal);
    const result = await lookupReference(client, parseEntityReference('DEAL|5'));
    expect(result).toMatchObject({
      status: 'error',
      entityId: 'DEAL|5',
      error: { code: 'auth_invalid', params: { portal: expect.any(String), portalError: 'NO_AUTH_FOUND' } },
    });
    expect(result.status === 'error' && sentence(result.error)).toMatch(/did not accept the webhook \(NO_AUTH_FOUND\)/);
    expect(JSON.stringify(result)).not.toContain(portal.secret);
  });

  test('a missing scope names the scope, and a method limit says until when, for the window to say what to do', async () => {
    const portal = await portalFor({ scopes: ['crm'] });
    const { client } = clientFor(portal, { retry: { rateLimitDelayMs: 1, serverErrorDelayMs: 1, maxOperationWaitMs: 0 } });
    expect(await lookupReference(client, parseEntityReference('DEAL|5'))).toMatchObject({
      status: 'error',
      error: { code: 'scope_missing', params: { scopes: ['im'], method: 'im.chat.get' } },
    });
    portal.set({ scopes: ['crm', 'im'] });
    // A successful answer names when im.chat.get's oldest minute of use stops counting ([en] limits.md:113, :124).
    expect(await lookupReference(client, parseEntityReference('LEAD|13'))).toMatchObject({ status: 'found' });
    portal.failNext({ kind: 'operation_limit' }, 5);
    const before = Date.now();
    const limited = await lookupReference(client, parseEntityReference('DEAL|5'));
    expect(limited).toMatchObject({ status: 'error', error: { code: 'operation_limited', params: { retryAt: expect.any(Number) } } });
    const params = limited.status === 'error' ? limited.error.params : undefined;
    const retryAt = params && 'retryAt' in params ? params.retryAt : 0;
    expect(retryAt).toBeGreaterThanOrEqual(before + 590_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 610_000);
  });
});

describe('many references', () => {
  test('results come back in input order, each distinct entity asked once, through batch', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const text = ['D_5', 'LEAD|13', 'deal 5', 'nonsense here', 'DEAL|404', 'chat1600', 'сделка №5', 'TASKS_TASK:8293'].join('\n');
    const results = await findChatsOnPortal(client, parseEntityReferences(text));
    expect(results.map((r) => [r.input, r.status, 'chatId' in r ? r.chatId : null])).toEqual([
      ['D_5', 'found', 1501],
      ['LEAD|13', 'found', 1437],
      ['deal 5', 'found', 1501],
      ['nonsense here', 'invalid', null],
      ['DEAL|404', 'not_found', null],
      ['chat1600', 'found', 1600],
      ['сделка №5', 'found', 1501],
      ['TASKS_TASK:8293', 'found', 1600],
    ]);
    expect(portal.requests.map((r) => r.restMethod)).toEqual(['batch']);
    expect(imChatGets(portal.requests[0]?.params ?? {})).toBe(4);
  });

  test('120 distinct entities take 3 batch requests and report progress as each lands', async () => {
    const entities: Record<string, number> = {};
    for (let id = 1; id <= 120; id += 1) if (id % 2 === 0) entities[`CRM:CONTACT|${id}`] = 5000 + id;
    const portal = await portalFor({ entities });
    const { client } = clientFor(portal);
    const references = parseEntityReferences(Array.from({ length: 120 }, (_, i) => `C_${i + 1}`).join('\n'));
    const progress: [number, number][] = [];
    const results = await findChatsOnPortal(client, references, { onProgress: (done, total) => progress.push([done, total]) });
    expect(portal.requests.map((r) => imChatGets(r.params))).toEqual([50, 50, 20]);
    expect(results.filter((r) => r.status === 'found').map((r) => (r.status === 'found' ? r.chatId : 0))).toEqual(
      Array.from({ length: 60 }, (_, i) => 5000 + (i + 1) * 2),
    );
    expect(progress[0]).toEqual([0, 120]);
    expect(progress.at(-1)).toEqual([120, 120]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
  });

  test('a request that fails marks only its own references as errors', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal, { retry: { serverErrorRetries: 0 } });
    portal.failNext(FAULTS.accessDenied, 1);
    const references = parseEntityReferences(Array.from({ length: 60 }, (_, i) => `LEAD|${i + 1}`).join('\n'));
    const results = await findChatsOnPortal(client, references);
    const statuses = results.map((r) => (r.status === 'error' ? portalFailureKind(r.error.code) : r.status));
    // Two requests are in flight at once; whichever the portal refused, its 50 or 10 references carry the error.
    const refused = statuses.filter((s) => s === 'access_denied').length;
    expect([10, 50]).toContain(refused);
    expect(statuses.filter((s) => s !== 'access_denied').every((s) => s === 'found' || s === 'not_found')).toBe(true);
    // LEAD|13 is in the first request: refused with it, or answered (found) when the other one was refused.
    expect(results.find((r) => r.input === 'LEAD|13')?.status).toBe(refused === 50 ? 'error' : 'found');
  });

  test('a cancelled lookup throws cancelled instead of reporting every reference as failed', async () => {
    const portal = await portalFor({ latencyMs: 200 });
    const { client } = clientFor(portal);
    const controller = new AbortController();
    const pending = findChatsOnPortal(client, parseEntityReferences('LEAD|13\nDEAL|5'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toSatisfy((error) => error instanceof BitrixError && error.code === 'cancelled');
  });

  test('a reference made by hand with a key im.chat.get cannot take is invalid, and the others still get answers', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const handMade = { ok: true, kind: 'entity', input: 'x', entityType: 'A-B', entityId: '5', label: 'x' } as const;
    const results = await findChatsOnPortal(client, [handMade, ...parseEntityReferences('LEAD|13')]);
    expect(results.map((r) => r.status)).toEqual(['invalid', 'found']);
  });

  test('nothing to look up asks nothing', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    expect(await findChatsOnPortal(client, [])).toEqual([]);
    expect(portal.requestCount).toBe(0);
  });
});
