/**
 * The messages about a setting refused, and why: each code with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
import type { MessageOf } from './message-of.ts';

type None = Record<string, never>;

export interface SettingMessages {
  settings_change_shape: None;
  /** `name`: the setting asked for; `settings`: the ones there are. */
  setting_unknown: { name: string; settings: readonly string[] };
  /** Any other value a setting cannot hold; `setting`: its name in the settings file. */
  setting_invalid: { setting: string };
  setting_hotkeys_shape: None;
  setting_hotkey_text: None;
  setting_type_text: None;
  setting_type_too_long: { max: number };
  /** `value`: what was given; `types`: the CRM type names; `first`: the first smart-process type id. */
  setting_type_unknown: { value: string; types: string; first: number };
  setting_launch_boolean: None;
  setting_theme: { themes: readonly string[] };
  setting_language: { languages: readonly string[] };
  setting_history_number: None;
  setting_history_whole: None;
  setting_history_min: { min: number };
  setting_history_max: { max: number };
  setting_open_chat_in: None;
  setting_update_checks_boolean: None;
  /** `channels`: the release channels there are. */
  setting_update_channel: { channels: readonly string[] };
}

export type SettingMessage = MessageOf<SettingMessages>;
