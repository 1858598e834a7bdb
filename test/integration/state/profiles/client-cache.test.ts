import { describe, expect, it } from 'vitest';
import { ClientCache, type ClientHooks } from '../../../../electron/core/state/profiles/client-cache.ts';
import { portalFor, webhookOf } from '../../bitrix/support.ts';
import { connect } from './support.ts';

const quiet: ClientHooks = { onPortalMoved: () => undefined, onTokensRefreshed: () => undefined, onRefreshRefused: () => undefined };

describe('ClientCache', () => {
  it('makes one client per profile, over what it is given only the first time, until the profile is forgotten', async () => {
    const portal = await portalFor();
    const hooksAskedFor: string[] = [];
    const cache = new ClientCache(connect, (id) => (hooksAskedFor.push(id), quiet));
    let opened = 0;
    const connection = () => ((opened += 1), { credentials: webhookOf(portal), ratePlan: 'others' as const });

    expect(cache.made('a')).toBeUndefined();
    const first = cache.clientFor('a', connection);
    expect(cache.clientFor('a', connection)).toBe(first);
    expect(cache.made('a')).toBe(first);
    expect(opened).toBe(1);
    expect((await first.call<unknown>('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' })).result).toEqual({ ID: 1437 });

    const other = cache.clientFor('b', connection);
    expect(other).not.toBe(first);
    cache.forget('a');
    expect(cache.made('a')).toBeUndefined();
    expect(cache.clientFor('a', connection)).not.toBe(first);
    expect(opened).toBe(3);
    expect(hooksAskedFor).toEqual(['a', 'b', 'a']);
  });

  it("each profile's client reports to that profile's hooks", async () => {
    const renamed = await portalFor();
    const old = await portalFor({ secret: renamed.secret, userId: renamed.userId });
    old.set({ renamedTo: renamed.origin });
    const moved: string[] = [];
    const cache = new ClientCache(connect, (id) => ({ ...quiet, onPortalMoved: (move) => moved.push(`${id}: ${move.to}`) }));
    await cache.clientFor('a', () => ({ credentials: webhookOf(old), ratePlan: 'others' })).call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });
    expect(moved).toEqual([`a: ${renamed.origin}`]);
  });

  it('a connection that fails to open makes no client, and the next call asks again', () => {
    const cache = new ClientCache(connect, () => quiet);
    expect(() =>
      cache.clientFor('a', () => {
        throw new Error('locked');
      }),
    ).toThrow('locked');
    expect(cache.made('a')).toBeUndefined();
  });
});
