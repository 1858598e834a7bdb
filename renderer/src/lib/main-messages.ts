/**
 * Sentences of the main process the settings screen shows (they arrive in the person's language, localize.ts): a
 * portal's state in a few words, and the keys in a hotkey's sentence respelled the way the platform writes them
 * ("CommandOrControl+Alt+B" → "Ctrl+Alt+B", "⌥⌘B").
 */
import { formatAccelerator } from './accelerator-keys.ts';
import { t } from './i18n.svelte.ts';

/** How a portal is doing, for its row in the list (a local application's sign-in says so: "via app"). */
export function profileStatusText(profile: { kind?: string; status: string; statusMessage: string | null; userName: string | null }): string {
  if (profile.status === 'unchecked') return t('portal.status.unchecked');
  if (profile.status === 'connected') {
    const app = profile.kind === 'oauth';
    return profile.userName
      ? t(app ? 'portal.status.signedInAs' : 'portal.status.connectedAs', { name: profile.userName })
      : t(app ? 'portal.status.signedIn' : 'portal.status.connected');
  }
  return profile.statusMessage ?? '';
}

/** Electron accelerators inside a sentence ("CommandOrControl+Alt+B", quoted or not). */
const ACCELERATOR = /"?((?:(?:CommandOrControl|Command|Control|Alt|Option|AltGr|Shift|Super|Meta)\+)+(?:\w+|[^\s"\w]))"?/g;

/** Why a hotkey does not work or was refused, with its keys as the platform writes them and no "Hotkeys:" in front. */
export function hotkeyText(message: string, platform: string): string {
  return message.replace(/^Hotkeys(?: \(\w+\))?: /, '').replace(ACCELERATOR, (_, found: string) => formatAccelerator(found, platform));
}
