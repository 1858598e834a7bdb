/**
 * What a launch of the app asks for: `b24-chat-lookup-app "LEAD|13"` opens the window and looks the reference up,
 * and the login-item entry's flag says the OS started the app at login, when no window should appear. A second
 * launch hands the same request to the running app (single-instance lock), which checks it like any other input.
 */
import * as v from 'valibot';
import { MAX_TEXT_LENGTH } from '../../common/lookup/limits.ts';

/** Written into the login item (Windows) and the autostart entry (Linux); macOS reports it itself. */
export const LAUNCHED_AT_LOGIN_FLAG = '--launched-at-login';

export interface LaunchRequest {
  /** Text given on the command line to look up, or null. */
  reference: string | null;
  /** The OS started the app at login: stay in the tray. */
  atLogin: boolean;
}

/**
 * Reads a launch's own arguments out of `process.argv`. Everything that starts with `-` is a switch (Chromium adds
 * its own, and on Windows may move them around in the argv a second instance reports), so only the rest is text.
 * `defaultApp` is Electron's `process.defaultApp`: unpackaged, the first word that is not a switch is the app's
 * folder, not an argument (switches may come before it: `electron --no-sandbox .`, as Playwright launches it).
 */
export function readLaunchRequest(argv: readonly string[], { defaultApp }: { defaultApp: boolean }): LaunchRequest {
  const args = argv.slice(1);
  const words = args.filter((arg) => !arg.startsWith('-') && arg.trim() !== '').slice(defaultApp ? 1 : 0);
  // Joined with spaces: `b24-chat-lookup-app deal 5` typed without quotes is one reference, not "deal" and a bare 5.
  const text = words.join(' ').slice(0, MAX_TEXT_LENGTH);
  return { reference: text === '' ? null : text, atLogin: args.includes(LAUNCHED_AT_LOGIN_FLAG) };
}

const launchRequestSchema = v.strictObject({
  reference: v.nullable(v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH))),
  atLogin: v.boolean(),
});

/**
 * The request a second launch passed on (`second-instance`'s additionalData). Any program the person runs can send
 * one, so it is data to check, not to trust: anything but a well-formed request is read as "open the window".
 */
export function launchRequestFrom(data: unknown): LaunchRequest {
  const parsed = v.safeParse(launchRequestSchema, data);
  return parsed.success ? parsed.output : { reference: null, atLogin: false };
}
