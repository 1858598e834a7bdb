/**
 * What crosses to the window, in the person's language. The services speak English (their sentences name the setting,
 * the host, the keys); the window shows whatever the main process sends, so the sentences are put into the language
 * of the settings here, once, on the way out: errors, history entries, hotkey states, warnings, a portal's last
 * check and notices. (Lookup results and parsed references are messages as data: the window formats them.) English passes through untouched. (What the window is asked to show, a window
 * request, is put into the language where it is made, with its notification: quick-lookup.ts, app-services.ts.)
 */
import type { HistoryPage } from '../state/history.ts';
import type { ProfilesView, ProfileView, SecretStorageView } from '../state/profiles.ts';
import type { Settings } from '../state/settings.ts';
import type { HotkeysView, HotkeyState } from '../hotkeys/hotkeys.ts';
import { type Problem, russianCheck, russianConnected, russianNotice, russianProblem, russianSentence } from '../i18n/russian.ts';
import type { Notice } from '../state/notices.ts';
import type { SettingsView } from './contract.ts';

export type Language = Settings['language'];

/** A failure's sentence in the language. */
export function localizeProblem<P extends Problem>(problem: P, language: Language): P {
  return language === 'en' ? problem : { ...problem, message: russianProblem(problem) };
}

const sentence = (message: string | null, language: Language): string | null =>
  message === null || language === 'en' ? message : (russianSentence(message) ?? message);

export function localizeHistory(page: HistoryPage, language: Language): HistoryPage {
  if (language === 'en') return page;
  const entries = page.entries.map((entry) =>
    entry.code === null || entry.message === null ? entry : { ...entry, message: russianProblem({ code: entry.code, message: entry.message }) },
  );
  return { ...page, entries };
}

const localizeHotkey = (state: HotkeyState, language: Language): HotkeyState => ({ ...state, message: sentence(state.message, language) });

function localizeStorage(view: SecretStorageView, language: Language): SecretStorageView {
  return { ...view, warning: sentence(view.warning, language) };
}

export function localizeSettings(view: SettingsView, language: Language): SettingsView {
  if (language === 'en') return view;
  const hotkeys: HotkeysView = {
    openWindow: localizeHotkey(view.hotkeys.openWindow, language),
    lookupClipboard: localizeHotkey(view.hotkeys.lookupClipboard, language),
    limitation: sentence(view.hotkeys.limitation, language),
  };
  return { ...view, hotkeys, secretStorage: localizeStorage(view.secretStorage, language) };
}

/** A portal's last check in the language: what failed, or whose credentials work ("connected as", "signed in as"). */
export function localizeProfile(profile: ProfileView, language: Language): ProfileView {
  if (language === 'en' || profile.statusMessage === null) return profile;
  if (profile.status === 'failing') return { ...profile, statusMessage: russianCheck(profile.statusMessage) };
  if (profile.status === 'connected') return { ...profile, statusMessage: russianConnected(profile.statusMessage) };
  return profile;
}

export function localizeProfiles(view: ProfilesView, language: Language): ProfilesView {
  if (language === 'en') return view;
  return { ...view, profiles: view.profiles.map((profile) => localizeProfile(profile, language)), secretStorage: localizeStorage(view.secretStorage, language) };
}

/** Notices (a damaged or unsaved file, a portal that moved) in the language. */
export function localizeNotices(notices: Notice[], language: Language): Notice[] {
  return language === 'en' ? notices : notices.map((notice) => ({ ...notice, message: russianNotice(notice.message) }));
}
