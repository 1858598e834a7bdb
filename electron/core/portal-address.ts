/**
 * A portal's origin and host, read from its address once: a lookup asks for them again and again on one portal (the
 * profile's host, each chat's links, the history entry), and a URL parse each time is most of what that costs.
 */

/** The address last read, and what it gave. */
let last: { portal: string; origin: string; host: string } | null = null;

/** `https://acme.bitrix24.ru` → its origin and host (`acme.bitrix24.ru`); a string that is no URL throws, as `new URL` does. */
export function portalParts(portal: string): { origin: string; host: string } {
  if (last?.portal !== portal) {
    const url = new URL(portal);
    last = { portal, origin: url.origin, host: url.host };
  }
  return last;
}

/** The origin portalParts gave last, or null before it gave any. */
export function lastPortalOrigin(): string | null {
  return last?.origin ?? null;
}
