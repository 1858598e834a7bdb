/**
 * The REST transport of the installed app (electron/shell/net-request-fetch.ts): a fetch over Electron's `net.request`,
 * kept rather than `net.fetch` because `net.fetch` rejects a redirect it was told not to follow ("Redirect was
 * cancelled", docs/electron-shell.md §3). Here it runs over the stand-in's `net.request` (Node's http underneath,
 * with Electron's events: `redirect` in manual mode, `response`, header values decoded as UTF-8) against a real
 * server on 127.0.0.1, so its own logic is what is tested: a redirect answered as the 3xx it was, a body past the cap
 * cut off, an impossible status, a header Electron hands over as UTF-8 text, the caller's abort, a body it cannot send.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { netRequestFetch } from '../../electron/shell/net-request-fetch.ts';

let server: Server;
let base: string;
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const fetchLike = netRequestFetch();

describe('the transport over net.request', () => {
  test('POSTs the body with the headers given, and answers with the status, headers and body', async () => {
    routes.set('/echo', (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () =>
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ method: req.method, ua: req.headers['user-agent'], body })),
      );
    });
    const response = await fetchLike(`${base}/echo`, { method: 'POST', headers: { 'User-Agent': 'B24ChatLookup/test' }, body: '{"ENTITY_ID":"LEAD|13"}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ method: 'POST', ua: 'B24ChatLookup/test', body: '{"ENTITY_ID":"LEAD|13"}' });
  });

  test('a redirect comes back as the 3xx it was, with where it leads, and is not followed', async () => {
    let followed = false;
    routes.set('/moved', (_req, res) => res.writeHead(301, { Location: '/new-home' }).end());
    routes.set('/new-home', (_req, res) => ((followed = true), res.writeHead(200).end('{}')));
    const response = await fetchLike(`${base}/moved`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(`${base}/new-home`);
    expect(followed).toBe(false);
  });

  test('a header Electron hands over as UTF-8 text (a Cyrillic one from a proxy) does not break the answer', async () => {
    routes.set('/cyrillic', (_req, res) => {
      res.setHeader('X-Portal', Buffer.from('Портал', 'utf8').toString('latin1'));
      res.writeHead(200).end('{}');
    });
    const response = await fetchLike(`${base}/cyrillic`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(Buffer.from(response.headers.get('x-portal') ?? '', 'latin1').toString('utf8')).toBe('Портал');
  });

  test('a status no Response can carry reads as a failing server', async () => {
    routes.set('/odd', (_req, res) => res.writeHead(999).end('nope'));
    expect((await fetchLike(`${base}/odd`, { method: 'POST', body: '{}' })).status).toBe(502);
  });

  test('an answer larger than 16 MB is cut off and refused, not kept in memory', async () => {
    routes.set('/huge', (_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      let sent = 0;
      const more = (): void => {
        while (sent < 20 && res.write(chunk)) sent += 1;
        if (sent < 20) res.once('drain', () => ((sent += 1), more()));
        else res.end();
      };
      more();
    });
    await expect(fetchLike(`${base}/huge`, { method: 'POST', body: '{}' })).rejects.toThrow(/larger than 16777216 bytes/);
  });

  test("the caller's abort ends the request with the signal's reason", async () => {
    routes.set('/slow', () => undefined);
    const controller = new AbortController();
    const pending = fetchLike(`${base}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    controller.abort(new Error('stopped by the person'));
    await expect(pending).rejects.toThrow('stopped by the person');
    const already = new AbortController();
    already.abort(new Error('before it began'));
    await expect(fetchLike(`${base}/slow`, { method: 'POST', body: '{}', signal: already.signal })).rejects.toThrow('before it began');
  });

  test('a body that is not text is refused before anything is sent', async () => {
    await expect(fetchLike(`${base}/echo`, { method: 'POST', body: new Uint8Array([1, 2]) })).rejects.toThrow(/text bodies only/);
  });
});
