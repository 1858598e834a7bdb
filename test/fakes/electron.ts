/**
 * A stand-in for the `electron` module under Vitest, covering just what electron-store touches in the main
 * process: `app` (data folder, version), `ipcMain.on` (its renderer bridge, which the app closes) and `shell`.
 * Outside Electron the real module is only the path of a binary, so the real electron-store cannot load
 * without this. Every test that uses it still writes real files through the real electron-store.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const userData = mkdtempSync(join(tmpdir(), 'b24-fake-electron-userdata-'));

export const app = {
  getPath: (name: string): string => {
    if (name === 'userData') return userData;
    throw new Error(`The fake electron module has no path named ${name}.`);
  },
  getVersion: (): string => '0.0.0-test',
  getName: (): string => 'B24 Chat Lookup',
};

/** Listeners by channel, so a test can see which channels the code leaves open. */
export const ipcListeners = new Map<string, number>();

export const ipcMain = {
  on: (channel: string): void => void ipcListeners.set(channel, (ipcListeners.get(channel) ?? 0) + 1),
  handle: (): void => undefined,
  removeAllListeners: (channel: string): void => void ipcListeners.delete(channel),
};

export const shell = {
  openPath: async (): Promise<string> => '',
};

export default { app, ipcMain, shell };
