import { describe, expect, it } from 'vitest';
import type { PortalMove } from '../../../../electron/core/bitrix/client.ts';
import { FORMER_PORTALS_KEPT, movedProfile, portalMovedNotice } from '../../../../electron/core/state/profiles/portal-moves.ts';
import { clientFor, portalFor } from '../../bitrix/support.ts';
import { storedProfile } from '../../../support/stored-profile.ts';

/** A real move: a client on a portal that was renamed follows the redirect and reports where to. */
async function realMove() {
  const renamed = await portalFor();
  const old = await portalFor({ secret: renamed.secret, userId: renamed.userId });
  old.set({ renamedTo: renamed.origin });
  const moves: PortalMove[] = [];
  const { client } = clientFor(old, { onPortalMoved: (move) => moves.push(move) });
  await client.call('im.chat.get', { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' });
  const [move] = moves;
  if (!move) throw new Error('the client reported no move');
  return { old, renamed, move };
}

describe('portal moves', () => {
  it('the profile follows to the new address with the moved credentials, keeps the old one, and is renamed if named after it', async () => {
    const { old, renamed, move } = await realMove();
    const profile = storedProfile({ portal: old.origin, name: new URL(old.origin).host });
    const moved = movedProfile(profile, move, 'SEALED-NEW');
    expect(moved).toMatchObject({
      id: profile.id,
      portal: renamed.origin,
      formerPortals: [old.origin],
      name: new URL(renamed.origin).host,
      sealed: 'SEALED-NEW',
    });
    expect(portalMovedNotice(profile, move)).toEqual({
      code: 'portal_moved',
      params: { from: new URL(old.origin).host, to: new URL(renamed.origin).host, name: profile.name },
    });
  });

  it('a name the person chose stays; only the latest former addresses are kept, each once', async () => {
    const { old, move } = await realMove();
    const former = Array.from({ length: FORMER_PORTALS_KEPT + 2 }, (_, i) => `https://p${i}.bitrix24.ru`);
    const moved = movedProfile(storedProfile({ portal: old.origin, name: 'Sales', formerPortals: [old.origin, ...former] }), move, 'S');
    expect(moved.name).toBe('Sales');
    expect(moved.formerPortals).toEqual([...former.slice(-(FORMER_PORTALS_KEPT - 1)), old.origin]);
  });
});
