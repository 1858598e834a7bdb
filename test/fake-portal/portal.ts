/**
 * portal.ts is over 300 lines because the portal's HTTP side (addresses, authentication, limits, batch, faults) is one server whose parts share its state.
 *
 * A fake Bitrix24 portal for tests, the demo and `npm run fake-portal`: a real HTTP server on 127.0.0.1 (or HTTPS under
 * a public name) that answers the REST API the way the official documentation says a cloud portal does, with a
 * separate fake authorization server beside it (oauth-server.ts), as in Bitrix24. Every behaviour names the page it
 * comes from; the table in README.md (this folder) lists them, and what no page says is marked as a guess.
 *
 * This file holds the portal's HTTP side: the REST addresses, authentication, the limits, `batch`, the rename redirect
 * and the authorize page. The methods themselves are in rest-methods.ts, the documented errors in system-errors.ts.
 *
 * - Addresses ([en] settings/how-to-call-rest-api/index.md:33-34): a webhook calls `/rest/<user id>/<code>/<method>`, an
 *   application `/rest/<method>` with its access token in `auth` (body or query); `.json` after the method is allowed
 *   ([en] local-integrations/local-webhooks.md:62-73). `Authorization: Bearer <token>` is taken too: the tasks.flow
 *   pages show it ([en] api-reference/tasks/flow/tasks-flow-flow-get.md:49).
 * - A wrong webhook code or an unknown access token: NO_AUTH_FOUND, 401 ([en] _includes/system-errors.md:20); an expired
 *   access token: expired_token, 401 (system-errors.md:34; settings/oauth/auto-renewal.md:103). A deleted or expired
 *   webhook "returns an authorization error" ([en] local-integrations/local-webhooks.md:37) without naming it: the fake
 *   answers NO_AUTH_FOUND (guess). INVALID_CREDENTIALS is a user who lacks the rights (system-errors.md:28).
 * - The portal was renamed: every request gets a 302 to the same path on the new host ([en]
 *   settings/how-to-call-rest-api/change-domen.md:29: "Receive a 302 request status, extract the new address").
 * - `batch` ([en] settings/how-to-call-rest-api/batch.md): `cmd` as an object or a list of `method?query` strings
 *   (:35, :48), run in order (:20); `halt` true/false or 1/0, default false (:37); a form or query request sends them as
 *   the strings "true"/"false"/"1"/"0", read the same. At most 50 commands: the rest "will end with an error
 *   ERROR_BATCH_LENGTH_EXCEEDED" (:44) while the request answers 200, since "batch does not return a single error for
 *   the entire batch" (:430). The docs contradict themselves here: the table at :508 gives the code with 400 for "more
 *   than 50 subqueries", and system-errors.md:19 describes it as a length of parameters; the fake follows :44 and :430,
 *   which agree with each other. A `batch` inside a batch is refused for that command with ERROR_BATCH_METHOD_NOT_ALLOWED
 *   (:58; 405 in the table, :507). The answer: `result`, `result_error`, `result_total`, `result_next`, `result_time`
 *   (:411-425), an empty one written `[]` (:363, :444). A command's parameters may read an earlier command's answer as
 *   `$result[key][field]` ([ru] rest_help/general/batch.php); a key or field with no answer is filled with nothing
 *   (guess: the page does not say).
 * - The `time` block of every answer ([en] api-reference/data-types.md:116-162): `operating` and `operating_reset_at` of
 *   the method; `scope` and `profile` leave out `operating_reset_at`, as their pages' answers do (scope.md:206-214,
 *   profile.md:194-202).
 * - Limits: limits.ts.
 * - The authorize page ([en] settings/oauth/index.md:86-132): `/oauth/authorize/?client_id=…&state=…`. The person is
 *   signed in to Bitrix24 already ("If the user is already authorized in their Bitrix24, the form is not shown", :104),
 *   so the page sends the browser at once to the application's own handler address (it is "not passed in the
 *   authorization request; Bitrix24 takes it from the application settings", :70) with code, state, domain (the portal),
 *   member_id, scope and server_domain (the authorization server) (:110-130). A `redirect_uri` in the request is ignored
 *   (guess: the docs only say it is not passed). A sign-in that cannot be completed (an unknown or uninstalled
 *   application, or `signIn: 'fails'`) is shown on the portal's own page: "The application receives neither a redirect
 *   nor error parameters" (:106).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperatingBaskets, type RatePlan, RequestCounter } from './limits.ts';
import { CODE_LIFETIME_MS, type FakeApplication, type FakeOAuthServer, type OAuthState, startFakeOAuthServer } from './oauth-server.ts';
import { type FakeChat, type FakeOpenLineChat, type MethodContext, type PortalData, runRestMethod } from './rest-methods.ts';
import { type Listening, listen, parseQuery, type PublicName, readParams, type RecordedRequest, sendJson, sendPage, token } from './server.ts';
import { type DocumentedError, SYSTEM_ERRORS } from './system-errors.ts';

export type { FakeApplication, OAuthState } from './oauth-server.ts';
export type { FakeChat, FakeOpenLineChat } from './rest-methods.ts';
export type { RecordedRequest } from './server.ts';
export { RATE_PLANS } from './limits.ts';
export { SYSTEM_ERRORS, METHOD_ERRORS, OAUTH_ERRORS, type DocumentedError } from './system-errors.ts';
export { parseQuery } from './server.ts';

export interface FakePortalBehaviour {
  /** `object` answers `{"ID": 1437}` (the docs); `number` answers `1437` (guess: portals not yet updated). */
  answerShape: 'object' | 'number';
  /** Scopes the webhook (or application) has. */
  scopes: string[];
  /** The webhook was deleted or has expired: every webhook call answers NO_AUTH_FOUND (see the header). */
  webhookRejected: boolean;
  /** The leaky bucket's plan (limits.ts), or null for none. */
  rateLimit: RatePlan | null;
  /** The operating-time limit per method, in seconds, and what each method's calls cost (limits.ts). */
  operating: { limitSeconds: number; cost: Record<string, number> };
  /** The portal was renamed: answer everything with a 302 to the same path on this origin. */
  renamedTo: string | null;
  /** Methods this portal does not have (ERROR_METHOD_NOT_FOUND), e.g. every im.* when the module is off. */
  unavailableMethods: string[];
  /** Methods that need an application's context (WRONG_AUTH_TYPE for a webhook). */
  applicationOnly: string[];
  /** `fails`: the authorize page shows an error of its own instead of sending the browser back (see the header). */
  signIn: 'signs_in' | 'fails';
  /** How long a sign-in code can be exchanged (Bitrix24: 30 s, [en] settings/oauth/index.md:57). */
  codeLifetimeMs: number;
  /** The credentials' user was deactivated: profile answers `{}`. */
  userInactive: boolean;
  /** The portal's plan as app.info names it (LICENSE_FAMILY): `ent` for Enterprise. */
  licenseFamily: string;
}

/** One-shot misbehaviours, used up by the next REST requests in order. */
export type FakeFault =
  /** A documented error (system-errors.ts), with its status. */
  | { kind: 'documented'; refusal: DocumentedError }
  /** An error the docs do not list, for what the client does with codes it does not know. */
  | { kind: 'error'; status: number; error: string; description?: string }
  /** 429 OPERATION_TIME_LIMIT as the portal sends it: the docs show no body but the code (limits.md:109). */
  | { kind: 'operation_limit' }
  | { kind: 'html'; status: number }
  | { kind: 'stall' }
  /** Send the status line, headers and half the body, then nothing more. */
  | { kind: 'stall_body' }
  | { kind: 'drop' }
  /** Send the status line, headers and half the body, then reset the connection (TCP RST). */
  | { kind: 'reset_body' }
  /** Promise the whole body in Content-Length, send half of it, then end the connection cleanly (FIN). */
  | { kind: 'short_body' }
  /** The headers, then one byte of a well-formed answer every `intervalMs`. */
  | { kind: 'trickle'; intervalMs: number }
  /** Answer with a redirect to exactly this address. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string };

const documented = (refusal: DocumentedError): FakeFault => ({ kind: 'documented', refusal });

export const FAULTS = {
  queryLimit: documented(SYSTEM_ERRORS.queryLimitExceeded),
  overload: documented(SYSTEM_ERRORS.overloadLimit),
  internalError: documented(SYSTEM_ERRORS.internalServerError),
  accessDenied: documented(SYSTEM_ERRORS.accessDenied),
  portalDeleted: documented(SYSTEM_ERRORS.portalDeleted),
  invalidCredentials: documented(SYSTEM_ERRORS.invalidCredentials),
  userAccessError: documented(SYSTEM_ERRORS.userAccessError),
  operationLimit: { kind: 'operation_limit' },
  /**
   * Only an on-premise sample answers this ([en] settings/cloud-and-on-premise/on-premise/custom-auth-provider.md:416-417,
   * "Unable to authorize user"); its status is a guess.
   */
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

/**
 * The handler address of the fake's local application unless a test gives another: where B24 Chat Lookup itself
 * listens during a sign-in (electron/core/bitrix/oauth.ts, OAUTH_LOOPBACK_HANDLER), so the browser comes straight back
 * to the app. Kept here as text so the fake imports nothing of the app.
 */
export const DEFAULT_HANDLER = 'http://127.0.0.1:31024/b24-chat-lookup/oauth';

export interface FakePortalOptions extends Partial<FakePortalBehaviour> {
  userId?: number;
  secret?: string;
  port?: number;
  /** Serve HTTPS under a public name (`acme.bitrix24.ru`) instead of plain HTTP on 127.0.0.1. */
  name?: PublicName;
  /** `ENTITY_TYPE:ENTITY_ID` → chat id. */
  entities?: Record<string, number>;
  chats?: Record<number, FakeChat>;
  /** `lead|13` → the entity's open-line chats. */
  openLines?: Record<string, FakeOpenLineChat[]>;
  user?: { NAME: string; LAST_NAME: string };
  /** Answer every REST call this much later, to make timing visible in benchmarks and the demo. */
  latencyMs?: number;
  /** The authorization server to use; one of its own (started and closed with it) unless given. */
  oauthServer?: FakeOAuthServer;
  /** Share another fake's token state: its tokens work here too, as on a renamed portal. */
  oauth?: OAuthState;
  /** The local application installed here (client id and secret random unless given). */
  application?: Partial<FakeApplication>;
  /** The clock the limits and tokens run on (tests move it on to skip minutes). */
  now?: () => number;
}

/** The demo's webhook and application: everything the app can use, open-line chats included. */
export const DEMO_SCOPES = ['crm', 'im', 'imopenlines', 'user', 'task'];

/** Entities with chats in the demo portal, as `im.chat.get` keys. */
export const DEMO_ENTITIES: Record<string, number> = {
  'CRM:LEAD|13': 1437,
  'CRM:DEAL|5': 1501,
  'CRM:CONTACT|25': 1502,
  'CRM:COMPANY|7': 1503,
  'CRM:DYNAMIC_128|3': 1504,
  'CRM:SMART_INVOICE|9': 1505,
  'TASKS_TASK:8293': 1600,
  'SONET_GROUP:121': 1700,
};

export const DEMO_CHATS: Record<number, FakeChat> = {
  1437: { name: 'Lead #13: Website enquiry', entityType: 'CRM', entityId: 'LEAD|13', member: true },
  1501: { name: 'Deal #5: Office chairs', entityType: 'CRM', entityId: 'DEAL|5', member: true },
  1502: { name: 'Contact #25: Anna Smirnova', entityType: 'CRM', entityId: 'CONTACT|25', member: false },
  1503: { name: 'Company #7: Northwind', entityType: 'CRM', entityId: 'COMPANY|7', member: true },
  1504: { name: 'Delivery #3', entityType: 'CRM', entityId: 'DYNAMIC_128|3', member: true },
  1505: { name: 'Invoice #9', entityType: 'CRM', entityId: 'SMART_INVOICE|9', member: true },
  // The task and group chats' `type` values are the ones im.recent.get and im.search.chat.list show
  // ([en] api-reference/chats/im-recent-get.md:322, api-reference/chats/search/im-search-chat-list.md:313).
  1600: { name: 'Task #8293: Prepare the offer', type: 'tasksTask', entityType: 'TASKS_TASK', entityId: '8293', member: true },
  1700: { name: 'Sales team', type: 'sonetGroup', entityType: 'SONET_GROUP', entityId: '121', member: true },
  // Open-line chats: `type` lines ([en] api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.md:293).
  1763: { name: 'Anna Smirnova — Live Chat', type: 'lines', entityType: 'LINES', entityId: 'livechat|1|1763|25', member: true },
  1764: { name: 'Anna Smirnova — Telegram', type: 'lines', entityType: 'LINES', entityId: 'telegrambot|2|209607941|744', member: true },
  1765: { name: 'Website visitor — Live Chat', type: 'lines', entityType: 'LINES', entityId: 'livechat|1|1765|31', member: true },
};

/**
 * Open-line chats of the demo's entities: lead 13 (which has its own chat too) has one going on Telegram and one
 * finished in the website's live chat; lead 14 has no chat of its own, only a live chat.
 */
export const DEMO_OPEN_LINES: Record<string, FakeOpenLineChat[]> = {
  'lead|13': [
    { chatId: 1763, connectorId: 'livechat', connectorTitle: 'Live Chat', active: false },
    { chatId: 1764, connectorId: 'telegrambot', connectorTitle: 'Telegram', active: true },
  ],
  'lead|14': [{ chatId: 1765, connectorId: 'livechat', connectorTitle: 'Live Chat', active: true }],
};

export interface FakePortal {
  /** `http://127.0.0.1:<port>`, or `https://<name>` under a public name. */
  readonly origin: string;
  readonly address: { host: string; port: number };
  /** A working incoming webhook: `<origin>/rest/<userId>/<secret>/` */
  readonly webhookUrl: string;
  readonly userId: number;
  readonly secret: string;
  /** The portal's `member_id` (the same after a rename, [en] settings/oauth/index.md:127). */
  readonly memberId: string;
  readonly behaviour: FakePortalBehaviour;
  readonly data: PortalData;
  readonly entities: Map<string, number>;
  readonly chats: Map<number, FakeChat>;
  readonly application: FakeApplication;
  readonly oauth: OAuthState;
  readonly oauthServer: FakeOAuthServer;
  /** Every request to the portal, in arrival order (the authorization server keeps its own). */
  readonly requests: RecordedRequest[];
  /** HTTP requests received so far (a batch counts once, as on the real portal). */
  readonly requestCount: number;
  /** Requests the leaky bucket refused with QUERY_LIMIT_EXCEEDED. */
  readonly refusedCount: number;
  set(behaviour: Partial<FakePortalBehaviour>): void;
  /** Misbehave on the next `times` REST requests. */
  failNext(fault: FakeFault, times?: number): void;
  /** OAuth tokens as the authorization server last handed them out, and where they are used. */
  oauthTokens(): { accessToken: string; refreshToken: string; clientEndpoint: string; serverEndpoint: string };
  close(): Promise<void>;
}

type Credential = { kind: 'webhook'; key: string } | { kind: 'application'; key: string };

export async function startFakePortal(options: FakePortalOptions = {}): Promise<FakePortal> {
  const now = options.now ?? Date.now;
  const userId = options.userId ?? 1;
  // Webhook codes in the docs are 16 lower-case letters and digits ([en] first-steps/first-rest-api-call.md:46).
  const secret = options.secret ?? token('', 8);
  const behaviour: FakePortalBehaviour = {
    answerShape: options.answerShape ?? 'object',
    // A webhook as most are made: without `imopenlines` (tests of open-line chats, the demo and npm run fake-portal add it).
    scopes: options.scopes ?? ['crm', 'im', 'user', 'task'],
    webhookRejected: options.webhookRejected ?? false,
    rateLimit: options.rateLimit ?? null,
    // The docs' example limit is 480 s (limits.md:129); the cloud's own value is not published (:136).
    operating: options.operating ?? { limitSeconds: 480, cost: {} },
    renamedTo: options.renamedTo ?? null,
    unavailableMethods: options.unavailableMethods ?? [],
    applicationOnly: options.applicationOnly ?? [],
    signIn: options.signIn ?? 'signs_in',
    codeLifetimeMs: options.codeLifetimeMs ?? CODE_LIFETIME_MS,
    userInactive: options.userInactive ?? false,
    licenseFamily: options.licenseFamily ?? 'std',
  };
  const data: PortalData = {
    entities: new Map(Object.entries(options.entities ?? DEMO_ENTITIES)),
    chats: new Map(Object.entries(options.chats ?? DEMO_CHATS).map(([id, chat]) => [Number(id), chat])),
    openLines: new Map(Object.entries(options.openLines ?? (options.entities ? {} : DEMO_OPEN_LINES))),
    hiddenEntities: new Set(),
    groupChats: new Map([[121, 1700]]),
    user: options.user ?? { NAME: 'Irina', LAST_NAME: 'Volkova' },
    userId,
    get userInactive() {
      return behaviour.userInactive;
    },
    get licenseFamily() {
      return behaviour.licenseFamily;
    },
  };
  const latencyMs = options.latencyMs ?? 0;
  const faults: FakeFault[] = [];
  const requests: RecordedRequest[] = [];
  const counter = new RequestCounter(now);
  const baskets = new OperatingBaskets(now);
  let refusedCount = 0;
  const oauthServer = options.oauthServer ?? (await startFakeOAuthServer({ now }));
  const ownServer = options.oauthServer === undefined;
  const application: FakeApplication = {
    clientId: options.application?.clientId ?? `local.${token('', 7)}.${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`,
    clientSecret: options.application?.clientSecret ?? token('', 25),
    handler: options.application?.handler ?? DEFAULT_HANDLER,
    scopes: options.application?.scopes ?? behaviour.scopes,
    installed: options.application?.installed ?? true,
    paymentRequired: options.application?.paymentRequired ?? false,
  };
  const oauth: OAuthState = options.oauth ?? {
    clientId: application.clientId,
    clientSecret: application.clientSecret,
    accessToken: token('', 16),
    refreshToken: token('', 16),
    accessExpired: false,
    refreshRejected: false,
    refreshIssuedAt: now(),
    refreshCount: 0,
    codeExchangeCount: 0,
    clientEndpoint: null,
  };
  if (options.oauth) {
    application.clientId = options.oauth.clientId;
    application.clientSecret = options.oauth.clientSecret;
  }
  const memberId = token('', 16);

  function timeBlock(started: number, method: string, operating?: { operating: number; operatingResetAt: number }): Record<string, unknown> {
    const finish = now() / 1000;
    const start = started / 1000;
    const block: Record<string, unknown> = {
      start,
      finish,
      duration: finish - start,
      processing: finish - start,
      date_start: new Date(started).toISOString(),
      date_finish: new Date(now()).toISOString(),
    };
    if (method === 'scope' || method === 'profile') return { ...block, operating: 0 };
    return { ...block, operating_reset_at: operating?.operatingResetAt ?? Math.floor(finish) + 600, operating: operating?.operating ?? 0 };
  }

  const refusalBody = (refusal: DocumentedError, description?: string): Record<string, string> => ({
    error: refusal.error,
    error_description: description ?? refusal.description,
  });

  /** One method for one credential, with its operating time checked before and booked after (limits.ts). */
  function runCounted(credential: Credential, method: string, params: Record<string, unknown>, context: MethodContext) {
    const name = method.toLowerCase();
    const { limitSeconds, cost } = behaviour.operating;
    if (!baskets.allows(credential.key, name, limitSeconds)) return { answer: { refusal: SYSTEM_ERRORS.operationTimeLimit } as const, operating: undefined };
    const answer = runRestMethod(data, name, params, context);
    const operating = baskets.record(credential.key, name, cost[name] ?? 0);
    return { answer, operating };
  }

  function readHalt(value: unknown): boolean {
    if (value === true || value === 1) return true;
    if (typeof value === 'string') return value === '1' || value.toLowerCase() === 'true';
    return false;
  }

  /**
   * Fills `$result[key][field]…` in a command's parameters from the answers of the commands before it ([ru]
   * rest_help/general/batch.php: "$result[идентификатор_запроса][поле_ответа]"). What the portal writes for a key or
   * field with no answer is not documented: the fake writes nothing there.
   */
  function resultReferences(params: Record<string, unknown>, answered: Record<string, unknown>): Record<string, unknown> {
    const fill = (value: unknown): unknown => {
      if (typeof value === 'string') {
        return value.replace(/\$result\[([^\]]*)\]((?:\[[^\]]*\])*)/g, (_whole, key: string, fields: string) => {
          let found: unknown = answered[key];
          for (const [, field] of fields.matchAll(/\[([^\]]*)\]/g))
            found = found !== null && typeof found === 'object' ? (found as Record<string, unknown>)[field ?? ''] : undefined;
          return typeof found === 'string' || typeof found === 'number' ? String(found) : '';
        });
      }
      if (Array.isArray(value)) return value.map(fill);
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item)]));
      return value;
    };
    return fill(params) as Record<string, unknown>;
  }

  function runBatch(credential: Credential, params: Record<string, unknown>, context: MethodContext, started: number): { status: number; body: unknown } {
    const cmd = params.cmd;
    const entries = Array.isArray(cmd)
      ? cmd.map((command, index) => [String(index), command] as const)
      : typeof cmd === 'object' && cmd !== null
        ? Object.entries(cmd)
        : [];
    const halt = readHalt(params.halt);
    const result: Record<string, unknown> = {};
    const resultError: Record<string, unknown> = {};
    const resultTime: Record<string, unknown> = {};
    for (const [index, [key, command]] of entries.entries()) {
      if (index >= 50) {
        resultError[key] = refusalBody(SYSTEM_ERRORS.batchLengthExceeded);
        continue;
      }
      const text = String(command);
      const q = text.indexOf('?');
      const method = (q === -1 ? text : text.slice(0, q)).toLowerCase();
      const subStarted = now();
      if (method === 'batch') {
        resultError[key] = refusalBody(SYSTEM_ERRORS.batchMethodNotAllowed);
        if (halt) break;
        continue;
      }
      const commandParams = resultReferences(q === -1 ? {} : parseQuery(text.slice(q + 1)), result);
      const { answer, operating } = runCounted(credential, method, commandParams, context);
      resultTime[key] = timeBlock(subStarted, method, operating);
      if ('result' in answer) result[key] = answer.result;
      else {
        resultError[key] = refusalBody(answer.refusal, 'description' in answer ? answer.description : undefined);
        if (halt) break;
      }
    }
    // An empty section is PHP's empty array: `[]`, not `{}`.
    const section = (o: Record<string, unknown>): unknown => (Object.keys(o).length === 0 ? [] : o);
    const body = {
      result: { result: section(result), result_error: section(resultError), result_total: [], result_next: [], result_time: section(resultTime) },
      time: timeBlock(started, 'batch'),
    };
    return { status: 200, body };
  }

  /** Answers a fault (true), or leaves the request to go on (false). */
  function misbehave(fault: FakeFault | undefined, req: IncomingMessage, res: ServerResponse, record: RecordedRequest, started: number): boolean {
    if (!fault) return false;
    const wellFormed = (): string => JSON.stringify({ result: { ID: 1437 }, time: timeBlock(started, 'im.chat.get') });
    switch (fault.kind) {
      case 'stall':
        return true; // never answers; closed when the portal stops
      case 'stall_body': {
        const text = wellFormed();
        record.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.write(text.slice(0, text.length >> 1));
        return true;
      }
      case 'drop':
        req.socket.destroy();
        return true;
      case 'reset_body':
      case 'short_body':
      case 'trickle': {
        const text = wellFormed();
        record.status = 200;
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        if (fault.kind === 'trickle') {
          trickle(res, text, fault.intervalMs);
          return true;
        }
        const socket = req.socket;
        // Written straight to the socket once the headers are out, so the half body is on the wire before it breaks.
        res.flushHeaders();
        socket.write(text.slice(0, text.length >> 1), () => {
          if (fault.kind === 'reset_body') socket.resetAndDestroy();
          else socket.end();
        });
        return true;
      }
      case 'redirect':
        record.status = fault.status;
        res.writeHead(fault.status, { Location: fault.location, 'Content-Type': 'text/html' });
        res.end('<html><body>Moved</body></html>');
        return true;
      case 'html':
        record.status = fault.status;
        res.writeHead(fault.status, { 'Content-Type': 'text/html' });
        res.end(
          `<html><head><title>${fault.status} Bad Gateway</title></head>` +
            `<body><center><h1>${fault.status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`,
        );
        return true;
      case 'documented':
        sendJson(res, record, fault.refusal.status, refusalBody(fault.refusal));
        return true;
      case 'error':
        sendJson(res, record, fault.status, { error: fault.error, error_description: fault.description ?? '' });
        return true;
      case 'operation_limit':
        sendJson(res, record, SYSTEM_ERRORS.operationTimeLimit.status, refusalBody(SYSTEM_ERRORS.operationTimeLimit));
        return true;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = await readParams(req, url);
    const record: RecordedRequest = { httpMethod: req.method ?? 'GET', path: url.pathname, restMethod: '', params, headers: req.headers, status: 0 };
    requests.push(record);

    if (behaviour.renamedTo) {
      record.restMethod = url.pathname.split('/').pop() ?? '';
      record.status = 302;
      res.writeHead(302, { Location: `${behaviour.renamedTo}${url.pathname}${url.search}`, 'Content-Type': 'text/html' });
      res.end('<html><body>Moved</body></html>');
      return;
    }
    if (url.pathname === '/oauth/authorize/') {
      record.restMethod = 'oauth/authorize';
      authorizePage(res, record, url.searchParams);
      return;
    }

    const webhook = /^\/rest\/(\d+)\/([^/]+)\/([^/]+?)(?:\.json)?\/?$/.exec(url.pathname);
    const app = webhook ? null : /^\/rest\/([^/]+?)(?:\.json)?\/?$/.exec(url.pathname);
    const method = (webhook?.[3] ?? app?.[1])?.toLowerCase();
    if (!method || method === 'api') {
      sendPage(res, record, 404, '404 Not Found', 'Not Found'); // guess: an address the REST API does not have
      return;
    }
    record.restMethod = method;

    // The counter counts every request that reaches the portal, before anything else can go wrong with it.
    if (behaviour.rateLimit && !counter.admit(behaviour.rateLimit)) {
      refusedCount += 1;
      sendJson(res, record, SYSTEM_ERRORS.queryLimitExceeded.status, refusalBody(SYSTEM_ERRORS.queryLimitExceeded));
      return;
    }
    if (misbehave(faults.shift(), req, res, record, started)) return;

    let credential: Credential;
    if (webhook) {
      if (Number(webhook[1]) !== userId || webhook[2] !== secret || behaviour.webhookRejected) {
        sendJson(res, record, SYSTEM_ERRORS.noAuthFound.status, refusalBody(SYSTEM_ERRORS.noAuthFound));
        return;
      }
      credential = { kind: 'webhook', key: `webhook:${userId}` };
    } else {
      const auth = params.auth ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const access = oauthServer.checkAccess(auth, portal);
      if (access !== 'ok') {
        const refusal = access === 'expired' ? SYSTEM_ERRORS.expiredToken : SYSTEM_ERRORS.noAuthFound;
        sendJson(res, record, refusal.status, refusalBody(refusal));
        return;
      }
      delete params.auth;
      credential = { kind: 'application', key: `app:${application.clientId}` };
    }

    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const context: MethodContext = {
      scopes: credential.kind === 'webhook' ? behaviour.scopes : application.scopes,
      answerShape: behaviour.answerShape,
      unavailableMethods: behaviour.unavailableMethods,
      applicationOnly: behaviour.applicationOnly,
      viaWebhook: credential.kind === 'webhook',
    };
    if (method === 'batch') {
      const { status, body } = runBatch(credential, params, context, started);
      sendJson(res, record, status, body);
      return;
    }
    const { answer, operating } = runCounted(credential, method, params, context);
    if ('result' in answer) sendJson(res, record, 200, { result: answer.result, time: timeBlock(started, method, operating) });
    else sendJson(res, record, answer.refusal.status, refusalBody(answer.refusal, 'description' in answer ? answer.description : undefined));
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

  function authorizePage(res: ServerResponse, record: RecordedRequest, query: URLSearchParams): void {
    // The messages are the fake's own: the docs show none of the portal's error pages.
    if (query.get('client_id') !== application.clientId || !application.installed) {
      sendPage(res, record, 400, 'Application not found', 'The application was not found or is not installed on this Bitrix24.');
      return;
    }
    if (behaviour.signIn === 'fails') {
      sendPage(res, record, 403, 'Authorization failed', 'Bitrix24 could not complete the authorization of the application.');
      return;
    }
    const target = new URL(application.handler);
    const code = oauthServer.issueCode(portal);
    const answer = new URLSearchParams(target.search);
    answer.set('code', code);
    const state = query.get('state');
    if (state !== null) answer.set('state', state);
    answer.set('domain', new URL(portal.origin).host);
    answer.set('member_id', memberId);
    answer.set('scope', application.scopes.join(','));
    answer.set('server_domain', oauthServer.host);
    target.search = answer.toString();
    record.status = 302;
    res.writeHead(302, { Location: target.href, 'Content-Type': 'text/html' });
    res.end('<html><body>Redirecting</body></html>');
  }

  const listening: Listening = await listen(handle, { port: options.port, name: options.name });
  const origin = listening.origin;

  const portal: FakePortal = {
    origin,
    address: listening.address,
    webhookUrl: `${origin}/rest/${userId}/${secret}/`,
    userId,
    secret,
    memberId,
    behaviour,
    data,
    entities: data.entities,
    chats: data.chats,
    application,
    oauth,
    oauthServer,
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
      return {
        accessToken: oauth.accessToken,
        refreshToken: oauth.refreshToken,
        clientEndpoint: `${origin}/rest/`,
        serverEndpoint: `${oauthServer.origin}/rest/`,
      };
    },
    async close() {
      await listening.close();
      if (ownServer) await oauthServer.close();
    },
  };
  oauthServer.register(portal);
  return portal;
}
