import { describe, expect, test } from 'vitest';
import type { PortalMove } from '../../../electron/core/bitrix/client.ts';
import { restBase } from '../../../electron/core/bitrix/credentials.ts';
import { findEntityChat } from '../../../electron/core/bitrix/im.ts';
import { clientFor, failureOf, portalFor } from './support.ts';
import { sentence } from '../../support/sentence.ts';

const LEAD_13 = { entityType: 'CRM', entityId: 'LEAD|13' };

/** The renamed portal: the old address answers 302 to the new one, which holds the data. */
async function renamedPortal() {
  const renamed = await portalFor();
  const old = await portalFor({ secret: renamed.secret, renamedTo: renamed.origin });
  return { old, renamed };
}

describe('a renamed portal', () => {
  test('the trap: a POST that fetch follows by itself arrives as a GET without body and answers null', async () => {
    const { old, renamed } = await renamedPortal();
    const response = await fetch(`${old.webhookUrl}im.chat.get`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' }),
    });
    expect(await response.json()).toMatchObject({ result: null });
    expect(renamed.requests[0]).toMatchObject({ httpMethod: 'GET', params: {} });
  });

  test('the client re-posts the same body to the new address and returns the chat, not a false "no chat"', async () => {
    const { old, renamed } = await renamedPortal();
    const moves: PortalMove[] = [];
    const { client } = clientFor(old, { onPortalMoved: (move) => moves.push(move) });

    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });

    expect(old.requests).toHaveLength(1);
    expect(renamed.requests).toHaveLength(1);
    expect(renamed.requests[0]).toMatchObject({ httpMethod: 'POST', params: { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' } });
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ from: old.origin, to: renamed.origin });
    expect(moves[0] && restBase(moves[0].credentials)).toBe(renamed.webhookUrl);
    expect(client.portal).toBe(renamed.origin);
  });

  test('after the move, calls go straight to the new address', async () => {
    const { old, renamed } = await renamedPortal();
    const { client } = clientFor(old);
    await findEntityChat(client, LEAD_13);
    await findEntityChat(client, { entityType: 'CRM', entityId: 'DEAL|5' });
    expect(old.requestCount).toBe(1);
    expect(renamed.requestCount).toBe(2);
  });

  test('more than 3 hops is too_many_redirects', async () => {
    const last = await portalFor();
    let next = last.origin;
    const hops = [];
    for (let i = 0; i < 4; i += 1) {
      const hop = await portalFor({ secret: last.secret, renamedTo: next });
      hops.push(hop);
      next = hop.origin;
    }
    const first = hops[hops.length - 1];
    if (!first) throw new Error('no hops');
    const { client } = clientFor(first);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'too_many_redirects', httpStatus: 302 });
    expect(last.requestCount).toBe(0);
  });

  test('exactly 3 hops still arrive', async () => {
    const last = await portalFor();
    let next = last.origin;
    for (let i = 0; i < 3; i += 1) next = (await portalFor({ secret: last.secret, renamedTo: next })).origin;
    const { client } = clientFor({ kind: 'webhook', origin: next, pathPrefix: '', userId: last.userId, secret: last.secret });
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(client.portal).toBe(last.origin);
  });

  test.each([301, 307, 308] as const)('a %i redirect is re-posted too', async (status) => {
    const portal = await portalFor();
    const moved = await portalFor({ secret: portal.secret });
    portal.failNext({ kind: 'redirect', status, location: `${moved.webhookUrl}im.chat.get.json?from=old` });
    const { client } = clientFor(portal);
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(moved.requests[0]).toMatchObject({ httpMethod: 'POST', path: `/rest/1/${portal.secret}/im.chat.get.json`, params: { ENTITY_ID: 'LEAD|13' } });
  });

  test('an installed app (allowLocalHosts: false) does not follow a portal to this computer', async () => {
    const { old, renamed } = await renamedPortal();
    const { client } = clientFor(old, { allowLocalHosts: false });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.code).toBe('bad_response');
    // Where it was sent goes to the log; the person is told it was not followed.
    expect(error.failure.message).toEqual({ code: 'bad_redirect', params: { portal: new URL(old.origin).host } });
    expect(error.failure.detail).toBe(`redirected the request to ${new URL(renamed.origin).host}, which is this computer`);
    expect(sentence(error)).toBe(
      `${new URL(old.origin).host} redirected the request to an address it could not be sent to, so it was not sent there. Check the portal address.`,
    );
    expect(renamed.requestCount).toBe(0);
  });

  test.each([
    ['a plain-HTTP host that is not this computer', (_: string, path: string) => `http://portal.example.com${path}`],
    ['a sign-in page', (origin: string) => `${origin}/auth/?backurl=%2Frest%2F`],
    ['another method', (origin: string, path: string) => `${origin}${path.replace('im.chat.get', 'im.chat.add')}`],
    ['a path with an empty segment', (origin: string, path: string) => `${origin}/x/${path}`],
  ])('a redirect to %s is refused without sending the webhook there', async (_, target) => {
    const portal = await portalFor();
    const elsewhere = await portalFor({ secret: portal.secret });
    const path = `/rest/1/${portal.secret}/im.chat.get`;
    portal.failNext({ kind: 'redirect', status: 302, location: target(elsewhere.origin, path) });
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'bad_response', httpStatus: 302 });
    expect(sentence(error)).toContain('so it was not sent there');
    expect(elsewhere.requestCount).toBe(0);
  });
});

describe('a rename met by calls in flight', () => {
  test('is reported once, and every call still gets its answer', async () => {
    const { old, renamed } = await renamedPortal();
    const moves: PortalMove[] = [];
    const { client } = clientFor(old, { onPortalMoved: (move) => moves.push(move) });
    const answers = await Promise.all([
      findEntityChat(client, LEAD_13),
      findEntityChat(client, { entityType: 'CRM', entityId: 'DEAL|5' }),
      findEntityChat(client, { entityType: 'CRM', entityId: 'LEAD|14' }),
    ]);
    expect(answers).toEqual([{ found: true, chatId: 1437 }, { found: true, chatId: 1501 }, { found: false }]);
    expect(moves).toHaveLength(1);
    expect(renamed.requestCount).toBe(3);
  });
});
