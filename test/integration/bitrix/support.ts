/**
 * Shared set-up for the REST client tests: fake portals that close after each test, and clients wired to them
 * with Node's real fetch, retry waits short enough for a test run, and their log lines kept for inspection.
 */
import { afterEach } from 'vitest';
import { BitrixClient, type BitrixClientOptions } from '../../../electron/core/bitrix/client.ts';
import { type Clock, systemClock } from '../../../electron/core/clock.ts';
import { type Credentials, parseWebhookUrl } from '../../../electron/core/bitrix/credentials.ts';
import { BitrixError } from '../../../electron/core/bitrix/errors.ts';
import { PortalRateLimits } from '../../../electron/core/bitrix/rate-limiter.ts';
import { type FakePortal, type FakePortalOptions, startFakePortal } from '../../fake-portal/portal.ts';

const open: FakePortal[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((portal) => portal.close()));
});

/** A fake portal that is closed when the test ends. */
export async function portalFor(options: FakePortalOptions = {}): Promise<FakePortal> {
  const portal = await startFakePortal(options);
  open.push(portal);
  return portal;
}

export function webhookOf(portal: FakePortal): Credentials {
  const parsed = parseWebhookUrl(portal.webhookUrl);
  if (!parsed.ok) throw new Error(parsed.message.code);
  return parsed.value;
}

/** A client with millisecond retry waits; `lines` collects what it logs. */
export function clientFor(
  portalOrCredentials: FakePortal | Credentials,
  options: Partial<BitrixClientOptions> = {},
): { client: BitrixClient; lines: string[] } {
  const lines: string[] = [];
  const credentials = 'kind' in portalOrCredentials ? portalOrCredentials : webhookOf(portalOrCredentials);
  const client = new BitrixClient({
    credentials,
    fetch,
    userAgent: 'B24ChatLookup/0.0.0-test',
    timeoutMs: 2000,
    // No client-side pacing unless a test asks for it, so tests that count requests see only the portal's limit.
    rateLimits: new PortalRateLimits({ burst: 1_000_000, perSecond: 1_000_000 }),
    log: (line) => lines.push(line),
    ...options,
    retry: { rateLimitDelayMs: 5, serverErrorDelayMs: 5, rateLimitMaxWaitMs: 2000, ...options.retry },
  });
  return { client, lines };
}

/**
 * A wall clock that can be moved on: the fake portal and the client read the same time, so a test can skip the ten
 * minutes of the portal's operating baskets. Waits are real. It runs on the monotonic clock from the moment it is made,
 * so the machine's own clock being set meanwhile (a fresh CI machine's first time sync) cannot move it by itself.
 */
export function movableClock(): Clock & { advance(ms: number): void } {
  const startedAt = Date.now() - performance.now();
  let offset = 0;
  return {
    now: () => Math.floor(startedAt + performance.now()) + offset,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** Runs a promise that must fail with a BitrixError and returns the error. */
export async function failureOf(promise: Promise<unknown>): Promise<BitrixError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BitrixError) return error;
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
