import { type BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENTS, INVOKES, type InvokeName } from '../core/ipc/contract.ts';
import type { EmitEvent } from '../core/ipc/contract.ts';
import type { Dispatch } from '../core/ipc/handlers.ts';
import type { SenderInfo } from '../core/ipc/trusted-sender.ts';

function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  // senderFrame is null once the frame navigated away or was destroyed; such a sender is refused.
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null };
}

/** Registers one `ipcMain.handle` per call of the contract, each going through the dispatcher. */
export function serveContract(dispatch: Dispatch): void {
  for (const name of Object.keys(INVOKES) as InvokeName[]) {
    ipcMain.handle(INVOKES[name].channel, (event, payload: unknown) => dispatch(name, senderOf(event), payload));
  }
}

/** Delivers the contract's events to the lookup window, when it is open. */
export function windowEvents(currentWindow: () => BrowserWindow | undefined): EmitEvent {
  return (event, payload) => {
    const window = currentWindow();
    if (window && !window.isDestroyed()) window.webContents.send(EVENTS[event].channel, payload);
  };
}
