/**
 * The messages about signing in through a local application (OAuth), the page in the browser: each code with the
 * parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
import type { MessageOf } from './message-of.ts';

type None = Record<string, never>;

export interface SignInMessages {
  invalid_portal: None;
  invalid_client_id: None;
  invalid_client_secret: None;
  /** The OAuth server does not know the client id and secret. */
  invalid_application: None;
  no_sign_in: None;
  sign_in_paste: None;
  sign_in_cancelled: None;
  /** `count`: the minutes waited. */
  sign_in_timeout: { count: number };
  sign_in_timeout_seconds: { seconds: number };
  sign_in_page_open_failed: { host: string };
  sign_in_server: { host: string; server: string; servers: readonly string[] };
  sign_in_server_unknown: { host: string };
  sign_in_state: None;
  sign_in_denied: None;
  /** `error`: the OAuth error Bitrix24 named. */
  sign_in_refused: { error: string };
  sign_in_no_code: None;
  sign_in_page_received_title: None;
  sign_in_page_received_text: None;
  sign_in_page_wrong_state_title: None;
  sign_in_page_wrong_state_text: None;
  sign_in_page_not_signed_in_title: None;
  sign_in_page_denied_text: None;
  sign_in_page_no_code_text: None;
}

export type SignInMessage = MessageOf<SignInMessages>;
