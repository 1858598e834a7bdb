/**
 * The API object the preload exposes to the window as `window.b24`. Types only: the renderer imports
 * this module with `import type`, never at run time.
 */

/** What the window may know about the app it runs in. */
export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

export interface DesktopApi {
  /** Name, version and platform of the running app. */
  appInfo(): Promise<AppInfo>;
}

/** The channel names, shared by the preload and the main process so neither can drift from the other. */
export const CHANNELS = {
  appInfo: 'app:info',
} as const;
