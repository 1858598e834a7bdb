/**
 * Messages of the main process the settings screen shows: a portal's state in a few words, and a hotkey's message
 * with its keys (its accelerator parameters) respelled the way the platform writes them ("CommandOrControl+Alt+B" →
 * "Ctrl+Alt+B", "⌥⌘B").
 */
import type { Message, MessageParams } from '../../../electron/common/i18n/format.ts';
import { ACCELERATOR_PARAMS } from '../../../electron/common/messages/hotkeys.ts';
import { formatAccelerator } from './accelerator-keys.ts';
import { say, t } from './i18n.svelte.ts';

/** How a portal is doing, for its row in the list (a local application's sign-in says so: "via app"). */
export function profileStatusText(profile: { kind?: string; status: string; statusMessage: Message | null; userName: string | null }): string {
  if (profile.status === 'unchecked') return t('portal.status.unchecked');
  if (profile.status === 'connected') {
    const app = profile.kind === 'oauth';
    return profile.userName
      ? t(app ? 'portal.status.signedInAs' : 'portal.status.connectedAs', { name: profile.userName })
      : t(app ? 'portal.status.signedIn' : 'portal.status.connected');
  }
  return profile.statusMessage ? say(profile.statusMessage) : '';
}

/** Why a hotkey does not work or was refused, with its keys as the platform writes them. */
export function hotkeyText(message: Message, platform: string): string {
  const params: Record<string, MessageParams[string]> = { ...message.params };
  for (const name of ACCELERATOR_PARAMS) {
    const keys = params[name];
    if (typeof keys === 'string') params[name] = formatAccelerator(keys, platform);
  }
  return say({ code: message.code, params });
}
