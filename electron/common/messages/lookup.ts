/**
 * The messages about a lookup's own outcomes: why an entity may have no chat, a lookup refused: each code with the
 * parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
export interface LookupMessages {
  opened_from_card: Record<string, never>;
  lead_converted: Record<string, never>;
  entity_deleted: Record<string, never>;
  nothing_bound: Record<string, never>;
  too_long: { length: number; max: number };
  too_many: { count: number; max: number };
  portal_gone: { host: string };
  no_profile: Record<string, never>;
}
