import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { isAppPage } from '../core/desktop/trusted-sender.ts';
import { CHANNELS, type AppInfo } from '../core/ipc/bridge.ts';

/** Answers the window's `appInfo()`; messages from any page other than the app's own are refused. */
export function handleAppInfo(appPageUrl: () => string | undefined): void {
  ipcMain.handle(CHANNELS.appInfo, (event: IpcMainInvokeEvent): AppInfo => {
    const expected = appPageUrl();
    if (!expected || !isAppPage(event.senderFrame?.url, expected)) {
      console.warn(`Refused ${CHANNELS.appInfo} from a page that is not the app's window.`);
      throw new Error('Refused: not the app window.');
    }
    return { name: app.getName(), version: app.getVersion(), platform: process.platform };
  });
}
