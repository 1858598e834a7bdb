/**
 * The messages about reading what a person pasted or copied (the reference parser): each code with the parameters its
 * sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 */
export interface ReferenceMessages {
  clipboard_empty: Record<string, never>;
  empty: Record<string, never>;
  missing_id: { type: string; example: string };
  missing_id_entity: { type: string };
  invalid_id: { text: string };
  invalid_id_zero: Record<string, never>;
  invalid_id_zero_entity: Record<string, never>;
  invalid_id_too_long: { text: string };
  invalid_id_thousands: { text: string; id: string };
  invalid_id_negative: { text: string };
  invalid_id_spaced: { text: string };
  needs_type: { id: string };
  needs_type_cli: { id: string };
  unknown_type: { text: string; types: string };
  unknown_type_dynamic: { text: string; first: number };
  unknown_type_crm_pair: { types: string };
  unknown_type_pair: Record<string, never>;
  unknown_type_code_small: { text: string; typeId: number; first: number };
  unknown_type_code_large: { text: string };
  unknown_type_id: { text: string };
  unknown_type_link: { text: string; first: number };
  ambiguous_type: { text: string; id: string };
  unsupported_link: { example: string };
  unsupported_link_desktop: Record<string, never>;
  unsupported_link_unreadable: { text: string };
  unsupported_link_scheme: { scheme: string };
  not_a_chat: Record<string, never>;
  not_a_chat_dialog: { text: string };
  not_a_chat_profile: Record<string, never>;
  webhook_address: Record<string, never>;
  unrecognised: { text: string };
  unrecognised_pipe: Record<string, never>;
  unrecognised_lone_number: { text: string };
  unrecognised_too_long: { count: number };
  unrecognised_key: { entityType: string; entityId: string };
  several: { count: number };
}

/**
 * What kind of refusal each of the parser's sentences reports (electron/core/references/outcome.ts's
 * ReferenceErrorCode): the kind is what the app acts on (a bare id wants a default type, a webhook address belongs in
 * the settings), the sentence says the case in its own words.
 */
export const REFERENCE_FAILURE_KINDS = {
  clipboard_empty: 'empty',
  empty: 'empty',
  missing_id: 'missing_id',
  missing_id_entity: 'missing_id',
  invalid_id: 'invalid_id',
  invalid_id_zero: 'invalid_id',
  invalid_id_zero_entity: 'invalid_id',
  invalid_id_too_long: 'invalid_id',
  invalid_id_thousands: 'invalid_id',
  invalid_id_negative: 'invalid_id',
  invalid_id_spaced: 'invalid_id',
  needs_type: 'needs_type',
  needs_type_cli: 'needs_type',
  unknown_type: 'unknown_type',
  unknown_type_dynamic: 'unknown_type',
  unknown_type_crm_pair: 'unknown_type',
  unknown_type_pair: 'unknown_type',
  unknown_type_code_small: 'unknown_type',
  unknown_type_code_large: 'unknown_type',
  unknown_type_id: 'unknown_type',
  unknown_type_link: 'unknown_type',
  ambiguous_type: 'ambiguous_type',
  unsupported_link: 'unsupported_link',
  unsupported_link_desktop: 'unsupported_link',
  unsupported_link_unreadable: 'unsupported_link',
  unsupported_link_scheme: 'unsupported_link',
  not_a_chat: 'not_a_chat',
  not_a_chat_dialog: 'not_a_chat',
  not_a_chat_profile: 'not_a_chat',
  webhook_address: 'webhook_address',
  unrecognised: 'unrecognised',
  unrecognised_pipe: 'unrecognised',
  unrecognised_lone_number: 'unrecognised',
  unrecognised_too_long: 'unrecognised',
  unrecognised_key: 'unrecognised',
  several: 'several',
} as const satisfies Record<keyof ReferenceMessages, string>;

export type ReferenceFailureKind = (typeof REFERENCE_FAILURE_KINDS)[keyof ReferenceMessages];

/** The kind of refusal a message reports, or null for a message that is no parser refusal. */
export function referenceFailureKind(code: string): ReferenceFailureKind | null {
  return Object.hasOwn(REFERENCE_FAILURE_KINDS, code) ? REFERENCE_FAILURE_KINDS[code as keyof ReferenceMessages] : null;
}
