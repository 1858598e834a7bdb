import type { DesktopApi } from '../../electron/core/ipc/bridge.ts';

/** The API the preload exposes, or undefined when the page runs in a plain browser (no desktop app behind it). */
export function desktopApi(): DesktopApi | undefined {
  return (window as Window & { b24?: DesktopApi }).b24;
}
