import { net } from 'electron';
import type { FetchLike } from '../core/bitrix/transport.ts';

// Statuses whose Response may not have a body (the Response constructor throws for one with a body).
const NO_BODY = new Set([101, 103, 204, 205, 304]);
/** More than any REST answer; a portal (or a proxy) sending more is cut off rather than filling memory. */
const BODY_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Electron hands header values over as UTF-8 text, and a Response takes only byte strings: a Cyrillic header from an
 * on-premise portal or its proxy would throw. Each value goes back to its bytes, one character per byte.
 */
function headersOf(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, Buffer.from(item, 'utf8').toString('latin1'));
      } catch {
        // A header no Response can hold (a name with spaces): the client reads none it would miss.
      }
    }
  }
  return headers;
}

/**
 * The REST client's transport over Chromium's network stack (Electron's `net`), so the system's proxy settings,
 * PAC files and certificate store apply as in the browser. `net.fetch` would be simpler but cannot hand back a
 * redirect unfollowed (it rejects with "Redirect was cancelled", electron/electron#43715), and the client must see
 * a portal's redirect to tell the person it moved and to refuse one to this computer. `net.request` reports the
 * redirect as an event: it is answered as the 3xx response it was, and the request is dropped.
 *
 * Everything that can throw runs inside try/catch and rejects: a throw inside one of net's event listeners would be an
 * uncaught exception in the main process, and the lookup would wait for its timeout.
 */
export function netRequestFetch(): FetchLike {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const request = net.request({
        url,
        method: init.method ?? 'GET',
        redirect: 'manual',
        // The portal is asked with the credentials in the request only, never a browser cookie.
        credentials: 'omit',
        useSessionCookies: false,
        cache: 'no-store',
      });
      let settled = false;
      const settle = (outcome: () => Response | Promise<never>): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
      };
      const fail = (error: unknown): void => settle(() => Promise.reject(error));
      const onAbort = (): void => {
        request.abort();
        fail(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });

      request.on('redirect', (statusCode, _method, redirectUrl, responseHeaders) => {
        request.abort();
        settle(() => {
          const headers = headersOf(responseHeaders);
          headers.set('location', redirectUrl);
          return new Response(null, { status: statusCode, headers });
        });
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk) => {
          size += chunk.length;
          if (size > BODY_MAX_BYTES) {
            request.abort();
            fail(new Error(`The answer is larger than ${BODY_MAX_BYTES} bytes.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () =>
          settle(() => {
            // A status no Response can carry (a proxy's 999) reads as a failing server, which the client words.
            const status = response.statusCode >= 200 && response.statusCode <= 599 ? response.statusCode : 502;
            const body = NO_BODY.has(status) ? null : Buffer.concat(chunks);
            return new Response(body, { status, headers: headersOf(response.headers) });
          }),
        );
      });
      request.on('error', fail);

      try {
        for (const [name, value] of new Headers(init.headers)) request.setHeader(name, value);
        if (typeof init.body === 'string') request.write(init.body);
        else if (init.body !== undefined && init.body !== null) throw new TypeError('The REST transport sends text bodies only.');
        request.end();
      } catch (error) {
        request.abort();
        fail(error);
      }
    });
}
