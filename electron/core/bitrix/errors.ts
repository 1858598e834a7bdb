/**
 * Every way a call to a portal can fail, as one discriminated union with stable codes. Each failure carries the
 * message for the person at the keyboard as data (`{ code, params }`, its sentence in the catalogs), the portal's own
 * `error` / `error_description` when there was one, and never a webhook secret or token: a message's parameters are
 * the host, codes and numbers, and anything the portal said passes through the redactor first.
 */
import type { MessageOf, PortalMessages } from '../../common/messages/index.ts';
import type { PortalFailureCode } from '../../common/messages/portal.ts';

/** What the person is told about a failed call: one of the REST client's sentences with its parameters. */
export type PortalProblem = MessageOf<Pick<PortalMessages, PortalFailureCode>>;

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
  message: PortalProblem;
  /** Host of the portal, e.g. `example.bitrix24.ru`. */
  portal: string;
  /** The REST method the failure belongs to. */
  method: string;
  /** The portal's `error` code, when it answered with one. */
  portalError?: string;
  /** The portal's `error_description`, redacted. */
  portalErrorDescription?: string;
  httpStatus?: number;
  /** What exactly went wrong, for the log and for support (never shown as the person's sentence): a refused redirect's target. */
  detail?: string;
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
    // The code, not a sentence: an Error's message reaches logs only, and the person is told `failure.message`.
    super(`${failure.code}: ${failure.message.code}`);
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
export function unexpectedAnswer(portal: string, method: string): BitrixFailure {
  return { code: 'bad_response', portal, method, httpStatus: 200, message: { code: 'bad_response_unexpected', params: { portal, method } } };
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

/**
 * How much of a portal's own description of an unknown error a sentence quotes: enough to tell one error from
 * another; the whole of it stays in `portalErrorDescription` for the log. (A portal once answered 2,400 characters.)
 */
const MAX_DETAILS_LENGTH = 200;

const shortDetails = (text: string): string =>
  [...text].length > MAX_DETAILS_LENGTH
    ? `${[...text]
        .slice(0, MAX_DETAILS_LENGTH - 1)
        .join('')
        .trimEnd()}…`
    : text;

/**
 * Turns the portal's `{error, error_description}` into a failure with a message a person can act on. Codes are compared
 * in any case: the portal writes some in capitals and some in lower case ([en] _includes/system-errors.md: `NO_AUTH_FOUND`
 * beside `insufficient_scope`). Each meaning is the docs' (system-errors.md, line by line, and
 * [en] settings/oauth/error-codes.md for the authorization server's).
 */
export function failureFromPortalError(ctx: PortalErrorContext): BitrixFailure {
  const { portal, method, portalError, portalErrorDescription, httpStatus } = ctx;
  const common = { portal, method, portalError, portalErrorDescription, httpStatus };
  const about = { portal, portalError };
  const aboutMethod = { portal, method, portalError };
  switch (portalError.toUpperCase()) {
    // "Invalid access token or webhook code" (system-errors.md:20).
    case 'NO_AUTH_FOUND':
      return { ...common, code: 'auth_invalid', message: { code: ctx.oauth ? 'auth_invalid_sign_in' : 'auth_invalid', params: about } };
    // "The user associated with the access token or webhook … lacks the necessary permissions" (system-errors.md:28).
    case 'INVALID_CREDENTIALS':
      return { ...common, code: 'access_denied', message: { code: ctx.oauth ? 'access_denied_sign_in' : 'access_denied', params: aboutMethod } };
    // "The application is installed, but the portal administrator has restricted access … to specific users only" (:36).
    case 'USER_ACCESS_ERROR':
      return { ...common, code: 'user_restricted', message: { code: 'user_restricted', params: about } };
    // Only an on-premise sample answers this ([en] settings/cloud-and-on-premise/on-premise/custom-auth-provider.md:416).
    case 'AUTHORIZATION_ERROR':
      return { ...common, code: 'auth_invalid', message: { code: 'auth_user_inactive', params: about } };
    // "The access token provided has expired" (:34); met only once a renewal has failed (the client renews first).
    // `invalid_token` is in no list of the docs; the JS SDK treats it as expired (b24jssdk src/core/http/abstract-http.ts:594).
    case 'EXPIRED_TOKEN':
    case 'INVALID_TOKEN':
      return { ...common, code: 'auth_invalid', message: { code: 'auth_expired', params: about } };
    // "Https required" (:22).
    case 'INVALID_REQUEST':
      return { ...common, code: 'auth_invalid', message: { code: 'auth_https_required', params: about } };
    // "The request requires higher privileges than provided by the webhook token" (:32).
    case 'INSUFFICIENT_SCOPE': {
      const scope = scopeOfMethod(method);
      const missingScopes = scope ? [scope] : [];
      const message: PortalProblem = scope
        ? { code: ctx.oauth ? 'scope_missing_application' : 'scope_missing', params: { portal, method, scopes: missingScopes } }
        : { code: 'scope_missing_unnamed', params: aboutMethod };
      return { ...common, code: 'scope_missing', missingScopes, message };
    }
    // "REST API is available only on commercial plans" (:26); methods also answer it for a user without access to the
    // object (e.g. [en] api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md:311).
    case 'ACCESS_DENIED':
      return { ...common, code: 'access_denied', message: { code: 'access_denied_plan', params: aboutMethod } };
    // "You do not have access to the specified dialog" ([en] api-reference/chats/im-dialog-get.md:598).
    case 'ACCESS_ERROR':
      return { ...common, code: 'access_denied', message: { code: 'access_denied_member', params: aboutMethod } };
    // "Decrease request frequency and retry calls with increasing delay" ([en] limits.md:123).
    case 'QUERY_LIMIT_EXCEEDED':
      return { ...common, code: 'rate_limited', message: { code: 'rate_limited', params: { ...about, count: ctx.attempts } } };
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
            ? { code: 'operation_limited_unknown', params: aboutMethod }
            : { code: 'operation_limited', params: { ...aboutMethod, retryAt: ctx.retryAt } },
      };
    // "This is a manual individual block; please contact Bitrix24 technical support to lift it" (:25).
    case 'OVERLOAD_LIMIT':
      return { ...common, code: 'rest_blocked', message: { code: 'rest_blocked', params: about } };
    // "The public part of the site is closed" (:38-39).
    case 'PORTAL_DELETED':
      return { ...common, code: 'portal_blocked', message: { code: 'portal_blocked', params: about } };
    // "The trial or paid period of the application has expired … Until then, the authorization server will not issue
    // tokens" ([en] settings/oauth/error-codes.md:24).
    case 'PAYMENT_REQUIRED':
      return { ...common, code: 'payment_required', message: { code: 'payment_required', params: about } };
    case 'WRONG_AUTH_TYPE':
      return { ...common, code: 'method_unavailable', message: { code: 'method_needs_application', params: aboutMethod } };
    case 'ERROR_METHOD_NOT_FOUND':
    case 'METHOD_NOT_FOUND':
      return { ...common, code: 'method_unavailable', message: { code: 'method_unavailable', params: aboutMethod } };
    default:
      if (isServerError(portalError)) {
        return { ...common, code: 'server_error', message: { code: 'server_error', params: { ...about, count: ctx.attempts } } };
      }
      return {
        ...common,
        code: 'portal_error',
        message: portalErrorDescription
          ? { code: 'portal_error_described', params: { ...aboutMethod, details: shortDetails(portalErrorDescription) } }
          : { code: 'portal_error', params: aboutMethod },
      };
  }
}
