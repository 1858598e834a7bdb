/**
 * The messages about the desktop app itself: the window, opening links, the tray, notifications, updates: each code
 * with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
import type { MessageOf } from './message-of.ts';

type None = Record<string, never>;
/** `label`: the entity as the lookup names it ("Lead 13"); `channel`: an open line's channel ("Telegram"). */
type Lines = { label: string; count: number; channel: string };

export interface AppMessages {
  // The IPC layer's own refusals.
  /** `call`: the call's name; `field`: the request's field that is wrong, empty for the whole request. */
  invalid_request: { call: string; field: string };
  unknown_call: None;
  forbidden: None;
  internal: None;
  /** Said by the window itself: its call never reached the main process (the page outlived the app). */
  no_answer: None;
  window_hidden: None;
  // Opening links.
  chat_open_failed: None;
  desktop_app_open_failed: None;
  /** A notification's click could not open the chat (not a refusal of the opener's). */
  chat_not_opened: None;
  page_open_failed: None;
  /** `link`: the releases page, to open by hand. */
  releases_open_failed: { link: string };
  chat_portal_unknown: None;
  entity_portal_unknown: None;
  portal_not_openable: None;
  no_page: None;
  login_item_on_failed: { reason: string };
  login_item_off_failed: { reason: string };
  // Updates (core/updates/update-service.ts). `reason`: electron-updater's words, first line, secrets masked.
  update_check_failed: { reason: string };
  update_check_timeout: { seconds: number };
  update_download_failed: { reason: string };
  update_download_stalled: { seconds: number };
  update_download_unverified: None;
  update_not_self_updating: None;
  update_none_found: None;
  update_not_downloaded: None;
  // The tray.
  tray_update_available: { version: string };
  tray_update_downloading: { percent: number };
  tray_update_ready: { version: string };
  tray_update_releases: { version: string };
  tray_look_up_clipboard: None;
  tray_open: None;
  tray_history: None;
  tray_settings: None;
  tray_launch_at_login: None;
  tray_quit: None;
  tray_tooltip: None;
  // The clipboard lookup's notifications.
  notify_found_title: { chatId: number };
  notify_found_body: { label: string };
  notify_found_body_lines: Lines;
  notify_found_body_lines_active: Lines;
  notify_open_line_title: { chatId: number };
  notify_open_line_body: { label: string; channel: string };
  notify_open_line_body_active: { label: string; channel: string };
  notify_not_found_title: None;
  notify_not_found_body: { label: string };
  notify_invalid_title: None;
  notify_invalid_body: None;
  notify_failed_title: None;
  notify_refused_title: None;
  notify_open_failed_title: None;
  notify_many_title: { count: number };
  notify_many_body: { found: number; missing: number; failed: number };
  notify_many_body_copied: { found: number; missing: number; failed: number };
}

export type AppOwnMessage = MessageOf<AppMessages>;
