/**
 * Runs in the window's sandbox before its page: exposes exactly the DesktopApi object, nothing else
 * (never `ipcRenderer` itself). Bundled as CommonJS, as sandboxed preloads require.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type AppInfo, type DesktopApi } from './core/ipc/bridge.ts';

const api: DesktopApi = {
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo) as Promise<AppInfo>,
};

contextBridge.exposeInMainWorld('b24', api);
