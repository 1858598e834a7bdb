/**
 * What the fake portal and the fake authorization server share: an HTTP server on 127.0.0.1 that can also speak
 * HTTPS under a public name (`https://acme.bitrix24.ru` served from 127.0.0.1 with the test certificate, for a client
 * whose fetch resolves that name here: test/support/host-fetch.ts), a record of every request, and the answers'
 * JSON framing. No Bitrix24 behaviour lives here; portal.ts and oauth-server.ts cite the docs for theirs.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** Serve HTTPS under this name (the certificate must cover it), instead of plain HTTP on 127.0.0.1. */
export interface PublicName {
  hostname: string;
  key: string | Buffer;
  cert: string | Buffer;
}

export interface RecordedRequest {
  httpMethod: string;
  path: string;
  /** The REST method, `oauth/token` or `oauth/authorize`. */
  restMethod: string;
  params: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** What was answered (status), or 0 when the server stalled or dropped the connection. */
  status: number;
}

export interface Listening {
  /** What clients use: `http://127.0.0.1:<port>`, or `https://<name>` for a public name. */
  origin: string;
  /** Where it really listens (for a fetch that resolves the public name here). */
  address: { host: string; port: number };
  close(): Promise<void>;
}

/** PHP's parse_str, enough for REST parameters: `a=1&B[c]=2&D[0]=x`. */
export function parseQuery(query: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(query)) {
    const parts = rawKey.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    let target = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) target[part] = value;
      else {
        const next = target[part];
        target = (typeof next === 'object' && next !== null ? next : (target[part] = {})) as Record<string, unknown>;
      }
    });
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The request's parameters from the query, then the body (JSON, or form-encoded), the body winning: REST 2 reads both
 * ([en] settings/how-to-call-rest-api/index.md:33-34 puts `auth` in either).
 */
export async function readParams(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  let bodyParams: Record<string, unknown> = {};
  if (raw !== '') {
    if ((req.headers['content-type'] ?? '').includes('json')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) bodyParams = parsed as Record<string, unknown>;
      } catch {
        bodyParams = {};
      }
    } else bodyParams = parseQuery(raw);
  }
  return { ...parseQuery(url.search.slice(1)), ...bodyParams };
}

export function sendJson(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
  record.status = status;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendPage(res: ServerResponse, record: RecordedRequest, status: number, title: string, text: string): void {
  record.status = status;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`);
}

/** Starts a server on 127.0.0.1 (a port of its own unless given); a handler that throws answers 500. */
export async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  { port = 0, name }: { port?: number | undefined; name?: PublicName | undefined } = {},
): Promise<Listening> {
  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'INTERNAL_SERVER_ERROR', error_description: String(error) }));
      }
    });
  };
  const server = name ? createHttpsServer({ key: name.key, cert: name.cert }, onRequest) : createHttpServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    origin: name ? `https://${name.hostname}` : `http://127.0.0.1:${address.port}`,
    address: { host: '127.0.0.1', port: address.port },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A random token of the kind the fake hands out. */
export function token(prefix: string, bytes = 12): string {
  return `${prefix}${crypto.getRandomValues(new Uint8Array(bytes)).reduce((text, byte) => text + byte.toString(16).padStart(2, '0'), '')}`;
}
