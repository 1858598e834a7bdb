import { expect, test } from 'vitest';
import type { OAuthCredentials, WebhookCredentials } from '../../../electron/core/bitrix/credentials.ts';
import { HeldCredentials } from '../../../electron/core/bitrix/held-credentials.ts';

const oauth = (accessToken: string, refreshToken: string): OAuthCredentials => ({
  kind: 'oauth',
  tokens: { accessToken, refreshToken, clientEndpoint: 'https://example.bitrix24.com/rest/', serverEndpoint: 'https://oauth.bitrix.info/rest/' },
  application: { clientId: 'local.1', clientSecret: 'client-secret-1234' },
});

test('the credentials in use, and the host messages name', () => {
  const webhook: WebhookCredentials = { kind: 'webhook', origin: 'https://old.bitrix24.com', pathPrefix: '', userId: 1, secret: 'webhook-secret' };
  const held = new HeldCredentials(webhook);
  expect(held.current).toBe(webhook);
  expect(held.portalHost).toBe('old.bitrix24.com');
  held.replace({ ...webhook, origin: 'https://new.bitrix24.com' });
  expect(held.portalHost).toBe('new.bitrix24.com');
  expect(held.redact('POST https://new.bitrix24.com/rest/1/webhook-secret/profile')).toBe('POST https://new.bitrix24.com/rest/1/•••/profile');
});

test('tokens replaced by a renewal stay redacted, along with the new ones', () => {
  const held = new HeldCredentials(oauth('old-access-token', 'old-refresh-token'));
  held.replace(oauth('new-access-token', 'new-refresh-token'));
  const everySecret = 'old-access-token new-access-token old-refresh-token new-refresh-token client-secret-1234';
  expect(held.redact(everySecret)).toBe('••• ••• ••• ••• •••');
  // The redactor handed out earlier sees the later secrets too.
  const { redact } = held;
  held.replace(oauth('third-access-token', 'third-refresh-token'));
  expect(redact('third-access-token')).toBe('•••');
});
