/**
 * The messages about a lookup's own outcomes: why an entity may have no chat, a lookup refused: each code with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
export interface LookupMessages {
  // Raised by lookup-desk.ts; moved here with the typed UserError (the lookup domain's engineer owns this interface).
  too_long: { length: number; max: number };
  too_many: { count: number; max: number };
  portal_gone: { host: string };
  no_profile: Record<string, never>;
}
