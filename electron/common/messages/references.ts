/**
 * The messages about reading what a person pasted or copied (the reference parser): each code with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
export interface ReferenceMessages {
  // Raised by lookup-desk.ts; moved here with the typed UserError (the references domain's engineer owns this interface).
  empty: Record<string, never>;
  clipboard_empty: Record<string, never>;
}
