import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type AppInfo } from '../core/ipc/bridge.ts';

/**
 * Answers the window's `appInfo()`. `isTrustedSender` decides whether a message comes from the app's own
 * window and page; anything else is refused and logged without its payload.
 */
export function handleAppInfo(isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(CHANNELS.appInfo, (event: IpcMainInvokeEvent): AppInfo => {
    if (!isTrustedSender(event)) {
      console.warn(`Refused ${CHANNELS.appInfo} from a page that is not the app's window.`);
      throw new Error('Refused: not the app window.');
    }
    return { name: app.getName(), version: app.getVersion(), platform: process.platform };
  });
}
