/**
 * A fetch that sends chosen host names to servers on this computer, over HTTPS checked against the test certificate
 * (test/fixtures/tls/), and every other name nowhere: the fake portal can then be `https://acme.bitrix24.ru` and the
 * fake authorization server `https://oauth.bitrix24.tech`, and the app talks to them exactly as it would to the real
 * ones (no loopback exceptions, the certificate's name checked). Built on undici, the library Node's own fetch is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublicName } from '../fake-portal/server.ts';
import type { FetchLike } from '../../electron/core/bitrix/transport.ts';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';

const TLS = join(import.meta.dirname, '..', 'fixtures', 'tls');
const CERT = readFileSync(join(TLS, 'fake-bitrix24.crt'));
const KEY = readFileSync(join(TLS, 'fake-bitrix24.key'));

/** What a fake server needs to answer HTTPS under `hostname`. */
export function publicName(hostname: string): PublicName {
  return { hostname, key: KEY, cert: CERT };
}

/** A fetch for which each name in `hosts` is the server at that address on 127.0.0.1; any other name fails to connect. */
export function hostFetch(hosts: Record<string, { host: string; port: number }>): FetchLike & { close(): Promise<void> } {
  const connector = buildConnector({ ca: CERT });
  const agent = new Agent({
    connect: (options, callback) => {
      const target = hosts[options.hostname];
      if (!target) {
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${options.hostname}`), { code: 'ENOTFOUND' }), null);
        return;
      }
      connector({ ...options, hostname: target.host, port: String(target.port), servername: options.hostname }, callback);
    },
  });
  const fetchLike = (async (url: string, init: RequestInit) =>
    (await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as unknown as Response) as FetchLike & {
    close(): Promise<void>;
  };
  fetchLike.close = () => agent.close();
  return fetchLike;
}
