/**
 * A stand-in for the `electron` module under Vitest, covering just what electron-store touches in the main
 * process: `app` (data folder, version), `ipcMain.on` (its renderer bridge, unused by us) and `shell`.
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

export const ipcMain = {
  on: (): void => undefined,
  handle: (): void => undefined,
};

export const shell = {
  openPath: async (): Promise<string> => '',
};

export default { app, ipcMain, shell };
