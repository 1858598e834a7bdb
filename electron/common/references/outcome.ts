/**
 * What reading one piece of pasted text gives, before it becomes a ParsedReference: a typed id, a raw
 * ENTITY_TYPE/ENTITY_ID pair, a chat, or an error with its kind and its message (as data: the sentence is in the
 * catalogs). Also the reading of ids, which every form shares.
 */
import type { MessageOf, ReferenceMessages } from '../messages/index.ts';
import { REFERENCE_FAILURE_KINDS } from '../messages/references.ts';
import { type IdType, labelOfEntity, labelOfType } from './entity-types.ts';

/** Why a text is no reference, as the person is told: one of the parser's sentences with its parameters. */
export type ReferenceProblem = MessageOf<ReferenceMessages>;

export type ReferenceErrorCode =
  /** Nothing but spaces, quotes or invisible characters. */
  | 'empty'
  /** A type with no id after it: `LEAD|`, `deal`. */
  | 'missing_id'
  /** An id that is not a positive whole number: `0`, `-3`, `12abc`, `1,234`. */
  | 'invalid_id'
  /** A bare id and no default type to read it as. */
  | 'needs_type'
  /** A type name this product does not know: `FOO|3`, `DYNAMIC_12|3`. */
  | 'unknown_type'
  /** A word that names two types (`invoice 9`: a smart invoice or an old one); which one is not guessed. */
  | 'ambiguous_type'
  /** A link that is neither an entity page nor a chat. */
  | 'unsupported_link'
  /** A messenger link to something other than a chat (a private conversation). */
  | 'not_a_chat'
  /** An incoming webhook address, which holds a secret and names no entity. */
  | 'webhook_address'
  /** Text that does not look like any reference. */
  | 'unrecognised'
  /** `parseEntityReference` was given text with more than one reference. */
  | 'several';

export type Outcome =
  /** `bare`: the id came alone and took the default (or the line's) type. */
  | { kind: 'typed'; type: IdType; id: string; bare?: true }
  | { kind: 'raw'; entityType: string; entityId: string }
  /** `portal`: the origin the chat link named, when it named one. */
  | { kind: 'chat'; chatId: number; portal?: string }
  /**
   * `type`: for an id that is missing or wrong, the type that was written, so an id in the next cell can complete
   * it and the next item of a list can take it ("deal 1,234, 5").
   */
  | { kind: 'error'; code: ReferenceErrorCode; message: ReferenceProblem; type?: IdType };

export type Failure = Extract<Outcome, { kind: 'error' }>;

/** An outcome that says why the text is no reference; its kind is the one its message reports. */
export const fail = (message: ReferenceProblem): Failure => ({ kind: 'error', code: REFERENCE_FAILURE_KINDS[message.code], message });

/** Text with nothing to read in it. */
export const nothingToLookUp = (): Failure => fail({ code: 'empty' });

const MAX_QUOTED = 60;

/** User text as a message parameter: shortened (the catalog quotes it). (Secrets were masked in the whole text before parsing.) */
export function shortened(text: string): string {
  const chars = [...text];
  return chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED - 1).join('')}…` : text;
}

const MAX_ID_DIGITS = 15; // below Number.MAX_SAFE_INTEGER; portal ids are far shorter
/** `1,234`: one number to a spreadsheet, two ids to a list. Never guessed; refused with the reason. */
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$/;

/**
 * A positive whole number in canonical form (`05` → `5`), or why the text is not one. `names` gives, for a missing id
 * only, what needs the id in the message (`type`: "deal") and an example of one (`example`: "deal 13").
 */
export function readId(text: string, names: () => { type: string; example: string }): { id: string } | Failure {
  const id = text.trim().replace(/^[#№]\s*/, '');
  if (id === '') return fail({ code: 'missing_id', params: names() });
  if (/^\d+$/.test(id)) {
    const canonical = id.replace(/^0+/, '');
    if (canonical === '') return fail({ code: 'invalid_id_zero' });
    if (canonical.length > MAX_ID_DIGITS) return fail({ code: 'invalid_id_too_long', params: { text: shortened(id) } });
    return { id: canonical };
  }
  if (THOUSANDS.test(id)) return fail({ code: 'invalid_id_thousands', params: { text: shortened(id), id: id.replaceAll(',', '') } });
  if (/^[-−]\s*\d+$/.test(id)) return fail({ code: 'invalid_id_negative', params: { text: shortened(id) } });
  return fail({ code: 'invalid_id', params: { text: shortened(id) } });
}

/** An id of a known type; a missing or wrong id still remembers the type (see Outcome). */
export function typed(type: IdType, idText: string): Outcome {
  const id = readId(idText, () => ({ type: labelOfType(type), example: labelOfEntity(type, '13') }));
  return 'id' in id ? { kind: 'typed', type, id: id.id } : { ...id, type };
}

/** A chat by its id, on the portal a link named (if it named one). */
export function chat(idText: string, portal?: string): Outcome {
  const id = readId(idText, () => ({ type: 'chat', example: 'chat1437' }));
  if (!('id' in id)) return id;
  return portal === undefined ? { kind: 'chat', chatId: Number(id.id) } : { kind: 'chat', chatId: Number(id.id), portal };
}
