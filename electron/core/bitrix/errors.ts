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
  /** An administrator let only some users use the local application (user_access_error). */
  | 'user_restricted'
  /** The local application's trial or paid period is over (PAYMENT_REQUIRED from the authorization server). */
  | 'payment_required'
  | 'rate_limited'
  | 'operation_limited'
  /** The portal was deleted, or its public part is closed (PORTAL_DELETED). */
  | 'portal_blocked'
  /** Bitrix24 blocked REST for the portal by hand (OVERLOAD_LIMIT); only its support lifts it. */
  | 'rest_blocked'
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
 * refused, the application's payment lapsed, or the portal is blocked or deleted. A batch stops sending after one.
 */
export function failsEveryRequest(failure: BitrixFailure): boolean {
  return ['auth_invalid', 'payment_required', 'portal_blocked', 'rest_blocked', 'user_restricted'].includes(failure.code);
}

/** A well-formed REST answer whose `result` is not what the method returns (HTTP 200, `bad_response`). */
export function unexpectedAnswer(portal: string, method: string, what: string): BitrixFailure {
  return { code: 'bad_response', portal, method, httpStatus: 200, message: `${portal} answered ${method} with ${what}.` };
}

// The redactor is pure code the reference parser shares (electron/common/redact.ts); errors are where the client finds it.
export { type Redact, redactorFor } from '../../common/redact.ts';

/**
 * The scope a method needs, for telling the user exactly what to add to the webhook: its first name segment (`im`,
 * `imopenlines`, `crm`; each method page starts with it, e.g. [en] api-reference/chats/im-chat-get.md:9). The `basic`
 * methods need none ([en] api-reference/common/system/scope.md:9, common/users/profile.md:13,
 * settings/how-to-call-rest-api/batch.md:9).
 */
export function scopeOfMethod(method: string): string | null {
  const head = method.toLowerCase().split('.')[0] ?? '';
  if (['scope', 'profile', 'batch', 'methods', 'method', 'app', 'server', 'access'].includes(head)) return null;
  return head;
}

interface PortalErrorContext {
  portal: string;
  method: string;
  portalError: string;
  portalErrorDescription: string;
  httpStatus: number;
  /** For OPERATION_TIME_LIMIT: when the method is free again (from the last successful answer), if known. */
  retryAt: number | null;
  now: number;
  /** For QUERY_LIMIT_EXCEEDED and server errors: how many tries were made. */
  attempts: number;
  oauth: boolean;
}

/**
 * "An internal server error has occurred" ([en] _includes/system-errors.md:10-13): worth one more try. ERROR_CORE is not
 * one of them: it is each method's own refusal, "the specific error reason is provided in the field error_description"
 * ([en] tutorials/crm/how-to-use-analitycs/use-analitics-for-add-contact.md:797), the same every time it is asked.
 */
const SERVER_ERRORS = new Set(['INTERNAL_SERVER_ERROR', 'ERROR_UNEXPECTED_ANSWER']);

/** Whether a portal error is a transient server fault worth one more try. */
export function isServerError(portalError: string): boolean {
  return SERVER_ERRORS.has(portalError.toUpperCase());
}

function waitPhrase(retryAt: number, now: number): string {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const when = new Date(retryAt).toISOString().slice(11, 19);
  if (seconds < 90) return `in about ${seconds} s (at ${when} UTC)`;
  return `in about ${Math.ceil(seconds / 60)} min (at ${when} UTC)`;
}

/**
 * Turns the portal's `{error, error_description}` into a failure with a message a person can act on. Codes are compared
 * in any case: the portal writes some in capitals and some in lower case ([en] _includes/system-errors.md: `NO_AUTH_FOUND`
 * beside `insufficient_scope`). Each meaning is the docs' (system-errors.md, line by line, and
 * [en] settings/oauth/error-codes.md for the authorization server's).
 */
export function failureFromPortalError(ctx: PortalErrorContext): BitrixFailure {
  const { portal, method, portalError, portalErrorDescription, httpStatus } = ctx;
  const common = { portal, method, portalError, portalErrorDescription, httpStatus };
  const code = portalError.toUpperCase();
  const what = ctx.oauth ? 'local application' : 'webhook';
  switch (code) {
    // "Invalid access token or webhook code" (system-errors.md:20).
    case 'NO_AUTH_FOUND':
      return {
        ...common,
        code: 'auth_invalid',
        message: ctx.oauth
          ? `${portal} did not accept the sign-in of the local application (${portalError}). Connect again: Settings → Reconnect.`
          : `${portal} did not accept the webhook (${portalError}): it was deleted, has expired, or its address was copied incompletely. Paste the incoming webhook address again.`,
      };
    // "The user associated with the access token or webhook … lacks the necessary permissions" (system-errors.md:28).
    case 'INVALID_CREDENTIALS':
      return {
        ...common,
        code: 'access_denied',
        message: ctx.oauth
          ? `${portal} refused ${method} (${portalError}): the user you signed in as lacks the rights it needs. Sign in as a user who has them, or ask the portal's administrator.`
          : `${portal} refused ${method} (${portalError}): the user the webhook belongs to lacks the rights it needs. Make the webhook as a user who has them, or ask the portal's administrator.`,
      };
    // "The application is installed, but the portal administrator has restricted access … to specific users only" (:36).
    case 'USER_ACCESS_ERROR':
      return {
        ...common,
        code: 'user_restricted',
        message: `${portal} let only some users use the local application, and you are not one of them (${portalError}). Ask the portal's administrator to give you access to it.`,
      };
    // Only an on-premise sample answers this ([en] settings/cloud-and-on-premise/on-premise/custom-auth-provider.md:416).
    case 'AUTHORIZATION_ERROR':
      return {
        ...common,
        code: 'auth_invalid',
        message: `${portal} refused the ${ctx.oauth ? 'sign-in' : 'webhook'}: its user could not be authorised, for example because the user is inactive or was dismissed (${portalError}). Connect as an active user.`,
      };
    // "The access token provided has expired" (:34); met only once a renewal has failed (the client renews first).
    // `invalid_token` is in no list of the docs; the JS SDK treats it as expired (b24jssdk src/core/http/abstract-http.ts:594).
    case 'EXPIRED_TOKEN':
    case 'INVALID_TOKEN':
      return {
        ...common,
        code: 'auth_invalid',
        message: `The sign-in to ${portal} has expired and could not be renewed (${portalError}). Connect again: Settings → Reconnect.`,
      };
    // "Https required" (:22).
    case 'INVALID_REQUEST':
      return {
        ...common,
        code: 'auth_invalid',
        message: `${portal} refused the request (${portalError}); it requires HTTPS. Use the https:// address of the ${what}.`,
      };
    // "The request requires higher privileges than provided by the webhook token" (:32).
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
    // "REST API is available only on commercial plans" (:26); methods also answer it for a user without access to the
    // object (e.g. [en] api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md:311).
    case 'ACCESS_DENIED':
      return {
        ...common,
        code: 'access_denied',
        message: `${portal} denied ${method} (${portalError}): the portal's plan may not include REST, or this user may not see what was asked.`,
      };
    // "You do not have access to the specified dialog" ([en] api-reference/chats/im-dialog-get.md:598).
    case 'ACCESS_ERROR':
      return {
        ...common,
        code: 'access_denied',
        message: `${portal} did not let this user see that (${portalError} on ${method}); only its members may open it.`,
      };
    // "Decrease request frequency and retry calls with increasing delay" ([en] limits.md:123).
    case 'QUERY_LIMIT_EXCEEDED':
      return {
        ...common,
        code: 'rate_limited',
        message: `${portal} kept refusing requests as too frequent (${portalError}) after ${ctx.attempts} ${ctx.attempts === 1 ? 'try' : 'tries'}. Wait a minute and try again.`,
      };
    // "Suspend calls to the blocked method … refer to operating_reset_at from the last successful response. If the error
    // persists, wait for the next bucket reset" (limits.md:124); the block lifts within 10 minutes
    // ([ru] _includes/system-errors.md:18; limits.md:113, a basket lasts 10 minutes).
    case 'OPERATION_TIME_LIMIT':
      return {
        ...common,
        code: 'operation_limited',
        retryAt: ctx.retryAt,
        message:
          ctx.retryAt === null
            ? `${portal} has paused ${method} for this ${what} after heavy use in the last 10 minutes (${portalError}). Try again in a few minutes (at most 10).`
            : `${portal} has paused ${method} for this ${what} after heavy use in the last 10 minutes (${portalError}). Try again ${waitPhrase(ctx.retryAt, ctx.now)}.`,
      };
    // "This is a manual individual block; please contact Bitrix24 technical support to lift it" (:25).
    case 'OVERLOAD_LIMIT':
      return {
        ...common,
        code: 'rest_blocked',
        message: `Bitrix24 has blocked REST requests to ${portal} by hand because of overload (${portalError}). Retrying will not help: the portal's administrator must ask Bitrix24 support to lift the block.`,
      };
    // "The public part of the site is closed" (:38-39).
    case 'PORTAL_DELETED':
      return {
        ...common,
        code: 'portal_blocked',
        message: `${portal} answers that it was deleted or that its public part is closed (${portalError}). Check the address in a browser; on a self-hosted portal an administrator must turn off "Temporary closure of the public part of the site".`,
      };
    // "The trial or paid period of the application has expired … Until then, the authorization server will not issue
    // tokens" ([en] settings/oauth/error-codes.md:24).
    case 'PAYMENT_REQUIRED':
      return {
        ...common,
        code: 'payment_required',
        message: `The authorization server will not renew the sign-in to ${portal}: the application's trial or paid period is over (${portalError}). Renew its payment in Bitrix24, then Reconnect.`,
      };
    case 'WRONG_AUTH_TYPE':
      return {
        ...common,
        code: 'method_unavailable',
        message: `${portal} answers ${method} only for a local application, not for a webhook (${portalError}). Connect with a local application to use it.`,
      };
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
          message: `${portal} reported an internal error (${portalError})${ctx.attempts > 1 ? ` ${ctx.attempts} times in a row` : ''}. Try again later; if it goes on, tell the portal's administrator or Bitrix24 support.`,
        };
      }
      return {
        ...common,
        code: 'portal_error',
        message: `${portal} rejected ${method}: ${portalError}${portalErrorDescription ? ` (${portalErrorDescription})` : ''}.`,
      };
  }
}
