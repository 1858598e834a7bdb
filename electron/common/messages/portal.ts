/**
 * The messages about the portal and the network, as the REST client meets them (electron/core/bitrix): each code with
 * the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
export interface PortalMessages {
  auth_invalid: { portal: string; portalError: string };
  auth_invalid_sign_in: { portal: string; portalError: string };
  auth_user_inactive: { portal: string; portalError: string };
  auth_expired: { portal: string; portalError: string };
  auth_https_required: { portal: string; portalError: string };
  auth_not_renewed: { portal: string; portalError: string };
  auth_insecure_endpoint: { portal: string };
  auth_foreign_server: { portal: string; server: string };
  auth_tokens_unsaved: { portal: string };
  auth_code_refused: { portal: string };
  auth_application_refused: Record<string, never>;
  auth_sign_in_refused: { portal: string; portalError: string };
  scope_missing: { portal: string; method: string; scopes: readonly string[] };
  scope_missing_application: { portal: string; method: string; scopes: readonly string[] };
  scope_missing_unnamed: { portal: string; method: string; portalError: string };
  access_denied: { portal: string; method: string; portalError: string };
  access_denied_sign_in: { portal: string; method: string; portalError: string };
  access_denied_plan: { portal: string; method: string; portalError: string };
  access_denied_member: { portal: string; method: string; portalError: string };
  user_restricted: { portal: string; portalError: string };
  payment_required: { portal: string; portalError: string };
  rest_blocked: { portal: string; portalError: string };
  rate_limited: { portal: string; portalError: string; count: number };
  operation_limited: { portal: string; method: string; portalError: string; retryAt: number };
  operation_limited_unknown: { portal: string; method: string; portalError: string };
  portal_blocked: { portal: string; portalError: string };
  method_unavailable: { portal: string; method: string; portalError: string };
  method_needs_application: { portal: string; method: string; portalError: string };
  server_error: { portal: string; portalError: string; count: number };
  portal_error: { portal: string; method: string; portalError: string };
  portal_error_described: { portal: string; method: string; portalError: string; details: string };
  bad_response: { portal: string; method: string; httpStatus: number };
  bad_response_gateway: { portal: string; method: string; httpStatus: number };
  bad_response_unexpected: { portal: string; method: string };
  bad_response_token_server: { portal: string; httpStatus: number };
  bad_redirect: { portal: string };
  too_many_redirects: { portal: string; count: number };
  network: { portal: string };
  network_refused: { portal: string };
  network_dropped: { portal: string };
  network_unresolved: { portal: string };
  network_timed_out: { portal: string };
  network_unreachable: { portal: string };
  network_certificate: { portal: string };
  network_proxy: { portal: string };
  network_bad_port: { portal: string };
  network_redirect: { portal: string };
  timeout: { portal: string; seconds: number };
  timeout_deadline: { portal: string };
  timeout_cli: { portal: string; seconds: number };
  cancelled: { portal: string };
  connected: { portal: string; who: string; scopes: readonly string[] };
  connected_application: { portal: string; who: string; scopes: readonly string[] };
  check_scope_missing: { portal: string; who: string; scopes: readonly string[] };
  check_scope_missing_application: { portal: string; who: string; scopes: readonly string[] };
  webhook_empty: Record<string, never>;
  webhook_spaces: Record<string, never>;
  webhook_not_address: Record<string, never>;
  webhook_scheme: { scheme: string };
  webhook_http: { host: string };
  webhook_userinfo: Record<string, never>;
  webhook_portal_address: { host: string };
  webhook_cut_short: Record<string, never>;
  webhook_goes_on: Record<string, never>;
  webhook_no_rest: Record<string, never>;
  webhook_bad_user: Record<string, never>;
  webhook_bad_code: Record<string, never>;
  webhook_bad_tail: Record<string, never>;
  portal_address_empty: { example: string };
  portal_address_spaces: Record<string, never>;
  portal_address_not_address: { example: string };
  portal_address_scheme: { scheme: string };
  portal_address_http: { host: string };
  portal_address_userinfo: Record<string, never>;
}

/**
 * What kind of failure each of the REST client's sentences reports (electron/core/bitrix/errors.ts's BitrixErrorCode):
 * several sentences say one kind of failure in the words its case needs (a webhook's or a sign-in's, with or without a
 * time to wait). The kind decides what the app does next (reconnect, retry, stop a batch), the sentence what it says.
 */
export const PORTAL_FAILURE_KINDS = {
  auth_invalid: 'auth_invalid',
  auth_invalid_sign_in: 'auth_invalid',
  auth_user_inactive: 'auth_invalid',
  auth_expired: 'auth_invalid',
  auth_https_required: 'auth_invalid',
  auth_not_renewed: 'auth_invalid',
  auth_insecure_endpoint: 'auth_invalid',
  auth_foreign_server: 'auth_invalid',
  auth_tokens_unsaved: 'auth_invalid',
  auth_code_refused: 'auth_invalid',
  auth_application_refused: 'auth_invalid',
  auth_sign_in_refused: 'auth_invalid',
  scope_missing: 'scope_missing',
  scope_missing_application: 'scope_missing',
  scope_missing_unnamed: 'scope_missing',
  access_denied: 'access_denied',
  access_denied_sign_in: 'access_denied',
  access_denied_plan: 'access_denied',
  access_denied_member: 'access_denied',
  user_restricted: 'user_restricted',
  payment_required: 'payment_required',
  rest_blocked: 'rest_blocked',
  rate_limited: 'rate_limited',
  operation_limited: 'operation_limited',
  operation_limited_unknown: 'operation_limited',
  portal_blocked: 'portal_blocked',
  method_unavailable: 'method_unavailable',
  method_needs_application: 'method_unavailable',
  server_error: 'server_error',
  portal_error: 'portal_error',
  portal_error_described: 'portal_error',
  bad_response: 'bad_response',
  bad_response_gateway: 'bad_response',
  bad_response_unexpected: 'bad_response',
  bad_response_token_server: 'bad_response',
  bad_redirect: 'bad_response',
  too_many_redirects: 'too_many_redirects',
  network: 'network',
  network_refused: 'network',
  network_dropped: 'network',
  network_unresolved: 'network',
  network_timed_out: 'network',
  network_unreachable: 'network',
  network_certificate: 'network',
  network_proxy: 'network',
  network_bad_port: 'network',
  network_redirect: 'network',
  timeout: 'timeout',
  timeout_deadline: 'timeout',
  timeout_cli: 'timeout',
  cancelled: 'cancelled',
  check_scope_missing: 'scope_missing',
  check_scope_missing_application: 'scope_missing',
} as const satisfies Partial<Record<keyof PortalMessages, string>>;

export type PortalFailureCode = keyof typeof PORTAL_FAILURE_KINDS;
export type PortalFailureKind = (typeof PORTAL_FAILURE_KINDS)[PortalFailureCode];

/** The kind of failure a message reports, or null for a message that is no portal failure. */
export function portalFailureKind(code: string): PortalFailureKind | null {
  return Object.hasOwn(PORTAL_FAILURE_KINDS, code) ? PORTAL_FAILURE_KINDS[code as PortalFailureCode] : null;
}
