import type { DesktopApi } from '../../electron/core/ipc/contract.ts';

/**
 * The typed client of the IPC contract: the API the preload exposes as `window.b24`, or undefined when the page
 * runs in a plain browser (no desktop app behind it). Every call answers `{ ok: true, value }` or
 * `{ ok: false, error: { code, message } }`; the types come from the contract with `import type` only.
 */
export function desktopApi(): DesktopApi | undefined {
  return (window as Window & { b24?: DesktopApi }).b24;
}
