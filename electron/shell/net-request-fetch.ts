import { net } from 'electron';
import type { FetchLike } from '../core/bitrix/transport.ts';

// Statuses whose Response may not have a body (the Response constructor throws for one with a body).
const NO_BODY = new Set([101, 103, 204, 205, 304]);

function headersOf(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * The REST client's transport over Chromium's network stack (Electron's `net`), so the system's proxy settings,
 * PAC files and certificate store apply as in the browser. `net.fetch` would be simpler but cannot hand back a
 * redirect unfollowed (it rejects with "Redirect was cancelled", electron/electron#43715), and the client must see
 * a portal's redirect to tell the person it moved and to refuse one to this computer. `net.request` reports the
 * redirect as an event: it is answered as the 3xx response it was, and the request is dropped.
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
      const onAbort = (): void => {
        request.abort();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => signal?.removeEventListener('abort', onAbort);

      request.on('redirect', (statusCode, _method, redirectUrl, responseHeaders) => {
        const headers = headersOf(responseHeaders);
        headers.set('location', redirectUrl);
        settle();
        resolve(new Response(null, { status: statusCode, headers }));
        request.abort();
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', (error: Error) => {
          settle();
          reject(error);
        });
        response.on('end', () => {
          settle();
          const body = NO_BODY.has(response.statusCode) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status: response.statusCode, statusText: response.statusMessage, headers: headersOf(response.headers) }));
        });
      });
      request.on('error', (error) => {
        settle();
        reject(error);
      });

      for (const [name, value] of new Headers(init.headers)) request.setHeader(name, value);
      if (typeof init.body === 'string') request.write(init.body);
      else if (init.body instanceof URLSearchParams) request.write(init.body.toString());
      else if (init.body !== undefined && init.body !== null) {
        reject(new TypeError('The REST transport sends text bodies only.'));
        request.abort();
        return;
      }
      request.end();
    });
}
