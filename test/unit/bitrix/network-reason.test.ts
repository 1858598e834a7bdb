import { expect, test } from 'vitest';
import { networkReason } from '../../../electron/core/bitrix/transport.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';

const nodeError = (code: string): Error => new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code }) });

test.each([
  [nodeError('ECONNREFUSED'), 'the connection was refused'],
  [nodeError('ENOTFOUND'), 'the host name could not be resolved'],
  [nodeError('ECONNRESET'), 'the connection was dropped before an answer arrived'],
  [nodeError('CERT_HAS_EXPIRED'), 'the portal’s HTTPS certificate was not accepted'],
  [new Error('net::ERR_NAME_NOT_RESOLVED'), 'the host name could not be resolved'],
  [new Error('net::ERR_INTERNET_DISCONNECTED'), 'the network is unreachable'],
  [new Error('net::ERR_CERT_AUTHORITY_INVALID'), 'the portal’s HTTPS certificate was not accepted'],
  // What Node's fetch throws for http://host:6000/ before it connects.
  [new TypeError('fetch failed', { cause: new Error('bad port') }), 'the address uses a port that web clients refuse to connect to'],
  [new Error('net::ERR_UNSAFE_PORT'), 'the address uses a port that web clients refuse to connect to'],
  [new Error('Redirect was cancelled'), 'the portal redirected to a new address, and this connection cannot report redirects'],
  [new TypeError('Failed to parse URL from https://x.bitrix24.ru/rest/1/s3cr3tcode/im.chat.get'), 'the connection failed'],
])('%s → %s', (error, reason) => {
  // Only a code comes back, its words in the catalog: never the error's own text, which may hold the URL and its secret.
  const code = networkReason(error);
  expect(say({ code, params: { portal: 'x.bitrix24.ru' } }, 'en')).toBe(
    `Could not reach x.bitrix24.ru: ${reason}. Check the network connection, VPN or proxy.`,
  );
});
