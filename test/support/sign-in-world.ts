/**
 * The hosts of a sign-in, as Bitrix24 has them: a portal with the local application installed, whose handler address
 * is where the app listens, and a separate authorization server. `loopbackWorld` puts both on 127.0.0.1 (the app of a
 * development build, which allows that); `cloudWorld` serves them under the names a real portal has, over HTTPS
 * (`acme.bitrix24.com` with `oauth.bitrix.info`, `acme.bitrix24.ru` with `oauth.bitrix24.tech`), reached by a fetch that
 * sends those names here (host-fetch.ts), so the app runs exactly as installed: no loopback exception anywhere.
 */
import { afterEach } from 'vitest';
import { OAUTH_HANDLER_PATH } from '../../electron/core/bitrix/oauth.ts';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fake-portal/oauth-server.ts';
import { type FakePortal, type FakePortalOptions, startFakePortal } from '../fake-portal/portal.ts';
import { freePort } from './free-port.ts';
import { hostFetch, publicName } from './host-fetch.ts';
import { startTestApp, type TestApp } from './state.ts';
import { tempDir } from './temp-dir.ts';

export { freePort } from './free-port.ts';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

export const handlerAt = (port: number): string => `http://127.0.0.1:${port}${OAUTH_HANDLER_PATH}`;

type AppOptions = Parameters<typeof startTestApp>[1];

export interface SignInWorld {
  portal: FakePortal;
  server: FakeOAuthServer;
  app: TestApp;
  /** The handler address's port, where the app listens during a sign-in. */
  port: number;
  /** How the person's browser reaches the portal. */
  fetch: (url: string, init: RequestInit) => Promise<Response>;
}

/** Portal, authorization server and app on 127.0.0.1, each test with a handler port of its own. */
export async function loopbackWorld(portalOptions: FakePortalOptions = {}, appOptions: AppOptions = {}): Promise<SignInWorld> {
  const port = await freePort();
  const portal = await startFakePortal({ ...portalOptions, application: { handler: handlerAt(port), ...portalOptions.application } });
  closing.push(() => portal.close());
  const app = startTestApp(tempDir(), { ...appOptions, oauthHandlerPort: port });
  return { portal, server: portal.oauthServer, app, port, fetch: (url, init) => fetch(url, init) };
}

/** A cloud portal and its region's authorization server under their public names, and an app as installed. */
export async function cloudWorld(
  region: 'com' | 'ru',
  portalOptions: FakePortalOptions = {},
  appOptions: AppOptions = {},
): Promise<SignInWorld & { close(): Promise<void> }> {
  const port = await freePort();
  const server = await startFakeOAuthServer({ name: publicName(region === 'ru' ? 'oauth.bitrix24.tech' : 'oauth.bitrix.info') });
  const portal = await startFakePortal({
    ...portalOptions,
    name: publicName(`acme.bitrix24.${region}`),
    oauthServer: server,
    application: { handler: handlerAt(port), ...portalOptions.application },
  });
  const through = hostFetch({ [new URL(portal.origin).hostname]: portal.address, [new URL(server.origin).hostname]: server.address });
  const close = async (): Promise<void> => {
    await through.close();
    await portal.close();
    await server.close();
  };
  closing.push(close);
  const app = startTestApp(tempDir(), { ...appOptions, oauthHandlerPort: port, allowLocalPortals: false, fetch: through });
  return { portal, server, app, port, fetch: through, close };
}
