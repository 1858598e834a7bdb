/**
 * The person's settings: what each one may hold (one valibot schema per setting, shared with the IPC contract),
 * the defaults, and the store that refuses a bad value with a message and never writes it.
 */
import * as v from 'valibot';
import { parseAccelerator, sameChord } from '../../common/hotkeys/accelerator.ts';
import { CRM_TYPE_LIST, idTypeName, parseIdType } from '../../common/references/entity-types.ts';
import { UserError } from '../user-error.ts';
import { type DocumentSpec, StateDocument } from './document.ts';
import { Listeners } from './listeners.ts';
import type { NoticeBoard } from './notices.ts';
import type { StateFile } from './state-file.ts';

export const THEMES = ['system', 'light', 'dark'] as const;
export const LANGUAGES = ['en', 'ru'] as const;
export const CHAT_OPENERS = ['browser', 'desktop'] as const;
export const HISTORY_LIMIT_MIN = 0;
export const HISTORY_LIMIT_MAX = 100_000;
export const DEFAULT_HISTORY_LIMIT = 1_000;

const hotkey = v.nullable(
  v.pipe(
    v.string('A hotkey is text such as CommandOrControl+Alt+B, or null to turn it off.'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const parsed = parseAccelerator(dataset.value);
      if (parsed.ok) return parsed.value;
      addIssue({ message: parsed.message });
      return NEVER;
    }),
  ),
);

const defaultType = v.nullable(
  v.pipe(
    v.string('The default type is a CRM type name such as LEAD, or null to ask each time.'),
    v.maxLength(60, 'That is too long for a type name.'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const type = parseIdType(dataset.value);
      if (type) return idTypeName(type);
      addIssue({ message: `"${dataset.value.slice(0, 60)}" is not a type. Use ${CRM_TYPE_LIST}, or TASKS_TASK, SONET_GROUP, CALENDAR.` });
      return NEVER;
    }),
  ),
);

/** Each setting's schema: the one place that says what a setting may hold. */
export const SETTING_SCHEMAS = {
  hotkeys: v.strictObject(
    { openWindow: hotkey, lookupClipboard: hotkey },
    'Hotkeys are { openWindow, lookupClipboard }, each a hotkey or null.',
  ),
  defaultType,
  launchAtLogin: v.boolean('Launch at login is true or false.'),
  theme: v.picklist(THEMES, `The theme is one of ${THEMES.join(', ')}.`),
  language: v.picklist(LANGUAGES, `The language is one of ${LANGUAGES.join(', ')}.`),
  historyLimit: v.pipe(
    v.number('The history size is a number of lookups.'),
    v.integer('The history size is a whole number of lookups.'),
    v.minValue(HISTORY_LIMIT_MIN, `The history size is at least ${HISTORY_LIMIT_MIN} (0 keeps no history).`),
    v.maxValue(HISTORY_LIMIT_MAX, `The history size is at most ${HISTORY_LIMIT_MAX.toLocaleString('en')} lookups.`),
  ),
  openChatIn: v.picklist(CHAT_OPENERS, 'A found chat opens in the "browser" or the Bitrix24 "desktop" app.'),
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

const SETTING_LABELS: Record<SettingName, string> = {
  hotkeys: 'Hotkeys',
  defaultType: 'Default type',
  launchAtLogin: 'Launch at login',
  theme: 'Theme',
  language: 'Language',
  historyLimit: 'History size',
  openChatIn: 'Open chats in',
};

/** The app's language for a list of OS locales (most preferred first): the first English or Russian one wins. */
export function languageFromLocales(locales: readonly string[]): Settings['language'] {
  for (const locale of locales) {
    const primary = locale.toLowerCase().split(/[-_]/)[0];
    if (primary === 'en') return 'en';
    // Russian is the second language of these locales' users far more often than English is.
    if (primary === 'ru' || primary === 'be' || primary === 'kk' || primary === 'ky' || primary === 'tg') return 'ru';
  }
  return 'en';
}

/** The settings a new install starts with. */
export function defaultSettings(osLocales: readonly string[]): Settings {
  return {
    hotkeys: { openWindow: 'CommandOrControl+Alt+B', lookupClipboard: 'CommandOrControl+Alt+V' },
    defaultType: 'LEAD',
    launchAtLogin: false,
    theme: 'system',
    language: languageFromLocales(osLocales),
    historyLimit: DEFAULT_HISTORY_LIMIT,
    openChatIn: 'browser',
  };
}

/** The first problem valibot found, as one sentence naming the setting. */
function settingProblem(name: SettingName, issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const where = issue?.path?.map((item) => String(item.key)).filter((key) => key !== name) ?? [];
  const label = where.length > 0 ? `${SETTING_LABELS[name]} (${where.join('.')})` : SETTING_LABELS[name];
  return `${label}: ${issue?.message ?? 'not a value this setting can hold.'}`;
}

function checkHotkeysDiffer(hotkeys: Settings['hotkeys']): void {
  const { openWindow, lookupClipboard } = hotkeys;
  if (openWindow !== null && lookupClipboard !== null && sameChord(openWindow, lookupClipboard)) {
    throw new UserError('invalid_setting', `Hotkeys: ${openWindow} and ${lookupClipboard} are the same keys; one cannot both open the window and look up the clipboard.`);
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
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const name = issue?.path?.[0]?.key;
      const message =
        typeof name !== 'string'
          ? 'A settings change names the settings to change, for example { "theme": "dark" }.'
          : isSettingName(name)
            ? settingProblem(name, parsed.issues)
            : `There is no setting named "${name.slice(0, 40)}"; settings are ${Object.keys(SETTING_SCHEMAS).join(', ')}.`;
      throw new UserError('invalid_setting', message);
    }
    const changes = Object.fromEntries(Object.entries(parsed.output).filter(([, value]) => value !== undefined)) as Partial<Settings>;
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
