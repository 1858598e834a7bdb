/**
 * The messages about the history of lookups: an entry gone, an export: each code with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
import type { MessageOf } from './message-of.ts';

export interface HistoryMessages {
  /** A re-run or delete of an entry removed meanwhile. */
  history_entry_gone: Record<string, never>;
  /** `path`: where the export was to go; `reason`: the system's words. */
  export_failed: { path: string; reason: string };
}

export type HistoryMessage = MessageOf<HistoryMessages>;
