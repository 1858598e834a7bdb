/**
 * The errors a Bitrix24 portal answers REST calls with, as the official documentation lists them: code, HTTP status
 * and the portal's own `error_description`. The fake portal answers with these and nothing else, so a test that
 * injects an error gets it with the status the docs give, not one a test author remembered.
 *
 * Doc paths are relative to the roots of the official documentation repositories (README.md in this folder names
 * them and the commits read): `[en]` github.com/bitrix24/b24restdocs, `[ru]` github.com/bitrix-tools/b24-rest-docs.
 * Most rows come from the table every method page includes, `[en] _includes/system-errors.md` (its line is given).
 */

export interface DocumentedError {
  error: string;
  status: number;
  /** The portal's `error_description`, as the docs print it. */
  description: string;
  /** Where the docs say so. */
  source: string;
}

const row = (error: string, status: number, description: string, source: string): DocumentedError => ({ error, status, description, source });

export const SYSTEM_ERRORS = {
  internalServerError: row('INTERNAL_SERVER_ERROR', 500, 'Internal server error', '[en] _includes/system-errors.md:10'),
  unexpectedAnswer: row('ERROR_UNEXPECTED_ANSWER', 500, 'Server returned an unexpected response', '[en] _includes/system-errors.md:12'),
  queryLimitExceeded: row('QUERY_LIMIT_EXCEEDED', 503, 'Too many requests', '[en] _includes/system-errors.md:14; [en] limits.md:35'),
  // Missing from the English table; the Russian one has it (and says the block lifts after 10 minutes, where limits.md
  // says it lifts as soon as a basket resets). The description is the one limits.md and the JS SDK quote.
  operationTimeLimit: row(
    'OPERATION_TIME_LIMIT',
    429,
    'Method is blocked due to operation time limit.',
    '[ru] _includes/system-errors.md:17; [en] limits.md:109',
  ),
  batchMethodNotAllowed: row(
    'ERROR_BATCH_METHOD_NOT_ALLOWED',
    405,
    'Method is not allowed for batch usage',
    '[en] _includes/system-errors.md:16; [en] settings/how-to-call-rest-api/batch.md:507',
  ),
  batchLengthExceeded: row(
    'ERROR_BATCH_LENGTH_EXCEEDED',
    400,
    'Max batch length exceeded',
    '[en] _includes/system-errors.md:18; [en] settings/how-to-call-rest-api/batch.md:44',
  ),
  /** "Invalid access token or webhook code". */
  noAuthFound: row('NO_AUTH_FOUND', 401, 'Wrong authorization data', '[en] _includes/system-errors.md:20'),
  /** "The HTTPS protocol is required for method calls". */
  invalidRequest: row('INVALID_REQUEST', 400, 'Https required', '[en] _includes/system-errors.md:22'),
  /** "A manual individual block; please contact Bitrix24 technical support to lift it". */
  overloadLimit: row('OVERLOAD_LIMIT', 503, 'REST API is blocked due to overload', '[en] _includes/system-errors.md:24'),
  /** "The REST API is only available on commercial plans". */
  accessDenied: row('ACCESS_DENIED', 403, 'REST API is available only on commercial plans', '[en] _includes/system-errors.md:26'),
  /**
   * "The user associated with the access token or webhook used to call the method lacks the necessary permissions".
   * 403 in the table; the im.chat.get page shows it with 401 ([en] api-reference/chats/im-chat-get.md:296). The client
   * reads the code, never the status, so both readings end the same way.
   */
  invalidCredentials: row('INVALID_CREDENTIALS', 403, 'Invalid request credentials', '[en] _includes/system-errors.md:28'),
  insufficientScope: row(
    'insufficient_scope',
    403,
    'The request requires higher privileges than provided by the webhook token',
    '[en] _includes/system-errors.md:32; [en] api-reference/chat-bots/send-command.md:137',
  ),
  expiredToken: row(
    'expired_token',
    401,
    'The access token provided has expired',
    '[en] _includes/system-errors.md:34; [en] settings/oauth/auto-renewal.md:103',
  ),
  /** The application is installed, but an administrator limited it to certain users. */
  userAccessError: row('user_access_error', 403, 'The user does not have access to the application', '[en] _includes/system-errors.md:36'),
  /** "The public part of the site is closed" (on a self-hosted portal: the "Temporary closure" option). */
  portalDeleted: row('PORTAL_DELETED', 500, 'Portal was deleted', '[en] _includes/system-errors.md:38'),
  /**
   * "For methods available only in REST 3.0, the error ERROR_METHOD_NOT_FOUND with status 404 is returned"; the JS SDK's
   * docs give 400 for it. The description is a guess: no page prints one.
   */
  methodNotFound: row('ERROR_METHOD_NOT_FOUND', 404, 'Method not found!', '[en] api-reference/rest-v3.md:26'),
  /** A method that needs an application's context, called with a webhook. Its description is a guess. */
  wrongAuthType: row(
    'WRONG_AUTH_TYPE',
    403,
    'Current authorization type is denied for this method',
    '[en] settings/interactivity/push-and-pull/pull-application-push-add.md:205',
  ),
} as const satisfies Record<string, DocumentedError>;

/**
 * A method error the docs give for one method (`ERROR_CORE` is a per-method code on about a hundred pages: "the
 * specific error reason is provided in the field error_description", [en]
 * tutorials/crm/how-to-use-analitycs/use-analitics-for-add-contact.md:797; usually 400).
 */
export const METHOD_ERRORS = {
  errorCore: row('ERROR_CORE', 400, 'Parameter `TRACE` required', '[en] api-reference/crm/tracking/crm-tracking-trace-add.md:416'),
  dialogIdEmpty: row('DIALOG_ID_EMPTY', 400, "Dialog ID can't be empty", '[en] api-reference/chats/im-dialog-get.md:597'),
  /** imopenlines.crm.chat.get's refusal of a missing or malformed argument (its description names which). */
  argument: row(
    'ERROR_ARGUMENT',
    400,
    "Argument 'CRM_ENTITY' is null or empty",
    '[en] api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md:312-314',
  ),
  accessError: row('ACCESS_ERROR', 403, 'You do not have access to the specified dialog', '[en] api-reference/chats/im-dialog-get.md:598'),
} as const satisfies Record<string, DocumentedError>;

/**
 * What the authorization server answers instead of tokens ([en] settings/oauth/error-codes.md:20-24). The docs give
 * no HTTP status for any of them; the statuses here are the PHP SDK's reading (b24phpsdk
 * src/Core/ApiLevelErrorHandler.php:199-256: invalid_grant under 400, invalid_client under 401), and 402 for
 * PAYMENT_REQUIRED is a guess from its name. Descriptions other than PAYMENT_REQUIRED's are guesses too.
 */
export const OAUTH_ERRORS = {
  invalidRequest: row('invalid_request', 400, 'Invalid request', '[en] settings/oauth/error-codes.md:20'),
  invalidClient: row('invalid_client', 401, 'Invalid client credentials', '[en] settings/oauth/error-codes.md:21'),
  invalidScope: row('invalid_scope', 400, 'Requested scope exceeds the application card', '[en] settings/oauth/error-codes.md:22'),
  invalidGrant: row('invalid_grant', 400, 'Invalid authorization data', '[en] settings/oauth/error-codes.md:23'),
  paymentRequired: row('PAYMENT_REQUIRED', 402, 'Payment required', '[en] settings/oauth/error-codes.md:13,24; [en] settings/oauth/index.md:205'),
} as const satisfies Record<string, DocumentedError>;
