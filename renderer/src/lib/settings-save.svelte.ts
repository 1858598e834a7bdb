/**
 * How the settings screen saves: each change goes to the main process at once (`settingsUpdate`), the answer
 * becomes `app.settings`, and the screen's status line says "Saved" (or what else happened: a portal renamed,
 * checked, removed). A refusal comes back to the field that asked, to be shown beside it.
 */
import type { IpcError, RequestOf } from '../../../electron/core/ipc/contract.ts';
import { app, call } from './app.svelte.ts';
import { t, useLanguage } from './i18n.svelte.ts';

/** The settings screen's status line. */
export const settingsStatus = $state({ text: '' });

let timer: ReturnType<typeof setTimeout> | undefined;

/** Says something in the status line for a few seconds. */
export function announce(text: string): void {
  clearTimeout(timer);
  settingsStatus.text = text;
  timer = setTimeout(() => (settingsStatus.text = ''), 5_000);
}

/** Saves some settings; answers the refusal (to show beside the field), or null once saved. */
export async function saveSettings(patch: RequestOf<'settingsUpdate'>): Promise<IpcError | null> {
  // Without the desktop app (a page opened on its own) there is nothing to save to; the window says so in a banner.
  const api = app.api;
  if (!api) return null;
  const result = await call(api, 'settingsUpdate', patch);
  if (!result.ok) return result.error;
  // The catalog first: the window's language is the settings', and it shows nothing in a language it cannot say.
  await useLanguage(result.value.values.language);
  app.settings = result.value;
  announce(t('settings.saved'));
  return null;
}
