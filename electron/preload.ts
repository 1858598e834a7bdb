/**
 * Runs in the window's sandbox before its page: exposes exactly the contract's API object (desktop-api.ts) as
 * `window.b24`, nothing else, never `ipcRenderer` itself. Bundled as CommonJS, as sandboxed preloads require.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopApi } from './core/ipc/desktop-api.ts';

contextBridge.exposeInMainWorld('b24', createDesktopApi(ipcRenderer));
