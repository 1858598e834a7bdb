/**
 * Every way a call to a portal can fail, as one discriminated union with stable codes. Each failure carries a
 * message written for the person at the keyboard, the portal's own `error` / `error_description` when there was
 * one, and never a webhook secret or token: messages are built from the host, codes and numbers, and anything
 * the portal or the network stack said passes through the redactor first.
 */

export type BitrixErrorCode =
  | 'auth_invalid'
  | 'scope_missing'
  | 'access_denied'
  | 'rate_limited'
  | 'operation_limited'
  | 'portal_blocked'
  | 'method_unavailable'
  | 'server_error'
  | 'bad_response'
  | 'network'
  | 'timeout'
  | 'too_many_redirects'
  /** The portal rejected the request with an error this client has no special handling for. */
  | 'portal_error'
  /** The caller aborted the call. */
  | 'cancelled';

interface FailureCommon {
  message: string;
  /** Host of the portal, e.g. `example.bitrix24.ru`. */
  portal: string;
  /** The REST method the failure belongs to. */
  method: string;
  /** The portal's `error` code, when it answered with one. */
  portalError?: string;
  /** The portal's `error_description`, redacted. */
  portalErrorDescription?: string;
  httpStatus?: number;
}

export type BitrixFailure =
  | (FailureCommon & { code: 'scope_missing'; missingScopes: string[] })
  | (FailureCommon & { code: 'operation_limited'; /** Epoch ms when the method is free again, if the portal said. */ retryAt: number | null })
  | (FailureCommon & { code: 'bad_response'; httpStatus: number })
  | (FailureCommon & { code: 'timeout'; /** The request timeout that ran out; null when it was the caller's deadline. */ timeoutMs: number | null })
  | (FailureCommon & {
      code: Exclude<BitrixErrorCode, 'scope_missing' | 'operation_limited' | 'bad_response' | 'timeout'>;
    });

/** Thrown by the client; `failure` is the data to show, log or send across IPC. */
export class BitrixError extends Error {
  override readonly name = 'BitrixError';
  readonly failure: BitrixFailure;

  constructor(failure: BitrixFailure) {
    super(failure.message);
    this.failure = failure;
  }

  get code(): BitrixErrorCode {
    return this.failure.code;
  }
}

/**
 * Failures that every further request with the same credentials would meet too: the webhook or tokens were
 * refused, or the portal is blocked or deleted. A batch stops sending after one.
 */
export function failsEveryRequest(failure: BitrixFailure): boolean {
  return failure.code === 'auth_invalid' || failure.code === 'portal_blocked';
}

/** A well-formed REST answer whose `result` is not what the method returns (HTTP 200, `bad_response`). */
export function unexpectedAnswer(portal: string, method: string, what: string): BitrixFailure {
  return { code: 'bad_response', portal, method, httpStatus: 200, message: `${portal} answered ${method} with ${what}.` };
}

/** Replaces every secret in a text with `•••`. */
export type Redact = (text: string) => string;

// A regular expression of every secret at once is fast, but V8 refuses one past a certain size ("Regular expression
// too large"), and a pasted token can be 100,000 characters long. So the secrets go in groups of bounded size, and a
// secret too long for any group is replaced by plain search.
const PATTERN_CHARS_MAX = 16_000;
const NEEDLE_IN_PATTERN_MAX = 2_000;

const escapeForPattern = (needle: string): string => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function redactorFor(secrets: readonly string[]): Redact {
  // Short strings could match innocent text; real secrets and tokens are far longer than this.
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  if (needles.size === 0) return (text) => text;
  // Longest first, so a secret inside a longer one cannot leave a tail of it; one pass per group, not per secret
  // (a pass per secret made a text with thousands of them take seconds).
  const sorted = [...needles].sort((a, b) => b.length - a.length);
  const long = sorted.filter((needle) => needle.length > NEEDLE_IN_PATTERN_MAX);
  const patterns: RegExp[] = [];
  let group: string[] = [];
  let size = 0;
  for (const needle of sorted.filter((n) => n.length <= NEEDLE_IN_PATTERN_MAX).map(escapeForPattern)) {
    if (size + needle.length > PATTERN_CHARS_MAX && group.length > 0) {
      patterns.push(new RegExp(group.join('|'), 'g'));
      group = [];
      size = 0;
    }
    group.push(needle);
    size += needle.length + 1;
  }
  if (group.length > 0) patterns.push(new RegExp(group.join('|'), 'g'));
  return (text) => {
    let result = text;
    for (const needle of long) result = result.split(needle).join('•••');
    for (const pattern of patterns) result = result.replace(pattern, '•••');
    return result;
  };
}

/** The scope a method needs, for telling the user exactly what to add to the webhook. */
export function scopeOfMethod(method: string): string | null {
  const head = method.toLowerCase().split('.')[0] ?? '';
  // These answer for any valid credentials; every other method's scope is its first name segment (im, crm, …).
  if (['scope', 'profile', 'batch', 'methods', 'method', 'app', 'server', 'access'].includes(head)) return null;
  return head;
}

interface PortalErrorContext {
  portal: string;
  method: string;
  portalError: string;
  portalErrorDescription: string;
  httpStatus: number;
  /** For OPERATION_TIME_LIMIT: when the method is free again. */
  retryAt: number | null;
  now: number;
  /** For QUERY_LIMIT_EXCEEDED and server errors: how many tries were made. */
  attempts: number;
  oauth: boolean;
}

const SERVER_ERRORS = new Set(['INTERNAL_SERVER_ERROR', 'ERROR_CORE', 'ERROR_UNEXPECTED_ANSWER']);

/** Whether a portal error is a transient server fault worth one more try. */
export function isServerError(portalError: string): boolean {
  return SERVER_ERRORS.has(portalError);
}

function waitPhrase(retryAt: number, now: number): string {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const when = new Date(retryAt).toISOString().slice(11, 19);
  if (seconds < 90) return `in about ${seconds} s (at ${when} UTC)`;
  return `in about ${Math.ceil(seconds / 60)} min (at ${when} UTC)`;
}

/** Turns the portal's `{error, error_description}` into a failure with a message a person can act on. */
export function failureFromPortalError(ctx: PortalErrorContext): BitrixFailure {
  const { portal, method, portalError, portalErrorDescription, httpStatus } = ctx;
  const common = { portal, method, portalError, portalErrorDescription, httpStatus };
  const code = portalError.toUpperCase();
  switch (code) {
    case 'NO_AUTH_FOUND':
    case 'INVALID_CREDENTIALS':
      return {
        ...common,
        code: 'auth_invalid',
        message: ctx.oauth
          ? `${portal} did not accept the sign-in of the local application (${portalError}). Connect again.`
          : `${portal} did not accept the webhook (${portalError}): it was deleted, has expired, or its address was copied incompletely. Paste the incoming webhook address again.`,
      };
    case 'AUTHORIZATION_ERROR':
      return {
        ...common,
        code: 'auth_invalid',
        message: `${portal} refused the ${ctx.oauth ? 'sign-in' : 'webhook'} because its user is inactive or was dismissed (${portalError}). Connect as an active user.`,
      };
    case 'EXPIRED_TOKEN':
    case 'INVALID_TOKEN':
      return {
        ...common,
        code: 'auth_invalid',
        message: `The sign-in to ${portal} has expired and could not be renewed (${portalError}). Connect again.`,
      };
    case 'INVALID_REQUEST':
      return {
        ...common,
        code: 'auth_invalid',
        message: `${portal} refused the request (${portalError}); it requires HTTPS. Use the https:// address of the webhook.`,
      };
    case 'INSUFFICIENT_SCOPE': {
      const scope = scopeOfMethod(method);
      const missingScopes = scope ? [scope] : [];
      return {
        ...common,
        code: 'scope_missing',
        missingScopes,
        message: scope
          ? `The ${ctx.oauth ? 'application' : 'webhook'} for ${portal} lacks the "${scope}" scope that ${method} needs. In Bitrix24 edit the ${ctx.oauth ? 'local application' : 'incoming webhook'}, add "${scope}", save, and try again.`
          : `The ${ctx.oauth ? 'application' : 'webhook'} for ${portal} lacks a scope that ${method} needs (${portalError}).`,
      };
    }
    case 'ACCESS_DENIED':
      return {
        ...common,
        code: 'access_denied',
        message: `${portal} denied REST access (${portalError}): the portal's plan may not include REST, or an administrator restricted it.`,
      };
    case 'ACCESS_ERROR':
      return {
        ...common,
        code: 'access_denied',
        message: `${portal} did not let this user see that (${portalError} on ${method}); only its members may open it.`,
      };
    case 'QUERY_LIMIT_EXCEEDED':
      return {
        ...common,
        code: 'rate_limited',
        message: `${portal} kept refusing requests as too frequent (${portalError}) after ${ctx.attempts} ${ctx.attempts === 1 ? 'try' : 'tries'}. Wait a minute and try again.`,
      };
    case 'OPERATION_TIME_LIMIT':
      return {
        ...common,
        code: 'operation_limited',
        retryAt: ctx.retryAt,
        message:
          ctx.retryAt === null
            ? `${portal} has paused ${method} after heavy use in the last 10 minutes (${portalError}). Try again in a few minutes.`
            : `${portal} has paused ${method} after heavy use in the last 10 minutes (${portalError}). Try again ${waitPhrase(ctx.retryAt, ctx.now)}.`,
      };
    case 'OVERLOAD_LIMIT':
      return {
        ...common,
        code: 'portal_blocked',
        message: `${portal} has blocked REST requests because of overload (${portalError}). Retrying now would not help; try later or ask the portal's administrator.`,
      };
    case 'PORTAL_DELETED':
      return { ...common, code: 'portal_blocked', message: `The portal ${portal} no longer exists (${portalError}).` };
    case 'ERROR_METHOD_NOT_FOUND':
    case 'METHOD_NOT_FOUND':
      return {
        ...common,
        code: 'method_unavailable',
        message: `${portal} does not offer ${method} (${portalError}); the module it belongs to may be switched off on this portal.`,
      };
    default:
      if (SERVER_ERRORS.has(code)) {
        return {
          ...common,
          code: 'server_error',
          message: `${portal} reported an internal error (${portalError})${ctx.attempts > 1 ? ` ${ctx.attempts} times in a row` : ''}. Try again later.`,
        };
      }
      return {
        ...common,
        code: 'portal_error',
        message: `${portal} rejected ${method}: ${portalError}${portalErrorDescription ? ` (${portalErrorDescription})` : ''}.`,
      };
  }
}
