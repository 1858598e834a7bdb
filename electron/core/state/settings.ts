/**
 * settings.ts is over 300 lines because each setting's schema, default and refusal live here together, so that none
 * of the three can be added without the others.
 *
 * The person's settings: what each one may hold (one valibot schema per setting, shared with the IPC contract),
 * the defaults, and the store that refuses a bad value with a message and never writes it.
 */
import * as v from 'valibot';
import { matchLanguage } from '../../common/i18n/languages.ts';
import type { AppMessage } from '../../common/messages/index.ts';
import type { SettingMessages } from '../../common/messages/settings.ts';
import { ACCELERATOR_REFUSALS, parseAccelerator, sameChord } from '../../common/hotkeys/accelerator.ts';
import { FIRST_DYNAMIC_TYPE_ID, idTypeName, parseIdType } from '../../common/references/entity-types.ts';
import { UserError } from '../user-error.ts';
import { type DocumentSpec, StateDocument } from './document.ts';
import { Listeners } from './listeners.ts';
import type { NoticeBoard } from './notices.ts';
import { LANGUAGES, SOURCE_LANGUAGE } from '../../common/i18n/catalogs.ts';
import type { StateFile } from './state-file.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
/** The languages the app has a catalog for (the shared zone's list), the source language first. */
export { LANGUAGES };
export const CHAT_OPENERS = ['browser', 'desktop'] as const;
/**
 * The release channels a person may follow: `latest` (the releases) and `beta` (their previews too). electron-updater
 * reads the channel's file, `latest-linux.yml` or `beta-linux.yml` (docs/updates.md).
 */
export const UPDATE_CHANNELS = ['latest', 'beta'] as const;
export const HISTORY_LIMIT_MIN = 0;
export const HISTORY_LIMIT_MAX = 100_000;
export const DEFAULT_HISTORY_LIMIT = 1_000;

/**
 * The schemas' issue messages are codes of SettingMessages, not sentences: `refusalOf` below turns the first issue
 * into its message, with the parameters from the setting's limits and the value that was refused.
 */
const SCHEMA_CODES = [
  'setting_hotkey_text',
  'setting_hotkeys_shape',
  'setting_type_text',
  'setting_type_too_long',
  'setting_type_unknown',
  'setting_launch_boolean',
  'setting_theme',
  'setting_language',
  'setting_history_number',
  'setting_history_whole',
  'setting_history_min',
  'setting_history_max',
  'setting_open_chat_in',
  'setting_update_checks_boolean',
  'setting_update_channel',
] as const satisfies readonly (keyof SettingMessages)[];
type SchemaCode = (typeof SCHEMA_CODES)[number];
const code = (name: SchemaCode): string => name;
/** Every way `update` refuses a change (the IPC contract's settingsUpdate lists them). */
export const SETTING_REFUSALS = [
  ...SCHEMA_CODES,
  'settings_change_shape',
  'setting_unknown',
  'setting_invalid',
  'hotkeys_same_keys',
  ...ACCELERATOR_REFUSALS,
] as const;

const isSchemaCode = (text: string | undefined): text is SchemaCode => (SCHEMA_CODES as readonly (string | undefined)[]).includes(text);
/** A hotkey the accelerator reader refused: the reader says why (its own HotkeyMessages code, read again below). */
const HOTKEY_REFUSED = 'hotkey_refused';

const hotkey = v.nullable(
  v.pipe(
    v.string(code('setting_hotkey_text')),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const parsed = parseAccelerator(dataset.value);
      if (parsed.ok) return parsed.value;
      addIssue({ message: HOTKEY_REFUSED });
      return NEVER;
    }),
  ),
);

/** The CRM types a default type may name (smart processes are DYNAMIC_<id>). */
const DEFAULT_TYPE_NAMES = 'LEAD, DEAL, CONTACT, COMPANY, QUOTE, SMART_INVOICE';
const TYPE_NAME_MAX = 60;

const defaultType = v.nullable(
  v.pipe(
    v.string(code('setting_type_text')),
    v.maxLength(TYPE_NAME_MAX, code('setting_type_too_long')),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const type = parseIdType(dataset.value);
      if (type) return idTypeName(type);
      addIssue({ message: code('setting_type_unknown') });
      return NEVER;
    }),
  ),
);

/** Each setting's schema: the one place that says what a setting may hold. */
export const SETTING_SCHEMAS = {
  hotkeys: v.strictObject({ openWindow: hotkey, lookupClipboard: hotkey }, code('setting_hotkeys_shape')),
  defaultType,
  launchAtLogin: v.boolean(code('setting_launch_boolean')),
  theme: v.picklist(THEMES, code('setting_theme')),
  // Every language the app has a catalog for (electron/common/i18n/catalogs.ts).
  language: v.picklist(LANGUAGES, code('setting_language')),
  historyLimit: v.pipe(
    v.number(code('setting_history_number')),
    v.integer(code('setting_history_whole')),
    v.minValue(HISTORY_LIMIT_MIN, code('setting_history_min')),
    v.maxValue(HISTORY_LIMIT_MAX, code('setting_history_max')),
  ),
  openChatIn: v.picklist(CHAT_OPENERS, code('setting_open_chat_in')),
  /** Whether the app looks for a new version by itself (at start and once a day); "Check now" asks anyway. */
  updateChecks: v.boolean(code('setting_update_checks_boolean')),
  updateChannel: v.picklist(UPDATE_CHANNELS, code('setting_update_channel')),
};

export type SettingName = keyof typeof SETTING_SCHEMAS;
export type Settings = { [K in SettingName]: v.InferOutput<(typeof SETTING_SCHEMAS)[K]> };

/** A change to some settings, as the window sends it. */
export const settingsPatchSchema = v.strictObject(
  Object.fromEntries(Object.entries(SETTING_SCHEMAS).map(([name, schema]) => [name, v.optional(schema)])) as {
    [K in SettingName]: v.OptionalSchema<(typeof SETTING_SCHEMAS)[K], undefined>;
  },
);
export type SettingsPatch = v.InferInput<typeof settingsPatchSchema>;
/** A change settingsPatchSchema accepted: each hotkey and default type already in its one spelling. */
export type SettingsChange = v.InferOutput<typeof settingsPatchSchema>;

/** Why settingsPatchSchema refused a change: the message naming the setting (or the change's shape). */
export function settingsRefusal(issues: readonly v.BaseIssue<unknown>[]): AppMessage {
  const name = issues[0]?.path?.[0]?.key;
  if (typeof name !== 'string') return { code: 'settings_change_shape' };
  if (isSettingName(name)) return refusalOf(name, issues);
  return { code: 'setting_unknown', params: { name: name.slice(0, 40), settings: Object.keys(SETTING_SCHEMAS) } };
}

/**
 * Languages whose keyboards type a character with AltGr+V or AltGr+B: Czech, Slovak and Hungarian put `@` on AltGr+V
 * and `{` on AltGr+B. Windows reads AltGr as Ctrl+Alt, so a global Ctrl+Alt+V would take `@` from the person typing
 * it; with these languages the hotkeys start with Shift added.
 */
const ALTGR_V_LANGUAGES = new Set(['cs', 'sk', 'hu']);

/** The hotkeys a new install starts with, for the system's languages. */
export function defaultHotkeys(osLocales: readonly string[]): Settings['hotkeys'] {
  const altGrTypes = osLocales.some((locale) => ALTGR_V_LANGUAGES.has(locale.toLowerCase().split(/[-_]/)[0] ?? ''));
  const chord = altGrTypes ? 'CommandOrControl+Alt+Shift' : 'CommandOrControl+Alt';
  return { openWindow: `${chord}+B`, lookupClipboard: `${chord}+V` };
}

/** The settings a new install starts with. */
export function defaultSettings(osLocales: readonly string[]): Settings {
  return {
    hotkeys: defaultHotkeys(osLocales),
    defaultType: 'LEAD',
    launchAtLogin: false,
    theme: 'system',
    language: matchLanguage(osLocales, LANGUAGES, SOURCE_LANGUAGE),
    historyLimit: DEFAULT_HISTORY_LIMIT,
    openChatIn: 'browser',
    updateChecks: true,
    updateChannel: 'latest',
  };
}

/** The parameters each setting's refusal needs: the setting's limits, and the value refused where it is shown. */
function paramsOf(name: SchemaCode, input: unknown): AppMessage {
  switch (name) {
    case 'setting_type_unknown':
      return { code: name, params: { value: String(input).slice(0, TYPE_NAME_MAX), types: DEFAULT_TYPE_NAMES, first: FIRST_DYNAMIC_TYPE_ID } };
    case 'setting_type_too_long':
      return { code: name, params: { max: TYPE_NAME_MAX } };
    case 'setting_theme':
      return { code: name, params: { themes: [...THEMES] } };
    case 'setting_language':
      return { code: name, params: { languages: [...LANGUAGES] } };
    case 'setting_history_min':
      return { code: name, params: { min: HISTORY_LIMIT_MIN } };
    case 'setting_history_max':
      return { code: name, params: { max: HISTORY_LIMIT_MAX } };
    case 'setting_update_channel':
      return { code: name, params: { channels: [...UPDATE_CHANNELS] } };
    default:
      return { code: name };
  }
}

/** The first problem valibot found, as the message that says what the setting may hold. */
function refusalOf(name: SettingName, issues: readonly v.BaseIssue<unknown>[]): AppMessage {
  const issue = issues[0];
  if (issue?.message === HOTKEY_REFUSED) {
    // Read again for the reason, with the keys the person gave as its parameter.
    const parsed = parseAccelerator(String(issue.input));
    if (!parsed.ok) return parsed.refusal;
  }
  return isSchemaCode(issue?.message) ? paramsOf(issue.message, issue.input) : { code: 'setting_invalid', params: { setting: name } };
}

function checkHotkeysDiffer(hotkeys: Settings['hotkeys']): void {
  const { openWindow, lookupClipboard } = hotkeys;
  if (openWindow !== null && lookupClipboard !== null && sameChord(openWindow, lookupClipboard)) {
    throw new UserError({ code: 'hotkeys_same_keys', params: { first: openWindow, second: lookupClipboard } });
  }
}

const isSettingName = (name: string): name is SettingName => Object.hasOwn(SETTING_SCHEMAS, name);

/** Whether a value read from the file can be written back to it. */
function canBeWritten(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is stored: only the settings the person changed, so a default that changes in a later version reaches them;
 * and any setting this version does not know (a newer version's), kept as it was and written back unchanged.
 */
interface StoredSettings {
  values: Partial<Settings>;
  unknown: Record<string, unknown>;
}

function settingsSpec(): DocumentSpec<StoredSettings> {
  return {
    label: 'settings',
    version: 1,
    migrations: {
      // Version 0: the flat file of the first builds (the foundation's json-store wrote settings as top-level keys).
      0: (document) => ({ values: document }),
    },
    read: (document) => {
      const stored = document.values;
      if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
        return { value: { values: {}, unknown: {} }, dropped: stored === undefined ? 0 : 1 };
      }
      const values: Record<string, unknown> = {};
      // No prototype, so a name such as `__proto__` is kept as a plain key.
      const unknown: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      let dropped = 0;
      for (const [name, raw] of Object.entries(stored)) {
        if (!isSettingName(name)) {
          // Kept to be written back as it was; one that cannot be written (nested too deep for JSON.stringify) would make
          // every later save of the settings fail, so it counts as damage: left out, with the file kept aside first.
          if (canBeWritten(raw)) unknown[name] = raw;
          else dropped += 1;
          continue;
        }
        const parsed = v.safeParse(SETTING_SCHEMAS[name], raw);
        if (parsed.success) values[name] = parsed.output;
        else dropped += 1;
      }
      return { value: { values: values as Partial<Settings>, unknown }, dropped };
    },
    empty: () => ({ values: {}, unknown: {} }),
    write: ({ values, unknown }) => ({ values: { ...unknown, ...values } }),
  };
}

/** The person's settings over their state file: every value checked before it is kept. */
export class SettingsStore {
  readonly #document: StateDocument<StoredSettings>;
  readonly #defaults: Settings;
  readonly #listeners = new Listeners<[settings: Settings, changed: Partial<Settings>, named: Partial<Settings>]>();

  constructor(file: StateFile, notices: NoticeBoard, { osLocales }: { osLocales: readonly string[] }) {
    this.#defaults = defaultSettings(osLocales);
    this.#document = new StateDocument(file, settingsSpec(), notices);
  }

  /** Every setting: the person's choice, or the default. */
  get(): Settings {
    return { ...this.#defaults, ...this.#document.value.values };
  }

  /** Changes some settings at once, all or none; a bad value throws a UserError naming it and nothing is stored. */
  update(patch: unknown): Settings {
    // valibot takes an array for an object with no keys; a change must name its settings.
    const parsed = v.safeParse(settingsPatchSchema, Array.isArray(patch) ? null : patch);
    if (!parsed.success) throw new UserError(settingsRefusal(parsed.issues));
    return this.apply(parsed.output);
  }

  /** Applies a change settingsPatchSchema has already checked (the IPC dispatcher's), all or none. */
  apply(change: SettingsChange): Settings {
    const changes = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<Settings>;
    // Checked only when the hotkeys change, so a file that already holds a clash does not block every other setting.
    if (changes.hotkeys) checkHotkeysDiffer(changes.hotkeys);
    const before = this.get();
    this.#document.value = { ...this.#document.value, values: { ...this.#document.value.values, ...changes } };
    this.#document.save();
    const settings = this.get();
    // Listeners hear only what differs: a setting saved again at the value it had changes nothing (no hotkey is
    // registered again, no login item rewritten, no history trimmed).
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([name]) => JSON.stringify(settings[name as SettingName]) !== JSON.stringify(before[name as SettingName])),
    ) as Partial<Settings>;
    this.#listeners.emit(settings, changed, changes);
    return settings;
  }

  /**
   * Calls `listener` after every update with the new settings, the ones whose value changed, and all the update named
   * (changed or not); returns the unsubscribe function.
   */
  onChange(listener: (settings: Settings, changed: Partial<Settings>, named: Partial<Settings>) => void): () => void {
    return this.#listeners.add(listener);
  }
}
