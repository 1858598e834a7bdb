/** A ConnectPort over Node's fetch with retry waits short enough for a test, as the app's composition root makes one. */
import { BitrixClient, userAgentFor } from '../../../../electron/core/bitrix/client.ts';
import { PortalRateLimits } from '../../../../electron/core/bitrix/rate-limiter.ts';
import type { ConnectPort } from '../../../../electron/core/state/profiles/client-cache.ts';

export const connect: ConnectPort = (credentials, hooks, { ratePlan }) =>
  new BitrixClient({
    credentials,
    ratePlan,
    fetch,
    userAgent: userAgentFor('0.0.0-test'),
    timeoutMs: 2_000,
    rateLimits: new PortalRateLimits({ burst: 1_000_000, perSecond: 1_000_000 }),
    retry: { rateLimitDelayMs: 5, serverErrorDelayMs: 5 },
    ...hooks,
  });
