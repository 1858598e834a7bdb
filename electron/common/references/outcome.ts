/**
 * What reading one piece of pasted text gives, before it becomes a ParsedReference: a typed id, a raw
 * ENTITY_TYPE/ENTITY_ID pair, a chat, or an error with its code and sentence. Also the reading of ids, which
 * every form shares.
 */
import { type IdType, labelOfEntity, labelOfType } from './entity-types.ts';

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
  | { kind: 'error'; code: ReferenceErrorCode; message: string; type?: IdType };

export type Failure = Extract<Outcome, { kind: 'error' }>;

/** An outcome that says why the text is no reference. */
export const fail = (code: ReferenceErrorCode, message: string): Failure => ({ kind: 'error', code, message });

/** Text with nothing to read in it. */
export const nothingToLookUp = (): Failure => fail('empty', 'There is nothing to look up.');

const MAX_QUOTED = 60;

/** User text inside a message: shortened, in quotes. (Secrets were masked in the whole text before parsing.) */
export function quoted(text: string): string {
  const chars = [...text];
  return `“${chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED - 1).join('')}…` : text}”`;
}

const MAX_ID_DIGITS = 15; // below Number.MAX_SAFE_INTEGER; portal ids are far shorter
/** `1,234`: one number to a spreadsheet, two ids to a list. Never guessed; refused with the reason. */
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$/;

/**
 * A positive whole number in canonical form (`05` → `5`), or why the text is not one. `subject` names what needs
 * the id in a message ("A deal"), `example` shows one ("deal 13").
 */
export function readId(text: string, subject: string, example: string): { id: string } | Failure {
  const id = text.trim().replace(/^[#№]\s*/, '');
  if (id === '') return fail('missing_id', `${subject} needs an id after it, for example ${example}.`);
  if (/^\d+$/.test(id)) {
    const canonical = id.replace(/^0+/, '');
    if (canonical === '') return fail('invalid_id', '0 is not an id: ids start at 1.');
    if (canonical.length > MAX_ID_DIGITS) return fail('invalid_id', `${quoted(id)} is too long to be an id.`);
    return { id: canonical };
  }
  if (THOUSANDS.test(id)) {
    return fail('invalid_id', `${quoted(id)} has a thousands separator: write the id without it (${id.replaceAll(',', '')}), or put each id on its own line.`);
  }
  if (/^[-−]\s*\d+$/.test(id)) return fail('invalid_id', `${quoted(id)} is negative: ids are positive whole numbers.`);
  return fail('invalid_id', `${quoted(id)} is not an id: ids are positive whole numbers.`);
}

/** An id of a known type; a missing or wrong id still remembers the type (see Outcome). */
export function typed(type: IdType, idText: string): Outcome {
  const label = labelOfType(type);
  const id = readId(idText, `${/^[aeiou]/i.test(label) ? 'An' : 'A'} ${label}`, labelOfEntity(type, '13'));
  return 'id' in id ? { kind: 'typed', type, id: id.id } : { ...id, type };
}

/** A chat by its id, on the portal a link named (if it named one). */
export function chat(idText: string, portal?: string): Outcome {
  const id = readId(idText, 'A chat', 'chat1437');
  if (!('id' in id)) return id;
  return portal === undefined ? { kind: 'chat', chatId: Number(id.id) } : { kind: 'chat', chatId: Number(id.id), portal };
}
