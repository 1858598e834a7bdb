/**
 * The sign-in's one-shot listener at the handler address on 127.0.0.1 and the reading of a pasted callback
 * (desktop/oauth-callback.ts), with real HTTP on loopback.
 */
import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallbackListener,
  LISTEN_HOST,
  listenForSignIn,
  readCallback,
  readPastedSignIn,
  sameState,
  SIGN_IN_TIMEOUT_MS,
} from '../../../electron/core/sign-in/oauth-callback.ts';
import { UserError } from '../../../electron/core/user-error.ts';
import { freePort } from '../../support/free-port.ts';

const STATE = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
const CODE = 'avmocpghblyi01m3h42bljvqtyd19sw1';

const listeners: CallbackListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
});

async function listen(options: { language?: 'en' | 'ru'; port?: number } = {}) {
  const listener = await listenForSignIn({ state: STATE, port: options.port ?? (await freePort()), language: () => options.language ?? 'en' });
  listeners.push(listener);
  return listener;
}

const callback = (listener: CallbackListener, query: Record<string, string>, path = '/b24-chat-lookup/oauth'): string =>
  `http://127.0.0.1:${listener.port}${path}?${new URLSearchParams(query).toString()}`;

/** Whether something accepts connections at the port now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LISTEN_HOST, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof UserError)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

describe('the sign-in listener', () => {
  it("binds 127.0.0.1 only, at the handler address's port, and answers there", async () => {
    const port = await freePort();
    const listener = await listen({ port });
    expect(listener.host).toBe('127.0.0.1');
    expect(listener.port).toBe(port);
    expect(listener.handler).toBe(`http://127.0.0.1:${port}/b24-chat-lookup/oauth`);
    // Not on the IPv6 loopback, nor on any other address of this machine.
    const ipv6 = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '::1', port: listener.port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    expect(ipv6).toBe(false);
  });

  it('takes the first callback: the code, a page that says to return to the app, and it closes', async () => {
    const listener = await listen();
    const response = await fetch(
      callback(listener, { code: CODE, state: STATE, domain: 'acme.bitrix24.ru', member_id: 'm1', scope: 'im', server_domain: 'oauth.bitrix.info' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await response.text();
    expect(page).toContain('You can close this tab and return to B24 Chat Lookup.');
    expect(page).not.toContain(CODE);
    expect(page).not.toContain(STATE);
    await expect(listener.result).resolves.toEqual({ code: CODE, serverDomain: 'oauth.bitrix.info' });
    await expect.poll(() => accepts(listener.port)).toBe(false);
    expect(listener.listening).toBe(false);
  });

  it("writes its page in the person's language", async () => {
    const listener = await listen({ language: 'ru' });
    const page = await (await fetch(callback(listener, { code: CODE, state: STATE }))).text();
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain('Эту вкладку можно закрыть и вернуться в B24 Chat Lookup.');
  });

  it("answers the browser's favicon, other paths and other methods without closing, and still takes the callback", async () => {
    const listener = await listen();
    expect((await fetch(`http://127.0.0.1:${listener.port}/favicon.ico`)).status).toBe(404);
    expect((await fetch(callback(listener, { code: CODE, state: STATE }, '/b24-chat-lookup/oauth/extra'))).status).toBe(404);
    expect((await fetch(callback(listener, { code: CODE, state: STATE }), { method: 'POST' })).status).toBe(405);
    expect(listener.listening).toBe(true);
    expect(await accepts(listener.port)).toBe(true);
    expect((await fetch(callback(listener, { code: CODE, state: STATE }))).status).toBe(200);
    await expect(listener.result).resolves.toMatchObject({ code: CODE });
  });

  it('answers a request addressed to another name (DNS rebinding) with an error, and goes on waiting', async () => {
    const listener = await listen();
    const status = await new Promise<number>((resolve, reject) => {
      const socket = connect({ host: LISTEN_HOST, port: listener.port }, () => {
        socket.write(`GET /b24-chat-lookup/oauth?code=${CODE}&state=${STATE} HTTP/1.1\r\nHost: evil.example:${listener.port}\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => (data += String(chunk)));
      socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1])));
      socket.on('error', reject);
    });
    expect(status).toBe(421);
    expect(listener.listening).toBe(true);
  });

  it('refuses an answer with another state (sign_in_state), tells the browser so, and closes', async () => {
    const listener = await listen();
    const response = await fetch(callback(listener, { code: CODE, state: `${STATE.slice(0, -1)}A` }));
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('Not this sign-in');
    expect(page).not.toContain(CODE);
    expect(await refusal(listener.result)).toMatchObject({ code: 'sign_in_state' });
    await expect.poll(() => accepts(listener.port)).toBe(false);
  });

  it('refuses an answer without a state, or with two', async () => {
    const without = await listen();
    await fetch(callback(without, { code: CODE }));
    expect(await refusal(without.result)).toMatchObject({ code: 'sign_in_state' });
    const twice = await listen();
    await fetch(`${callback(twice, { code: CODE, state: STATE })}&state=${STATE}`);
    expect(await refusal(twice.result)).toMatchObject({ code: 'sign_in_state' });
  });

  it('a person who did not allow access (error=access_denied): sign_in_denied, and a page that says so', async () => {
    const listener = await listen();
    const response = await fetch(callback(listener, { error: 'access_denied', error_description: 'The user denied access', state: STATE }));
    expect(await response.text()).toContain('did not give B24 Chat Lookup access');
    expect(await refusal(listener.result)).toMatchObject({ code: 'sign_in_denied', refusal: { code: 'sign_in_denied' } });
    await expect.poll(() => accepts(listener.port)).toBe(false);
  });

  it('cannot start where another program holds the port: it says so (EADDRINUSE), for the sign-in to wait for a paste', async () => {
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', () => resolve()));
    try {
      await expect(listen({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('waits as long as its owner does (the sign-in keeps the time: five minutes, to sign in to Bitrix24 first)', () => {
    expect(SIGN_IN_TIMEOUT_MS).toBe(300_000);
  });

  it('closed by its owner before any answer: sign_in_cancelled, and the port is free', async () => {
    const listener = await listen();
    await listener.close();
    await listener.close();
    expect(await refusal(listener.result)).toMatchObject({ code: 'sign_in_cancelled' });
    expect(await accepts(listener.port)).toBe(false);
  });
});

describe('reading a callback', () => {
  it('compares states whole, whatever their lengths', () => {
    expect(sameState(STATE, STATE)).toBe(true);
    expect(sameState(`${STATE}x`, STATE)).toBe(false);
    expect(sameState(STATE.slice(1), STATE)).toBe(false);
    expect(sameState('', STATE)).toBe(false);
  });

  it('checks the state before anything else it says', () => {
    expect(readCallback(new URLSearchParams({ error: 'access_denied', state: 'other' }), STATE)).toEqual({ kind: 'wrong_state' });
    expect(readCallback(new URLSearchParams({ code: CODE, state: STATE, server_domain: 'x/y' }), STATE)).toEqual({ kind: 'no_code' });
    expect(readCallback(new URLSearchParams({ state: STATE, error: '<script>' }), STATE)).toEqual({ kind: 'refused', error: 'an error' });
  });
});

describe('what the person pastes', () => {
  const address =
    `http://127.0.0.1/b24-chat-lookup/oauth?code=${CODE}&state=${STATE}` + `&domain=acme.bitrix24.ru&member_id=m1&scope=im&server_domain=oauth.bitrix.info`;

  it.each([
    ['the address the browser ended on', address],
    ['that address with spaces and quotes around it', `  "${address}"\n`],
    ['the address without its scheme', address.replace('http://', '')],
    ['its query alone', address.slice(address.indexOf('?'))],
    ['its query without the question mark', address.slice(address.indexOf('?') + 1)],
    ['with a fragment after it', `${address}#/`],
  ])('reads %s: the code and the OAuth server', (_name, text) => {
    expect(readPastedSignIn(text, STATE)).toEqual({ kind: 'code', code: CODE, serverDomain: 'oauth.bitrix.info' });
  });

  it("takes a code alone as the person's own paste (no state to check, no server named)", () => {
    expect(readPastedSignIn(` ${CODE} `, STATE)).toEqual({ kind: 'code', code: CODE, serverDomain: undefined });
  });

  it('refuses an address from another sign-in, and reads a refusal', () => {
    expect(readPastedSignIn(address.replace(STATE, `${STATE.slice(0, -2)}zz`), STATE)).toEqual({ kind: 'wrong_state' });
    expect(readPastedSignIn(address.replace(`&state=${STATE}`, ''), STATE)).toEqual({ kind: 'wrong_state' });
    expect(readPastedSignIn(`http://127.0.0.1/b24-chat-lookup/oauth?error=access_denied&state=${STATE}`, STATE)).toEqual({
      kind: 'refused',
      error: 'access_denied',
    });
  });

  it.each([
    '',
    '   ',
    'hello',
    'two words here',
    'acme.bitrix24.ru',
    'https://acme.bitrix24.ru/',
    'https://acme.bitrix24.ru/crm/deal/details/5/',
    'code',
    'LEAD|13',
  ])('finds nothing in %j', (text) => {
    expect(readPastedSignIn(text, STATE)).toEqual({ kind: 'unreadable' });
  });
});
