/**
 * A fake Bitrix24 portal: a real HTTP server on 127.0.0.1 that answers REST calls the way a cloud portal does,
 * envelope, error codes, batch format, leaky bucket, rename redirects and all. Tests start one per case and
 * tell it how to misbehave; `npm run fake-portal` starts one for trying the app without a portal.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A chat the portal knows: what `im.dialog.get` says about it. */
export interface FakeChat {
  name: string;
  entityType: string;
  entityId: string;
  /** Whether the webhook's user is a member; others get ACCESS_ERROR from im.dialog.get. */
  member: boolean;
}

export interface FakePortalBehaviour {
  /** `object` answers `{"ID": 1437}` (current portals), `number` answers `1437` (older ones). */
  answerShape: 'object' | 'number';
  /** Scopes the webhook (or application) has. Without `im`, im.* methods answer `insufficient_scope`. */
  scopes: string[];
  /** The webhook was deleted: every call answers 401 INVALID_CREDENTIALS. */
  webhookRejected: boolean;
  /** Enforce Bitrix24's leaky bucket per source: above `burst` answer 503 QUERY_LIMIT_EXCEEDED. */
  rateLimit: { burst: number; perSecond: number } | null;
  /** The portal was renamed: answer everything with a 302 to the same path on this origin. */
  renamedTo: string | null;
  /** Methods this portal does not have (ERROR_METHOD_NOT_FOUND), e.g. every im.* when the module is off. */
  unavailableMethods: string[];
  /**
   * What the person "clicks" on the authorize page (`GET /oauth/authorize/`): `allow` sends the browser back with a
   * code, `deny` with `error=access_denied`.
   */
  authorize: 'allow' | 'deny';
  /** How long a sign-in code can be exchanged (Bitrix24: 30 s). */
  codeLifetimeMs: number;
}

/** One-shot misbehaviours, used up by the next REST requests in order. */
export type FakeFault =
  | { kind: 'error'; status: number; error: string; description?: string }
  /** 429 OPERATION_TIME_LIMIT, saying when the method is free in `time.operating_reset_at` or a Retry-After header. */
  | { kind: 'operation_limit'; resetInSeconds: number; via?: 'body' | 'retry-after' }
  | { kind: 'html'; status: number }
  | { kind: 'stall' }
  /** Send the status line, headers and half the body, then nothing more. */
  | { kind: 'stall_body' }
  | { kind: 'drop' }
  /** Send the status line, headers and half the body, then reset the connection (TCP RST). */
  | { kind: 'reset_body' }
  /** Promise the whole body in Content-Length, send half of it, then end the connection cleanly (FIN). */
  | { kind: 'short_body' }
  /**
   * A slow trickle: the headers, then one byte of a well-formed answer every `intervalMs`, so the whole answer takes
   * `intervalMs` times its length (a few seconds at 20 ms a byte) unless the client gives up first.
   */
  | { kind: 'trickle'; intervalMs: number }
  /** Answer with a redirect to exactly this address. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string };

export const FAULTS = {
  queryLimit: { kind: 'error', status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' },
  overload: { kind: 'error', status: 503, error: 'OVERLOAD_LIMIT', description: 'REST API is blocked due to overload.' },
  internalError: { kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'Internal server error' },
  accessDenied: { kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'REST is available only on commercial plans.' },
  portalDeleted: { kind: 'error', status: 404, error: 'PORTAL_DELETED', description: 'Portal was deleted' },
  authorizationError: { kind: 'error', status: 401, error: 'authorization_error', description: 'Unable to authorize user' },
  html502: { kind: 'html', status: 502 },
  stall: { kind: 'stall' },
  stallBody: { kind: 'stall_body' },
  drop: { kind: 'drop' },
  resetBody: { kind: 'reset_body' },
  shortBody: { kind: 'short_body' },
  /** An HTML page with HTTP 200, as a captive portal or a login page answers. */
  html200: { kind: 'html', status: 200 },
  trickle: { kind: 'trickle', intervalMs: 20 },
} as const satisfies Record<string, FakeFault>;

export interface RecordedRequest {
  httpMethod: string;
  path: string;
  /** The REST method, or `oauth/token`. */
  restMethod: string;
  params: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  /** What the portal answered (status), or 0 when it stalled or dropped the connection. */
  status: number;
}

export interface OAuthState {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
  /** The current access token answers `expired_token` until refreshed. */
  accessExpired: boolean;
  /** Refresh requests answer `invalid_grant`. */
  refreshRejected: boolean;
  refreshCount: number;
  /** Sign-in codes exchanged for tokens (grant `authorization_code`). */
  codeExchangeCount: number;
  /** What the token answer names as `client_endpoint`; by default the portal that answered. */
  clientEndpoint: string | null;
}

/**
 * The handler address registered in the fake's local application. Its authorize page sends the browser there, on any
 * port (RFC 8252), and to nowhere else.
 */
export const REGISTERED_HANDLER = 'http://127.0.0.1/b24-chat-lookup/oauth';

export interface FakePortalOptions extends Partial<FakePortalBehaviour> {
  userId?: number;
  secret?: string;
  port?: number;
  /** `ENTITY_TYPE:ENTITY_ID` → chat id. */
  entities?: Record<string, number>;
  chats?: Record<number, FakeChat>;
  user?: { NAME: string; LAST_NAME: string };
  /** Answer every REST call this much later, to make timing visible in benchmarks and the demo. */
  latencyMs?: number;
  /** Share another fake's OAuth state: its tokens work here too, as on a renamed portal. */
  oauth?: OAuthState;
  /** The local application's client secret (random unless given; `npm run fake-portal` prints a fixed one). */
  clientSecret?: string;
}

/** Entities with chats in the demo portal, as `im.chat.get` keys. */
export const DEMO_ENTITIES: Record<string, number> = {
  'CRM:LEAD|13': 1437,
  'CRM:DEAL|5': 1501,
  'CRM:CONTACT|25': 1502,
  'CRM:COMPANY|7': 1503,
  'CRM:DYNAMIC_128|3': 1504,
  'CRM:SMART_INVOICE|9': 1505,
  'TASKS_TASK:8293': 1600,
};

export const DEMO_CHATS: Record<number, FakeChat> = {
  1437: { name: 'Lead #13: Website enquiry', entityType: 'CRM', entityId: 'LEAD|13', member: true },
  1501: { name: 'Deal #5: Office chairs', entityType: 'CRM', entityId: 'DEAL|5', member: true },
  1502: { name: 'Contact #25: Anna Smirnova', entityType: 'CRM', entityId: 'CONTACT|25', member: false },
  1503: { name: 'Company #7: Northwind', entityType: 'CRM', entityId: 'COMPANY|7', member: true },
  1504: { name: 'Delivery #3', entityType: 'CRM', entityId: 'DYNAMIC_128|3', member: true },
  1505: { name: 'Invoice #9', entityType: 'CRM', entityId: 'SMART_INVOICE|9', member: true },
  1600: { name: 'Task #8293: Prepare the offer', entityType: 'TASKS_TASK', entityId: '8293', member: true },
};

export interface FakePortal {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** A working incoming webhook: `<origin>/rest/<userId>/<secret>/` */
  readonly webhookUrl: string;
  readonly userId: number;
  readonly secret: string;
  readonly behaviour: FakePortalBehaviour;
  readonly entities: Map<string, number>;
  readonly chats: Map<number, FakeChat>;
  readonly oauth: OAuthState;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** HTTP requests received so far (a batch counts once, as on the real portal). */
  readonly requestCount: number;
  /** Requests the leaky bucket refused with QUERY_LIMIT_EXCEEDED. */
  readonly refusedCount: number;
  set(behaviour: Partial<FakePortalBehaviour>): void;
  /** Misbehave on the next `times` REST requests. */
  failNext(fault: FakeFault, times?: number): void;
  /** OAuth tokens for a client: `clientEndpoint` here, `serverEndpoint` here too. */
  oauthTokens(): { accessToken: string; refreshToken: string; clientEndpoint: string; serverEndpoint: string };
  close(): Promise<void>;
}

type MethodAnswer = { result: unknown } | { error: string; description: string; status: number };

function token(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
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

function upperKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]));
}

function timeBlock(started: number, operatingResetAt?: number): Record<string, unknown> {
  const finish = Date.now() / 1000;
  const start = started / 1000;
  return {
    start,
    finish,
    duration: finish - start,
    processing: finish - start,
    date_start: new Date(started).toISOString(),
    date_finish: new Date().toISOString(),
    operating_reset_at: operatingResetAt ?? Math.floor(finish) + 600,
    operating: 0,
  };
}

export async function startFakePortal(options: FakePortalOptions = {}): Promise<FakePortal> {
  const userId = options.userId ?? 1;
  const secret = options.secret ?? token('whsec');
  const behaviour: FakePortalBehaviour = {
    answerShape: options.answerShape ?? 'object',
    scopes: options.scopes ?? ['crm', 'im', 'user', 'task'],
    webhookRejected: options.webhookRejected ?? false,
    rateLimit: options.rateLimit ?? null,
    renamedTo: options.renamedTo ?? null,
    unavailableMethods: options.unavailableMethods ?? [],
    authorize: options.authorize ?? 'allow',
    codeLifetimeMs: options.codeLifetimeMs ?? 30_000,
  };
  const entities = new Map(Object.entries(options.entities ?? DEMO_ENTITIES));
  const chats = new Map(Object.entries(options.chats ?? DEMO_CHATS).map(([id, chat]) => [Number(id), chat]));
  const user = options.user ?? { NAME: 'Irina', LAST_NAME: 'Volkova' };
  const latencyMs = options.latencyMs ?? 0;
  const faults: FakeFault[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const bucket = { level: 0, updatedAt: Date.now() };
  let refusedCount = 0;
  const oauth: OAuthState = options.oauth ?? {
    clientId: 'local.fake0000000001.00000001',
    clientSecret: options.clientSecret ?? token('appsec'),
    accessToken: token('acc'),
    refreshToken: token('ref'),
    accessExpired: false,
    refreshRejected: false,
    refreshCount: 0,
    codeExchangeCount: 0,
    clientEndpoint: null,
  };
  /** Sign-in codes handed out and not yet used: code → when. */
  const codes = new Map<string, number>();

  /** Leaky bucket as the portal keeps it: each request adds 1, above the burst it is refused (and not counted). */
  function admit(): boolean {
    const limit = behaviour.rateLimit;
    if (!limit) return true;
    const now = Date.now();
    bucket.level = Math.max(0, bucket.level - ((now - bucket.updatedAt) / 1000) * limit.perSecond);
    bucket.updatedAt = now;
    if (bucket.level + 1 > limit.burst + 1e-9) return false;
    bucket.level += 1;
    return true;
  }

  function runMethod(method: string, rawParams: Record<string, unknown>, depth: number): MethodAnswer {
    const params = upperKeys(rawParams);
    const name = method.toLowerCase().replace(/\.json$/, '');
    if (behaviour.unavailableMethods.includes(name)) {
      return { error: 'ERROR_METHOD_NOT_FOUND', description: 'Method not found!', status: 404 };
    }
    if (name.startsWith('im.') && !behaviour.scopes.includes('im')) {
      return { error: 'insufficient_scope', description: 'The request requires higher privileges than provided by the webhook token', status: 401 };
    }
    switch (name) {
      case 'im.chat.get': {
        const type = params.ENTITY_TYPE;
        const id = params.ENTITY_ID;
        // Missing, empty and "0" parameters get a silent null, as on a real portal.
        if (typeof type !== 'string' || typeof id !== 'string' || type === '' || id === '' || id === '0') return { result: null };
        const chatId = entities.get(`${type}:${id}`);
        if (chatId === undefined) return { result: null };
        return { result: behaviour.answerShape === 'number' ? chatId : { ID: chatId } };
      }
      case 'im.dialog.get': {
        const dialogId = String(params.DIALOG_ID ?? '');
        const chatId = /^chat(\d+)$/.exec(dialogId)?.[1];
        const chat = chatId === undefined ? undefined : chats.get(Number(chatId));
        if (!chat) return { error: 'DIALOG_ID_EMPTY', description: 'Dialog ID can\'t be empty', status: 400 };
        if (!chat.member) return { error: 'ACCESS_ERROR', description: 'You do not have access to the specified dialog', status: 403 };
        const entityId = chat.entityId;
        const [entityKind, entityNumber] = entityId.split('|');
        return {
          result: {
            id: Number(chatId),
            dialog_id: dialogId,
            name: chat.name,
            type: 'chat',
            entity_type: chat.entityType,
            entity_id: entityId,
            entity_link: chat.entityType === 'CRM' && entityNumber
              ? { type: entityKind, id: entityNumber, url: `/crm/${(entityKind ?? '').toLowerCase()}/details/${entityNumber}/` }
              : { type: '', id: '', url: '' },
          },
        };
      }
      case 'scope':
        return { result: behaviour.scopes };
      case 'profile':
        return { result: { ID: String(userId), ADMIN: false, NAME: user.NAME, LAST_NAME: user.LAST_NAME, PERSONAL_GENDER: '', TIME_ZONE: '' } };
      case 'batch': {
        if (depth > 0) return { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', description: 'Method is not allowed for batch usage', status: 400 };
        const cmd = params.CMD;
        const entries = typeof cmd === 'object' && cmd !== null ? Object.entries(cmd as Record<string, unknown>) : [];
        if (entries.length > 50) return { error: 'ERROR_BATCH_LENGTH_EXCEEDED', description: 'Max batch length exceeded', status: 400 };
        // Any `halt` but 0 / "0" / empty counts as true: the string "false" stops the batch too.
        const halt = !['0', '', 'undefined'].includes(String(params.HALT ?? ''));
        const result: Record<string, unknown> = {};
        const resultError: Record<string, unknown> = {};
        for (const [key, command] of entries) {
          const text = String(command);
          const q = text.indexOf('?');
          const sub = runMethod(q === -1 ? text : text.slice(0, q), q === -1 ? {} : parseQuery(text.slice(q + 1)), depth + 1);
          if ('result' in sub) result[key] = sub.result;
          else {
            resultError[key] = { error: sub.error, error_description: sub.description };
            if (halt) break;
          }
        }
        // PHP encodes an empty array as [], not {}.
        const section = (o: Record<string, unknown>): unknown => (Object.keys(o).length === 0 ? [] : o);
        return {
          result: { result: section(result), result_error: section(resultError), result_total: [], result_next: [], result_time: [] },
        };
      }
      default:
        return { error: 'ERROR_METHOD_NOT_FOUND', description: 'Method not found!', status: 404 };
    }
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function send(res: ServerResponse, record: RecordedRequest, status: number, body: unknown, headers: Record<string, string> = {}): void {
    record.status = status;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let bodyParams: Record<string, unknown> = {};
    if (raw !== '') {
      if ((req.headers['content-type'] ?? '').includes('json')) {
        try {
          const parsed: unknown = JSON.parse(raw);
          if (typeof parsed === 'object' && parsed !== null) bodyParams = parsed as Record<string, unknown>;
        } catch {
          bodyParams = {};
        }
      } else bodyParams = parseQuery(raw);
    }
    const params = { ...parseQuery(url.search.slice(1)), ...bodyParams };
    const record: RecordedRequest = { httpMethod: req.method ?? 'GET', path: url.pathname, restMethod: '', params, headers: req.headers, status: 0 };
    requests.push(record);

    if (behaviour.renamedTo) {
      record.restMethod = url.pathname.split('/').pop() ?? '';
      record.status = 302;
      res.writeHead(302, { Location: `${behaviour.renamedTo}${url.pathname}${url.search}`, 'Content-Type': 'text/html' });
      res.end('<html><body>Moved</body></html>');
      return;
    }

    if (url.pathname === '/oauth/token/') {
      record.restMethod = 'oauth/token';
      handleTokenRequest(res, record, params);
      return;
    }
    if (url.pathname === '/oauth/authorize/') {
      record.restMethod = 'oauth/authorize';
      handleAuthorize(res, record, url.searchParams);
      return;
    }

    // /rest/<userId>/<secret>/<method> (webhook) or /rest/<method> (OAuth, token in `auth`).
    const webhook = /^\/rest\/(\d+)\/([^/]+)\/([^/]+?)(?:\.json)?\/?$/.exec(url.pathname);
    const app = webhook ? null : /^\/rest\/([^/]+?)(?:\.json)?\/?$/.exec(url.pathname);
    const method = webhook?.[3] ?? app?.[1];
    if (!method) {
      record.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>404 Not Found</h1></body></html>');
      return;
    }
    record.restMethod = method;

    // The bucket counts every request that reaches the portal, before anything else can go wrong with it.
    if (!admit()) {
      refusedCount += 1;
      send(res, record, 503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
      return;
    }
    const fault = faults.shift();
    if (fault?.kind === 'stall') return; // never answers; closed when the portal stops
    if (fault?.kind === 'stall_body') {
      const text = JSON.stringify({ result: { ID: 1437 }, time: timeBlock(started) });
      record.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.write(text.slice(0, text.length >> 1));
      return;
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'reset_body' || fault?.kind === 'short_body' || fault?.kind === 'trickle') {
      const text = JSON.stringify({ result: { ID: 1437 }, time: timeBlock(started) });
      record.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      if (fault.kind === 'trickle') {
        trickle(res, text, fault.intervalMs);
        return;
      }
      const socket = req.socket;
      // Written straight to the socket once the headers are out, so the half body is on the wire before it breaks.
      res.flushHeaders();
      socket.write(text.slice(0, text.length >> 1), () => {
        if (fault.kind === 'reset_body') socket.resetAndDestroy();
        else socket.end();
      });
      return;
    }
    if (fault?.kind === 'redirect') {
      record.status = fault.status;
      res.writeHead(fault.status, { Location: fault.location, 'Content-Type': 'text/html' });
      res.end('<html><body>Moved</body></html>');
      return;
    }
    if (fault?.kind === 'html') {
      record.status = fault.status;
      res.writeHead(fault.status, { 'Content-Type': 'text/html' });
      res.end(`<html><head><title>${fault.status} Bad Gateway</title></head><body><center><h1>${fault.status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`);
      return;
    }
    if (fault?.kind === 'error') {
      send(res, record, fault.status, { error: fault.error, error_description: fault.description ?? '' });
      return;
    }
    if (fault?.kind === 'operation_limit') {
      const resetAt = Math.floor(Date.now() / 1000 + fault.resetInSeconds);
      const error = { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' };
      if (fault.via === 'retry-after') send(res, record, 429, error, { 'Retry-After': String(fault.resetInSeconds) });
      else send(res, record, 429, { ...error, time: timeBlock(started, resetAt) });
      return;
    }

    if (webhook) {
      if (Number(webhook[1]) !== userId || webhook[2] !== secret) {
        send(res, record, 401, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
        return;
      }
      if (behaviour.webhookRejected) {
        send(res, record, 401, { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' });
        return;
      }
    } else {
      const auth = params.auth ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (auth !== oauth.accessToken) {
        send(res, record, 401, { error: 'invalid_token', error_description: 'The access token provided is invalid.' });
        return;
      }
      if (oauth.accessExpired) {
        send(res, record, 401, { error: 'expired_token', error_description: 'The access token provided has expired.' });
        return;
      }
      delete params.auth;
    }

    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const answer = runMethod(method, params, 0);
    if ('result' in answer) send(res, record, 200, { result: answer.result, time: timeBlock(started) });
    else send(res, record, answer.status, { error: answer.error, error_description: answer.description });
  }

  /** Sends `text` one byte at a time, every `intervalMs`, until it is all sent or the client hangs up. */
  function trickle(res: ServerResponse, text: string, intervalMs: number): void {
    const bytes = Buffer.from(text);
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= bytes.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(bytes.subarray(sent, sent + 1));
      sent += 1;
    }, intervalMs);
    res.on('close', () => clearInterval(timer));
  }

  function page(res: ServerResponse, record: RecordedRequest, status: number, text: string): void {
    record.status = status;
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<html><body><p>${text}</p></body></html>`);
  }

  /**
   * The portal's authorize page, with the person already signed in to Bitrix24 and clicking "Allow" (or "Deny"): a
   * 302 back to the registered handler, on the port the app asked for, with what Bitrix24 adds to it.
   */
  function handleAuthorize(res: ServerResponse, record: RecordedRequest, query: URLSearchParams): void {
    if (query.get('client_id') !== oauth.clientId) {
      page(res, record, 400, 'WRONG_APPLICATION_CLIENT: Unable to get application data.');
      return;
    }
    const target = URL.parse(query.get('redirect_uri') ?? REGISTERED_HANDLER);
    const registered = new URL(REGISTERED_HANDLER);
    const matches =
      target !== null &&
      target.protocol === registered.protocol &&
      target.hostname === registered.hostname &&
      target.pathname === registered.pathname &&
      target.search === '' &&
      target.hash === '' &&
      target.username === '' &&
      target.password === '';
    if (!target || !matches) {
      page(res, record, 400, 'The redirect_uri is not the handler address registered for this application.');
      return;
    }
    const state = query.get('state');
    const answer = new URLSearchParams();
    if (behaviour.authorize === 'deny') {
      answer.set('error', 'access_denied');
      answer.set('error_description', 'The user denied access to the application');
      if (state !== null) answer.set('state', state);
    } else {
      const code = token('code');
      codes.set(code, Date.now());
      answer.set('code', code);
      if (state !== null) answer.set('state', state);
      answer.set('domain', new URL(portal.origin).host);
      answer.set('member_id', 'fake0member0id');
      answer.set('scope', behaviour.scopes.join(','));
      answer.set('server_domain', new URL(portal.origin).host);
    }
    target.search = answer.toString();
    record.status = 302;
    res.writeHead(302, { Location: target.href, 'Content-Type': 'text/html' });
    res.end('<html><body>Redirecting</body></html>');
  }

  function handleTokenRequest(res: ServerResponse, record: RecordedRequest, params: Record<string, unknown>): void {
    if (params.client_id !== oauth.clientId || params.client_secret !== oauth.clientSecret) {
      send(res, record, 400, { error: 'invalid_client', error_description: 'Invalid client credentials' });
      return;
    }
    if (params.grant_type === 'refresh_token') {
      if (oauth.refreshRejected || params.refresh_token !== oauth.refreshToken) {
        send(res, record, 400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
        return;
      }
      oauth.refreshCount += 1;
    } else if (params.grant_type === 'authorization_code') {
      const code = typeof params.code === 'string' ? params.code : '';
      const issuedAt = codes.get(code);
      // A code works once, and only for its lifetime.
      codes.delete(code);
      if (issuedAt === undefined || Date.now() - issuedAt > behaviour.codeLifetimeMs) {
        send(res, record, 400, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
        return;
      }
      oauth.codeExchangeCount += 1;
    } else {
      send(res, record, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
      return;
    }
    oauth.accessToken = token('acc');
    oauth.refreshToken = token('ref');
    oauth.accessExpired = false;
    send(res, record, 200, {
      access_token: oauth.accessToken,
      refresh_token: oauth.refreshToken,
      expires: Math.floor(Date.now() / 1000) + 3600,
      expires_in: 3600,
      scope: behaviour.scopes.join(','),
      domain: new URL(portal.origin).host,
      server_endpoint: `${portal.origin}/rest/`,
      client_endpoint: oauth.clientEndpoint ?? `${portal.origin}/rest/`,
      member_id: 'fake0member0id',
      user_id: userId,
      status: 'L',
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'INTERNAL_SERVER_ERROR', error_description: String(error) }));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const portal: FakePortal = {
    origin,
    webhookUrl: `${origin}/rest/${userId}/${secret}/`,
    userId,
    secret,
    behaviour,
    entities,
    chats,
    oauth,
    requests,
    get requestCount() {
      return requests.length;
    },
    get refusedCount() {
      return refusedCount;
    },
    set(update) {
      Object.assign(behaviour, update);
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
    oauthTokens() {
      return { accessToken: oauth.accessToken, refreshToken: oauth.refreshToken, clientEndpoint: `${origin}/rest/`, serverEndpoint: `${origin}/rest/` };
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
  return portal;
}
