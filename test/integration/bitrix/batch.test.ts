import { describe, expect, test } from 'vitest';
import { RATE_PLANS, PortalRateLimits } from '../../../electron/core/bitrix/rate-limiter.ts';
import { findEntityChats } from '../../../electron/core/bitrix/im.ts';
import { clientFor, portalFor } from './support.ts';
import { FAULTS } from '../../fake-portal/portal.ts';

describe('batch through the client', () => {
  test('500 lookups take at most 10 requests and no 503 from a portal enforcing 50 burst / 2 per second', async () => {
    const entities: Record<string, number> = {};
    for (let id = 1; id <= 500; id += 1) if (id % 3 === 0) entities[`CRM:DEAL|${id}`] = 10_000 + id;
    const portal = await portalFor({ entities, rateLimit: RATE_PLANS.others });
    // The app's real pacing: the same plan's bucket on the client side too.
    const { client } = clientFor(portal, { rateLimits: new PortalRateLimits(RATE_PLANS.others) });
    const keys = Array.from({ length: 500 }, (_, i) => ({ entityType: 'CRM', entityId: `DEAL|${i + 1}` }));

    const outcomes = (await findEntityChats(client, keys)).map((entity) => entity.chat);

    expect(portal.requestCount).toBeLessThanOrEqual(10);
    expect(portal.refusedCount).toBe(0);
    expect(portal.requests.every((r) => r.status === 200)).toBe(true);
    expect(outcomes).toHaveLength(500);
    outcomes.forEach((outcome, index) => {
      const id = index + 1;
      expect(outcome).toEqual({ ok: true, value: id % 3 === 0 ? { found: true, chatId: 10_000 + id } : { found: false } });
    });
  });

  test('writes commands as c0… with halt 0 and the | percent-encoded, at most 50 per request, one request after another', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const keys = Array.from({ length: 51 }, (_, i) => ({ entityType: 'CRM', entityId: `LEAD|${i + 1}` }));
    await findEntityChats(client, keys);
    expect(portal.requests.map((r) => Object.keys((r.params.cmd ?? {}) as object).length)).toEqual([50, 1]);
    const first = portal.requests[0]?.params as { halt: unknown; cmd: Record<string, string> };
    expect(first.halt).toBe(0);
    expect(first.cmd.c0).toBe('im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C1');
    expect(first.cmd.c49).toBe('im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C50');
    expect(portal.requests[1]?.params).toMatchObject({ cmd: { c0: 'im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C51' } });
  });

  test('maps sub-errors back to their commands and keeps the others’ results, in order', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const outcomes = await client.batch([
      { method: 'im.chat.get', params: { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' } },
      { method: 'im.dialog.get', params: { DIALOG_ID: 'chat1502' } },
      { method: 'im.chat.get', params: { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|999' } },
      { method: 'crm.no.such.method' },
    ]);
    expect(outcomes[0]).toEqual({ ok: true, result: { ID: 1437 } });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'access_denied', method: 'im.dialog.get', portalError: 'ACCESS_ERROR' } });
    expect(outcomes[2]).toEqual({ ok: true, result: null });
    expect(outcomes[3]).toMatchObject({ ok: false, error: { code: 'method_unavailable', method: 'crm.no.such.method' } });
    expect(portal.requestCount).toBe(1);
  });

  test('reads an answer whose empty sections arrive as [] (all failed, or none failed)', async () => {
    const portal = await portalFor({ scopes: ['crm'] });
    const { client } = clientFor(portal);
    const failed = (
      await findEntityChats(client, [
        { entityType: 'CRM', entityId: 'LEAD|13' },
        { entityType: 'CRM', entityId: 'DEAL|5' },
      ])
    ).map((entity) => entity.chat);
    expect(failed.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['scope_missing', 'scope_missing']);
    expect(failed[0]).toMatchObject({ ok: false, error: { missingScopes: ['im'] } });

    portal.set({ scopes: ['im'] });
    // Two, so they go as a batch (a lone lookup is a plain call).
    const fine = (
      await findEntityChats(client, [
        { entityType: 'CRM', entityId: 'LEAD|13' },
        { entityType: 'CRM', entityId: 'DEAL|5' },
      ])
    ).map((entity) => entity.chat);
    expect(fine).toEqual([
      { ok: true, value: { found: true, chatId: 1437 } },
      { ok: true, value: { found: true, chatId: 1501 } },
    ]);
    expect(portal.requests.at(-1)?.restMethod).toBe('batch');
  });

  test('when a whole request fails, each of its lookups carries that failure instead of a result', async () => {
    const portal = await portalFor({ webhookRejected: true });
    const { client } = clientFor(portal);
    const outcomes = (
      await findEntityChats(client, [
        { entityType: 'CRM', entityId: 'LEAD|13' },
        { entityType: 'CRM', entityId: 'DEAL|5' },
      ])
    ).map((entity) => entity.chat);
    expect(outcomes).toHaveLength(2);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, error: { code: 'auth_invalid', portalError: 'NO_AUTH_FOUND' } });
  });

  test('an empty list makes no request', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    await expect(findEntityChats(client, [])).resolves.toEqual([]);
    expect(portal.requestCount).toBe(0);
  });
});

describe('a batch that cannot succeed', () => {
  test('stops sending once the portal refuses the webhook: every command gets that failure, and the portal sees no more requests', async () => {
    const portal = await portalFor({ webhookRejected: true });
    const { client } = clientFor(portal);
    const keys = Array.from({ length: 500 }, (_, i) => ({ entityType: 'CRM', entityId: `DEAL|${i + 1}` }));
    const outcomes = (await findEntityChats(client, keys)).map((entity) => entity.chat);
    expect(outcomes).toHaveLength(500);
    expect(outcomes.every((o) => !o.ok && o.error.code === 'auth_invalid')).toBe(true);
    // The two requests already in flight when the first answer came back, and no more.
    expect(portal.requestCount).toBeLessThanOrEqual(2);
  });

  test('a failure that may pass (a server error) does not stop the other requests', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal, { retry: { serverErrorRetries: 0 } });
    portal.failNext(FAULTS.internalError, 1);
    const keys = Array.from({ length: 150 }, (_, i) => ({ entityType: 'CRM', entityId: `LEAD|${i + 1}` }));
    const outcomes = (await findEntityChats(client, keys)).map((entity) => entity.chat);
    expect(portal.requestCount).toBe(3);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(100);
  });
});

describe("the portal's batch, as [en] settings/how-to-call-rest-api/batch.md describes it", () => {
  const command = (id: number): string => `im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C${id}`;

  test('over 50 commands the request still answers 200: the first 50 run, only the extras fail (:44, :430)', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const cmd = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`c${i}`, command(i + 1)]));
    const answer = await client.call<{ result: Record<string, unknown>; result_error: Record<string, { error: string }> }>('batch', { halt: 0, cmd });
    expect(portal.requests[0]?.status).toBe(200);
    expect(Object.keys(answer.result.result)).toHaveLength(50);
    expect(answer.result.result_error).toEqual({
      c50: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
      c51: { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' },
    });
  });

  test.each([
    ['JSON false', false, false],
    ['the number 0', 0, false],
    ['JSON true', true, true],
    ['the number 1', 1, true],
  ])('halt as %s: %s', async (_name, halt, stops) => {
    // "Accepts boolean values true and false or their numerical equivalents 1 and 0. Defaults to false" (:37).
    const portal = await portalFor({ scopes: ['crm'] });
    const { client } = clientFor(portal);
    const answer = await client.call<{ result_error: Record<string, unknown> | [] }>('batch', {
      halt,
      cmd: { a: 'im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C13', b: 'scope', c: 'im.dialog.get?DIALOG_ID=chat1437' },
    });
    // Without `im` the first and last fail; `scope` runs only when the first error does not halt the batch.
    expect(Object.keys(answer.result.result_error)).toEqual(stops ? ['a'] : ['a', 'c']);
  });

  test('a batch inside a batch fails for its own command only, ERROR_BATCH_METHOD_NOT_ALLOWED (:58, :507)', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const outcomes = await client.batch([{ method: 'batch', params: { cmd: { x: 'scope' } } }, { method: 'scope' }]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { portalError: 'ERROR_BATCH_METHOD_NOT_ALLOWED' } });
    expect(outcomes[1]).toMatchObject({ ok: true });
  });

  test("each command's own time comes back in result_time (:424)", async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const answer = await client.call<{ result_time: Record<string, { operating_reset_at: number }> }>('batch', { halt: 0, cmd: { c0: command(13) } });
    expect(answer.result.result_time.c0?.operating_reset_at).toBeGreaterThan(Date.now() / 1000);
  });
});
