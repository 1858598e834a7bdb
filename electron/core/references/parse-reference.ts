/**
 * Pasted text → what `im.chat.get` needs. People copy CRM references in many shapes (`LEAD|13`, `D_5`, a deal's
 * page, "сделка №5", a bare `13`, a chat link), wrapped in whatever the place they copied from adds (quotes,
 * spaces, zero-width characters, a list bullet). This module reads all of them into one canonical key, or says
 * in one sentence what is wrong. It never throws on any text.
 */
import {
  CRM_TYPE_LIST,
  FIRST_DYNAMIC_TYPE_ID,
  type IdType,
  PAGE_SEGMENTS,
  crmTypeOfName,
  crmTypeOfShortCode,
  crmTypeOfTypeId,
  entityKeyOf,
  idTypeOfName,
  labelOfEntity,
  labelOfType,
  looksLikeDynamicType,
  normalizeWord,
  parseIdType,
} from './entity-types.ts';

export type ReferenceErrorCode =
  /** Nothing but spaces, quotes or invisible characters. */
  | 'empty'
  /** A type with no id after it: `LEAD|`, `deal`. */
  | 'missing_id'
  /** An id that is not a positive whole number: `0`, `-3`, `12abc`. */
  | 'invalid_id'
  /** A bare id and no default type to read it as. */
  | 'needs_type'
  /** A type name this product does not know: `FOO|3`, `DYNAMIC_12|3`. */
  | 'unknown_type'
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

export interface ReferenceError {
  code: ReferenceErrorCode;
  message: string;
}

/**
 * One reference read from text. `input` is the text it was read from, with any secret in it masked.
 * For an entity, `entityType` and `entityId` are the canonical `im.chat.get` key (`CRM` + `DEAL|5`).
 */
export type ParsedReference =
  | { ok: true; kind: 'entity'; input: string; entityType: string; entityId: string; label: string }
  | { ok: true; kind: 'chat'; input: string; chatId: number; label: string }
  | { ok: false; input: string; error: ReferenceError };

export interface ParseOptions {
  /**
   * What a bare id (`13`) stands for: a type as settings or `--type` give it (`DEAL`, `deal`, `D`, `DYNAMIC_128`,
   * `TASKS_TASK`) or a parsed IdType. Without one, a bare id is an error that says so.
   */
  defaultType?: IdType | string | null | undefined;
}

type Outcome =
  | { kind: 'typed'; type: IdType; id: string }
  | { kind: 'raw'; entityType: string; entityId: string }
  | { kind: 'chat'; chatId: number }
  | { kind: 'error'; code: ReferenceErrorCode; message: string };

const fail = (code: ReferenceErrorCode, message: string): Outcome => ({ kind: 'error', code, message });

// ---------------------------------------------------------------------------------------------------------------
// What copying adds

// Soft hyphen, zero-width space/joiners, direction marks and isolates, word joiner, BOM.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// No-break and typographic spaces, which editors and spreadsheets put around numbers.
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// Full-width ASCII (`ＬＥＡＤ｜１３`) from East Asian input methods.
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const LEADING_WRAPPERS = /^["'`«»“”„‘’‚<([{]+/;
const TRAILING_WRAPPERS = /["'`«»“”„‘’‚>)\]}.,;!?]+$/;
const LIST_BULLET = /^[-*•·–—]\s+/;
const MARKDOWN_LINK = /^\[[^\]]*\]\((\S+)\)$/;

function tidy(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(ODD_SPACES, ' ')
    .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .trim();
}

/** Strips quotes, brackets, list bullets and trailing punctuation, until nothing changes. */
function unwrap(text: string): string {
  let current = tidy(text);
  for (;;) {
    const link = MARKDOWN_LINK.exec(current)?.[1];
    const next = (link ?? current).replace(LIST_BULLET, '').replace(LEADING_WRAPPERS, '').replace(TRAILING_WRAPPERS, '').trim();
    if (next === current) return current;
    current = next;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets: a webhook address or an OAuth token pasted by mistake must not travel on into history or output.

const WEBHOOK_CODE = /(\/rest\/\d+\/)([^/?#\s]{4,})/gi;
const TOKEN_PARAMS = /([?&#](?:auth|access_token|refresh_token|auth_id|refresh_id|client_secret)=)[^&#\s]+/gi;

/** The text with a webhook code or token in it replaced by `•••`. */
export function maskSecrets(text: string): string {
  return text.replace(WEBHOOK_CODE, '$1•••').replace(TOKEN_PARAMS, '$1•••');
}

const MAX_QUOTED = 60;

/** User text inside a message: masked, shortened, in quotes. */
function quoted(text: string): string {
  const masked = maskSecrets(text);
  const short = masked.length > MAX_QUOTED ? `${masked.slice(0, MAX_QUOTED - 1)}…` : masked;
  return `“${short}”`;
}

// ---------------------------------------------------------------------------------------------------------------
// Ids

const MAX_ID_DIGITS = 15; // below Number.MAX_SAFE_INTEGER; portal ids are far shorter
/** `1,234`: one number to a spreadsheet, two ids to a list. Never guessed; refused with the reason. */
const THOUSANDS = /^\d{1,3}(?:,\d{3})+$/;

/**
 * A positive whole number in canonical form (`05` → `5`), or why the text is not one. `subject` names what needs
 * the id in a message ("A deal"), `example` shows one ("deal 13").
 */
function readId(text: string, subject: string, example: string): { id: string } | Extract<Outcome, { kind: 'error' }> {
  const id = text.trim().replace(/^[#№]\s*/, '');
  if (id === '') return { kind: 'error', code: 'missing_id', message: `${subject} needs an id after it, for example ${example}.` };
  if (/^\d+$/.test(id)) {
    const canonical = id.replace(/^0+/, '');
    if (canonical === '') return { kind: 'error', code: 'invalid_id', message: '0 is not an id: ids start at 1.' };
    if (canonical.length > MAX_ID_DIGITS) return { kind: 'error', code: 'invalid_id', message: `${quoted(id)} is too long to be an id.` };
    return { id: canonical };
  }
  if (THOUSANDS.test(id)) {
    return {
      kind: 'error',
      code: 'invalid_id',
      message: `${quoted(id)} has a thousands separator: write the id without it (${id.replaceAll(',', '')}), or put each id on its own line.`,
    };
  }
  if (/^[-−]\s*\d+$/.test(id)) return { kind: 'error', code: 'invalid_id', message: `${quoted(id)} is negative: ids are positive whole numbers.` };
  return { kind: 'error', code: 'invalid_id', message: `${quoted(id)} is not an id: ids are positive whole numbers.` };
}

function typed(type: IdType, idText: string): Outcome {
  const label = labelOfType(type);
  const id = readId(idText, `${/^[aeiou]/i.test(label) ? 'An' : 'A'} ${label}`, labelOfEntity(type, '13'));
  return 'id' in id ? { kind: 'typed', type, id: id.id } : id;
}

function chat(idText: string): Outcome {
  const id = readId(idText, 'A chat', 'chat1437');
  return 'id' in id ? { kind: 'chat', chatId: Number(id.id) } : id;
}

// ---------------------------------------------------------------------------------------------------------------
// Links

/** What a messenger dialog id names: `chat1437` is a chat; a bare number is a private conversation. */
function dialog(value: string): Outcome {
  const chatId = /^chat(.*)$/i.exec(value)?.[1];
  if (chatId !== undefined) return chat(chatId);
  if (/^\d+$/.test(value)) {
    return fail('not_a_chat', 'That link opens a private conversation with a user, not a chat bound to an entity.');
  }
  return fail('not_a_chat', `That link opens the dialog ${quoted(value)}, which is not a group chat.`);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const DIALOG_PARAM = /(?:^|[?&#])IM_DIALOG=([^&#\s]*)/i;
const DESKTOP_DIALOG = /\/dialogId\/([^/?#\s]*)/i;
const ENTITY_PAGE = /\/crm\/([a-z]+)\/(?:details|show)\/([^/]*)(?:\/|$)/;
const TYPE_PAGE = /\/(?:crm|automation)\/type\/([^/]*)\/details\/([^/]*)(?:\/|$)/;
const HOST_THEN_PATH = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?\//i;
const PAGE_EXAMPLE = 'https://<portal>/crm/deal/details/5/';

function looksLikeLink(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith('/') || HOST_THEN_PATH.test(text) || DIALOG_PARAM.test(text);
}

function readLink(text: string): Outcome {
  const dialogParam = DIALOG_PARAM.exec(text)?.[1];
  if (dialogParam !== undefined) return dialog(decoded(dialogParam));
  if (/^bx:/i.test(text)) {
    const desktop = DESKTOP_DIALOG.exec(text)?.[1];
    return desktop === undefined
      ? fail('unsupported_link', 'That Bitrix24 desktop link does not open a chat.')
      : dialog(decoded(desktop));
  }
  const withScheme = HOST_THEN_PATH.test(text) ? `https://${text}` : text;
  if (!URL.canParse(withScheme, 'https://portal.invalid/')) {
    return fail('unsupported_link', `That is not a link that can be read: ${quoted(text)}.`);
  }
  const url = new URL(withScheme, 'https://portal.invalid/');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('unsupported_link', `A ${url.protocol.slice(0, -1)}: link names no CRM entity; paste the entity's page address instead.`);
  }
  if (/\/rest\/\d+\/[^/]+/.test(url.pathname)) return webhook();
  const path = decoded(url.pathname).toLowerCase().replace(/\/{2,}/g, '/');

  const typePage = TYPE_PAGE.exec(path);
  if (typePage) {
    const [, typeIdText = '', idText = ''] = typePage;
    const crmType = /^\d{1,9}$/.test(typeIdText) ? crmTypeOfTypeId(Number(typeIdText)) : null;
    if (!crmType) {
      return fail(
        'unknown_type',
        `The link names CRM type ${quoted(typeIdText)}, which is not one of lead (1), deal (2), contact (3), company (4), quote (7), invoice (31) or a smart process (${FIRST_DYNAMIC_TYPE_ID} and up).`,
      );
    }
    return typed({ scope: 'crm', crmType }, idText);
  }
  const entityPage = ENTITY_PAGE.exec(path);
  if (entityPage) {
    const [, segment = '', idText = ''] = entityPage;
    const crmType = PAGE_SEGMENTS.get(segment);
    if (crmType) return typed({ scope: 'crm', crmType }, idText);
  }
  return fail(
    'unsupported_link',
    `That link is not a CRM entity page or a chat. An entity page looks like ${PAGE_EXAMPLE}; a chat link has IM_DIALOG=chat<id> in it.`,
  );
}

function webhook(): Outcome {
  return fail(
    'webhook_address',
    'That is an incoming webhook address, which holds a secret and names no entity. Paste it into the connection settings, not here.',
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Written references

// `L_13`, `CO_3`, `T80_6`; CO and SI before C and S so the longer prefix wins.
const SHORT_CODE = /^(CO|SI|T[0-9A-F]+|L|D|C|Q)_(.*)$/is;
const PIPE_PAIR = /^([^|]*?)\s*\|\s*(.*)$/s;
const COLON_PAIR = /^([A-Za-z][A-Za-z0-9_]*)\s*:\s*(.*)$/s;
/** Words people put between a type and its id: `Deal ID: 5`, `deal no. 5`, `сделка номер 5`. */
const CONNECTORS = new Set(['#', '№', ':', 'id', 'no', 'no.', 'nr', 'nr.', 'num', 'number', 'n', 'номер', 'ид', 'н']);
const CHAT_WORDS = new Set(['chat', 'чат', 'dialog', 'диалог']);

function unknownType(name: string): Outcome {
  if (looksLikeDynamicType(name)) {
    return fail('unknown_type', `${quoted(name)} is not a smart process: smart process type ids start at ${FIRST_DYNAMIC_TYPE_ID}.`);
  }
  return fail('unknown_type', `${quoted(name)} is not a CRM type. Use ${CRM_TYPE_LIST}, or TYPE:ID for a non-CRM entity.`);
}

/** `DEAL|5`, `deal | 05`, `DYNAMIC_128|3`, and `TASKS_TASK|8293` for the non-CRM types with numeric ids. */
function readPipePair(typeName: string, idText: string): Outcome {
  if (typeName === '') return fail('unrecognised', 'A reference needs a type before the “|”, for example DEAL|5.');
  const type = idTypeOfName(typeName);
  return type ? typed(type, idText) : unknownType(typeName);
}

/** `TASKS_TASK:8293`, `CRM:DEAL|5`, `LINES:telegram|1|55|3`: an explicit ENTITY_TYPE and ENTITY_ID. */
function readColonPair(typeName: string, idText: string): Outcome | null {
  const upper = typeName.toUpperCase();
  if (upper === 'CRM') {
    const pair = PIPE_PAIR.exec(idText.trim());
    const crmType = pair ? crmTypeOfName(pair[1] ?? '') : null;
    if (!pair || !crmType) return fail('unknown_type', `A CRM ENTITY_ID is TYPE|ID with TYPE one of ${CRM_TYPE_LIST}, for example CRM:DEAL|5.`);
    return typed({ scope: 'crm', crmType }, pair[2] ?? '');
  }
  const type = idTypeOfName(typeName);
  if (type) return typed(type, idText);
  if (looksLikeDynamicType(typeName)) return unknownType(typeName);
  // ENTITY_TYPEs are written in capitals; "Note: 13" is a sentence, not a pair. Two letters are too few to tell.
  if (typeName !== upper || upper.length < 3) return null;
  const entityId = idText.trim();
  if (entityId === '') return fail('missing_id', `${upper} needs an ENTITY_ID after the colon, for example ${upper}:15.`);
  if (/^0+$/.test(entityId)) return fail('invalid_id', '0 is not an id: the portal reads it as empty.');
  // The portal compares ENTITY_ID exactly; control characters cannot be part of a real one.
  if (/\p{Cc}/u.test(entityId)) return fail('invalid_id', `The ENTITY_ID after ${upper}: contains control characters.`);
  return { kind: 'raw', entityType: upper, entityId };
}

/**
 * `lead 13`, `Deal #5`, `сделка №5`, `коммерческое предложение 3`, `chat 1437`, `ID: 13`, and a bare `13`.
 * `bare` says whether a lone id may be read with the default type.
 */
function readWords(text: string, defaultType: IdType | null, bare: boolean): Outcome {
  const tokens = text.replace(/([#№:])/g, ' $1 ').split(/\s+/).filter((t) => t !== '');
  const last = tokens.at(-1) ?? '';
  const lastIsType = idTypeOfName(last) !== null || CHAT_WORDS.has(normalizeWord(last));
  const idText = lastIsType ? '' : last;
  const words = (lastIsType ? tokens : tokens.slice(0, -1)).filter((t) => !CONNECTORS.has(t.toLowerCase()));
  const typeName = words.join(' ');

  if (typeName === '') {
    if (!bare) return fail('unrecognised', `${quoted(text)} is an id on its own.`);
    if (!/^[-−+]?\d/.test(idText)) return fail('unrecognised', notAReference(text));
    const id = readId(idText, 'An id', '13');
    if (!('id' in id)) return id;
    if (!defaultType) {
      return fail('needs_type', `${id.id} is only an id: say what it is (deal ${id.id}, LEAD|${id.id}) or choose the type that bare ids stand for.`);
    }
    return { kind: 'typed', type: defaultType, id: id.id };
  }
  if (CHAT_WORDS.has(normalizeWord(typeName))) return chat(idText);
  // "1 234": a number written with a space in it.
  if (/^[\d\s]+$/.test(typeName)) return fail('invalid_id', `${quoted(text)} is not an id: ids are whole numbers without spaces.`);
  const type = idTypeOfName(typeName);
  if (type) return typed(type, idText);
  // A word and a number: the word is meant as a type. Anything else is not a reference at all.
  if (/^\d+$/.test(idText) && words.length <= 3) return unknownType(typeName);
  return fail('unrecognised', notAReference(text));
}

function notAReference(text: string): string {
  return `${quoted(text)} does not look like a CRM reference. Try LEAD|13, D_5, deal 5, an entity's page address or a chat link.`;
}

/** Longer than any reference; a paste this long is a document, and the regular expressions need not see it. */
const MAX_PIECE_LENGTH = 2000;

function readOne(text: string, defaultType: IdType | null, bare: boolean): Outcome {
  if (text === '') return fail('empty', 'There is nothing to look up.');
  if (text.length > MAX_PIECE_LENGTH) return fail('unrecognised', `That text is ${text.length} characters long, far longer than any reference.`);
  if (/\/rest\/\d+\/[A-Za-z0-9_-]{6,}/.test(text)) return webhook();
  // A link with spaces in it is probably several links; the caller tries the pieces.
  if (looksLikeLink(text) && !/\s/.test(text)) return readLink(text);
  if (/^bx:/i.test(text)) return readLink(text);
  // A page path copied without its leading slash.
  if (/^crm\/\S+$/i.test(text)) return readLink(`/${text}`);
  // A dialog id: `chat1437`.
  const dialogId = /^chat(\d\S*)$/i.exec(text)?.[1];
  if (dialogId !== undefined) return chat(dialogId);
  const colon = COLON_PAIR.exec(text);
  if (colon) {
    const pair = readColonPair(colon[1] ?? '', colon[2] ?? '');
    if (pair) return pair;
  }
  const pipe = PIPE_PAIR.exec(text);
  if (pipe) return readPipePair(pipe[1] ?? '', pipe[2] ?? '');
  const short = SHORT_CODE.exec(text);
  if (short) {
    const [, prefix = '', idText = ''] = short;
    const crmType = crmTypeOfShortCode(prefix);
    if (!crmType) {
      const typeId = Number.parseInt(prefix.slice(1), 16);
      return fail(
        'unknown_type',
        `${quoted(prefix)} is CRM type ${typeId}, which is not a smart process: their codes start at T80 (type id ${FIRST_DYNAMIC_TYPE_ID}).`,
      );
    }
    return typed({ scope: 'crm', crmType }, idText);
  }
  return readWords(text, defaultType, bare);
}

// ---------------------------------------------------------------------------------------------------------------
// Results

function resolveDefaultType(option: ParseOptions['defaultType']): IdType | null {
  if (option === undefined || option === null) return null;
  if (typeof option !== 'string') return option;
  const type = parseIdType(option);
  if (!type) throw new RangeError(`Not a type for bare ids: ${JSON.stringify(option)}`);
  return type;
}

function toReference(input: string, outcome: Outcome): ParsedReference {
  const shown = maskSecrets(input);
  switch (outcome.kind) {
    case 'error':
      return { ok: false, input: shown, error: { code: outcome.code, message: outcome.message } };
    case 'chat':
      return { ok: true, kind: 'chat', input: shown, chatId: outcome.chatId, label: `chat ${outcome.chatId}` };
    case 'typed':
      return { ok: true, kind: 'entity', input: shown, ...entityKeyOf(outcome.type, outcome.id), label: labelOfEntity(outcome.type, outcome.id) };
    case 'raw':
      return {
        ok: true,
        kind: 'entity',
        input: shown,
        entityType: outcome.entityType,
        entityId: outcome.entityId,
        label: `${outcome.entityType} ${outcome.entityId}`,
      };
  }
}

// Lines, cells of a copied row, and lists written with semicolons; commas are split apart after that.
const SEPARATORS = /[\r\n\t;\u2028\u2029]+/;
const NUMBER_WITH_THOUSANDS = /(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])/;

/**
 * The pieces of text that each hold one reference (or several separated by spaces). A piece with a number
 * like `1,234` in it is not split at its commas, so the parser can refuse it instead of reading two ids.
 */
function piecesOf(text: string): string[] {
  return text
    .replace(INVISIBLE, '')
    .split(SEPARATORS)
    .flatMap((segment) => (NUMBER_WITH_THOUSANDS.test(segment) && !/,\s/.test(segment) ? [segment] : segment.split(/,+/)))
    .map((piece) => piece.trim())
    .filter((piece) => unwrap(piece) !== '');
}

function readPiece(piece: string, defaultType: IdType | null): ParsedReference[] {
  const text = unwrap(piece);
  const outcome = readOne(text, defaultType, true);
  if (outcome.kind !== 'error' || !/\s/.test(text) || outcome.code === 'webhook_address') return [toReference(piece, outcome)];
  // "LEAD|13 DEAL|5": several references that explain themselves, separated by spaces. Bare ids are not read
  // this way, so "1 234" is never taken for two ids.
  const tokens = text.split(/\s+/);
  const each = tokens.map((token) => readOne(unwrap(token), defaultType, false));
  if (each.every((o) => o.kind !== 'error')) return each.map((o, i) => toReference(tokens[i] ?? '', o));
  return [toReference(piece, outcome)];
}

/**
 * Every reference in a text, in order: one per line, cell, comma- or semicolon-separated item, or
 * space-separated self-explaining reference. Blank text gives an empty list. Never throws on any text.
 */
export function parseEntityReferences(text: string, options: ParseOptions = {}): ParsedReference[] {
  const defaultType = resolveDefaultType(options.defaultType);
  return piecesOf(text).flatMap((piece) => readPiece(piece, defaultType));
}

/**
 * One reference: an `im.chat.get` key, a chat, or the reason the text is neither (`several` when it names more
 * than one). Never throws on any text; a `defaultType` that is not a type is a RangeError.
 */
export function parseEntityReference(text: string, options: ParseOptions = {}): ParsedReference {
  const references = parseEntityReferences(text, options);
  const [first] = references;
  if (first === undefined) return toReference(text.trim(), fail('empty', 'There is nothing to look up.'));
  if (references.length === 1) return first;
  return toReference(
    text.trim(),
    fail('several', `That text names ${references.length} references; look them up as a list, one per line.`),
  );
}
