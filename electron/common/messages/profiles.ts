/**
 * The messages about connected portals: adding, checking, removing, moving, how credentials are kept: each code with
 * the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
import type { MessageOf } from './message-of.ts';

type None = Record<string, never>;
export interface ProfileMessages {
  /** A stale profile id (a portal removed meanwhile, say). */
  profile_not_found: None;
  invalid_webhook: None;
  local_portal: None;
  invalid_name: None;
  not_oauth: { name: string };
  credentials_not_oauth: { name: string };
  credentials_locked: { name: string };
  secret_storage_obscured: None;
  secret_storage_unavailable: None;
  /** `day`: the date it ended, YYYY-MM-DD. */
  sign_in_ended: { host: string; day: string };
  sign_in_ending: { host: string; day: string };
  portal_moved: { from: string; to: string; name: string };
}

export type ProfileMessage = MessageOf<ProfileMessages>;
