/**
 * Pasted text → what `im.chat.get` needs. People copy CRM references in many shapes (`LEAD|13`, `D_5`, a deal's
 * page, "сделка №5", a bare `13`, a chat link), wrapped in whatever the place they copied from adds (quotes,
 * spaces, zero-width characters, a list bullet, Markdown or BBCode). This module reads all of them into one
 * canonical key, or says in one sentence what is wrong. It never throws on any text, and it never guesses where
 * a wrong guess would look up another entity: `1,234` and `1 234` are refused, not read as two ids.
 *
 * It is over 300 lines because it is one grammar read in one order of precedence (a link before a key pair before a
 * bare number, each shape's refusals beside it); the tables it reads (entity-types.ts, links.ts, key-pairs.ts,
 * secrets.ts) already live apart, and cutting the order itself in pieces would hide which shape wins.
 */
import {
  ambiguousTypesOf,
  CRM_TYPE_LIST,
  FIRST_DYNAMIC_TYPE_ID,
  type IdType,
  crmTypeOfName,
  crmTypeOfShortCode,
  crmTypeOfTypeId,
  entityKeyOf,
  idTypeOfName,
  labelOfEntity,
  looksLikeDynamicType,
  normalizeWord,
  parseIdType,
} from './entity-types.ts';
import { type KeyPairReference, readKeyPairs } from './key-pairs.ts';
import { dialog, isWebhookAddress, looksLikeLink, readLink, webhookOutcome } from './links.ts';
import { type Failure, type Outcome, type ReferenceProblem, chat, fail, nothingToLookUp, readId, shortened, typed } from './outcome.ts';
import { decodePercent } from './percent-encoding.ts';
import { maskSecrets } from './secrets.ts';

export type { ReferenceErrorCode, ReferenceProblem } from './outcome.ts';

/** Why a text is no reference, as the window and the CLI show it (the sentence is in the catalogs). */
export type ReferenceError = ReferenceProblem;

/**
 * One reference read from text. `input` is the text it was read from, with any secret in it masked.
 * For an entity, `entityType` and `entityId` are the canonical `im.chat.get` key (`CRM` + `DEAL|5`). A chat link
 * that named its portal keeps the portal's origin.
 */
export type ParsedReference =
  | { ok: true; kind: 'entity'; input: string; entityType: string; entityId: string; label: string }
  | { ok: true; kind: 'chat'; input: string; chatId: number; label: string; portal?: string }
  | { ok: false; input: string; error: ReferenceError };

export interface ParseOptions {
  /**
   * What a bare id (`13`) stands for: a type as settings or `--type` give it (`DEAL`, `deal`, `D`, `DYNAMIC_128`,
   * `TASKS_TASK`) or a parsed IdType. Without one, a bare id is an error that says so.
   */
  defaultType?: IdType | string | null | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// What copying adds

// Soft hyphen, zero-width space/joiners, direction marks and isolates, word joiner, BOM.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// No-break and typographic spaces, which editors and spreadsheets put around numbers.
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
// Full-width ASCII (`ＬＥＡＤ｜１３`) from East Asian input methods.
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const LEADING_WRAPPERS = /^["'`«»“”„‘’‚<([{*~]+/;
const TRAILING_WRAPPERS = /["'`«»“”„‘’‚>)\]}.,;!?*~]+$/;
const LIST_BULLET = /^[-*•·–—]\s+/;
const MARKDOWN_LINK = /^\[[^\]]*\]\((\S+)\)$/;
// Bitrix24's own chat markup, [URL=…]…[/URL], and an HTML anchor from a mail's source.
const BBCODE_LINK = /^\[url=([^\]]+)\][\s\S]*\[\/url\]$|^\[url\]([^[]+)\[\/url\]$/i;
const HTML_LINK = /^<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>[\s\S]*<\/a>$/i;

/** Longer than any reference; a paste this long is a document, and the expressions below need not see it. */
const MAX_PIECE_LENGTH = 2000;

/**
 * What copying adds inside the text, undone over the whole paste before anything else (secrets are found after
 * this, so a zero-width space or a full-width digit cannot hide one): invisible characters go, odd spaces become
 * spaces, full-width ASCII becomes ASCII, and `&amp;` (an ampersand escaped by a mail or web page) becomes `&`.
 */
function normalise(text: string): string {
  return (
    text
      .replace(INVISIBLE, '')
      .replace(ODD_SPACES, ' ')
      .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replaceAll('&amp;', '&')
      // JSON's escaped slashes, as a raw answer or a placement's options show a link ([en] api-reference/widgets/crm/index.md:71).
      .replaceAll('\\/', '/')
  );
}

/** Strips quotes, brackets, emphasis, list bullets, link markup and trailing punctuation, until nothing changes. */
function unwrap(text: string): string {
  let current = text.trim();
  if (current.length > MAX_PIECE_LENGTH) return current;
  for (;;) {
    const link = MARKDOWN_LINK.exec(current)?.[1] ?? BBCODE_LINK.exec(current)?.slice(1).find(Boolean) ?? HTML_LINK.exec(current)?.[1];
    const next = (link ?? current).replace(LIST_BULLET, '').replace(LEADING_WRAPPERS, '').replace(TRAILING_WRAPPERS, '').trim();
    if (next === current) return current;
    current = next;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Written references

// `L_13`, `CO_3`, `T80_6`, `RQ_2`, `SBD_4`; the longer prefixes first so `CO` is not read as `C`, `DO` as `D`.
const SHORT_CODE = /^(SBD|CO|SI|RQ|DO|T[0-9A-F]+|L|D|C|Q|I|O)_(.*)$/is;
// Cyrillic letters that look like the Latin ones of a code, typed with the Russian layout on: `СО_3`, `Т80_6`.
const LOOKALIKES: Record<string, string> = { С: 'C', с: 'c', О: 'O', о: 'o', Т: 'T', т: 't', Е: 'E', е: 'e', А: 'A', а: 'a', В: 'B' };
const PIPE_PAIR = /^([^|]*?)\s*\|\s*(.*)$/s;
// A connector id (lower case, `telegrambot`, `livechat`, `whatsappbyedna`), a line id, and the connector's own chat and
// user ids, which may be anything but a pipe ([en] tutorials/openlines/find-crm-object-by-dialog.md:218).
const OPEN_LINE_ID = /^(?:imol\|)?([a-z][a-z0-9_]*\|\d+\|[^|\s]+\|[^|\s]+)$/;
const COLON_PAIR = /^([A-Za-z][A-Za-z0-9_]*)(\s*):(\s*)(.*)$/s;
const ENTITY_PARAMS = /(?:^|[?&\s])ENTITY_ID=([^&\s]+)/i;
/** What an ENTITY_ID of a free-form type may hold: `telegram|1|55|3`, never spaces, slashes or `=`. */
const RAW_ID = /^[\p{L}\p{N}_|.@-]+$/u;
/**
 * ENTITY_TYPEs whose ids are not numbers ([en] api-reference/chats/im-chat-get.md:28-32, :47-48: `LINES` and `LIVECHAT`
 * ids join their parts with `|`; for the others "the format is defined by the module", :52), which may be written with a
 * space after the colon.
 */
const FREE_FORM_TYPES: ReadonlySet<string> = new Set(['LINES', 'LIVECHAT', 'CALL', 'VIDEOCONF', 'MAIL', 'ANNOUNCEMENT']);
/** Words people put between a type and its id: `Deal ID: 5`, `deal no. 5`, `сделка номер 5`. */
const CONNECTORS = new Set(['#', '№', ':', 'id', 'no', 'no.', 'nr', 'nr.', 'num', 'number', 'n', 'номер', 'ид', 'н']);
const CHAT_WORDS = new Set(['chat', 'чат', 'dialog', 'диалог']);
const SMART_PROCESS_LABEL = /^smart process (\d{1,9}) item (\S+)$/i;

/** `invoice 9`: a smart invoice (SI_9) or an old invoice (I_9), two entities; the person says which. */
function ambiguous(name: string, id: string): Failure {
  const example = /^\d+$/.test(id.trim()) ? id.trim() : '9';
  return fail({ code: 'ambiguous_type', params: { text: shortened(name), id: example } });
}

function unknownType(name: string): Failure {
  if (looksLikeDynamicType(name)) {
    return fail({ code: 'unknown_type_dynamic', params: { text: shortened(name), first: FIRST_DYNAMIC_TYPE_ID } });
  }
  return fail({ code: 'unknown_type', params: { text: shortened(name), types: CRM_TYPE_LIST } });
}

/** `DEAL|5`, `deal | 05`, `DYNAMIC_128|3`, `CRM|DEAL|5`, and `TASKS_TASK|8293` for non-CRM types with numeric ids. */
function readPipePair(typeName: string, idText: string): Outcome {
  if (typeName === '') return fail({ code: 'unrecognised_pipe' });
  if (typeName.toUpperCase() === 'CRM') {
    const inner = PIPE_PAIR.exec(idText.trim());
    const crmType = inner ? crmTypeOfName(inner[1] ?? '') : null;
    if (!inner || !crmType) return fail({ code: 'unknown_type_crm_pair', params: { types: CRM_TYPE_LIST } });
    return typed({ scope: 'crm', crmType }, inner[2] ?? '');
  }
  if (ambiguousTypesOf(typeName)) return ambiguous(typeName, idText);
  const type = idTypeOfName(typeName);
  return type ? typed(type, idText) : unknownType(typeName);
}

/**
 * `TASKS_TASK:8293`, `CRM:DEAL|5`, `LINES:telegram|1|55|3`: an explicit ENTITY_TYPE and ENTITY_ID. Also a label in
 * front of a reference (`URL: https://…`, `Re: D_5`). Null when the text is neither.
 */
function readColonPair(typeName: string, spaceBefore: string, spaceAfter: string, rest: string): Outcome | null {
  const upper = typeName.toUpperCase();
  if (upper === 'CRM') return readPipePair('CRM', rest);
  // The shape im.chat.get needs; a decoded `ENTITY_TYPE=A-B` or `FOO BAR` is no type at all.
  if (!/^[A-Z][A-Z0-9_]*$/.test(upper)) return null;
  const type = idTypeOfName(typeName);
  if (type) return typed(type, rest);
  if (looksLikeDynamicType(typeName)) return unknownType(typeName);
  const labelled = readOne(unwrap(rest), null, false);
  if (labelled.kind !== 'error') return labelled;
  // ENTITY_TYPEs are written in capitals and joined to their id; "ORDER: 5" and "Note: 13" are sentences.
  const tight = spaceBefore === '' && (spaceAfter === '' || FREE_FORM_TYPES.has(upper));
  if (typeName !== upper || upper.length < 3 || !tight) return null;
  const entityId = rest.trim();
  if (entityId === '') return fail({ code: 'missing_id_entity', params: { type: upper } });
  if (/^0+$/.test(entityId)) return fail({ code: 'invalid_id_zero_entity' });
  if (!RAW_ID.test(entityId)) return null;
  return { kind: 'raw', entityType: upper, entityId };
}

/** `ENTITY_TYPE=CRM&ENTITY_ID=DEAL|5`, as the parameters appear in logs and addresses. */
function readEntityParams(text: string, idText: string): Outcome {
  const id = decodePercent(idText);
  const entityType = /(?:^|[?&\s])ENTITY_TYPE=([^&\s]+)/i.exec(text)?.[1];
  if (entityType === undefined || entityType.toUpperCase() === 'CRM') {
    const pair = PIPE_PAIR.exec(id);
    return pair ? readPipePair(pair[1] ?? '', pair[2] ?? '') : fail({ code: 'unknown_type_pair' });
  }
  return readColonPair(decodePercent(entityType), '', '', id) ?? unknownType(entityType);
}

function readShortCode(text: string): Outcome | null {
  const latin = text.replace(/^[^_\s]{1,9}(?=_)/, (prefix) => [...prefix].map((c) => LOOKALIKES[c] ?? c).join(''));
  const short = SHORT_CODE.exec(latin);
  if (!short) return null;
  const [, prefix = '', idText = ''] = short;
  const crmType = crmTypeOfShortCode(prefix);
  if (!crmType) {
    const typeId = Number.parseInt(prefix.slice(1), 16);
    return fail(
      typeId < FIRST_DYNAMIC_TYPE_ID
        ? { code: 'unknown_type_code_small', params: { text: shortened(prefix), typeId, first: FIRST_DYNAMIC_TYPE_ID } }
        : { code: 'unknown_type_code_large', params: { text: shortened(prefix) } },
    );
  }
  return typed({ scope: 'crm', crmType }, idText);
}

function notAReference(text: string): Failure {
  return fail({ code: 'unrecognised', params: { text: shortened(text) } });
}

function spacedNumber(text: string): Failure {
  return fail({ code: 'invalid_id_spaced', params: { text: shortened(text) } });
}

/**
 * `lead 13`, `Deal #5`, `сделка №5`, `по сделке 5`, `коммерческое предложение 3`, `chat 1437`, `ID: 13`, and a
 * bare `13`. `bare` says whether a lone id may be read with the default type.
 */
function readWords(text: string, defaultType: IdType | null, bare: boolean): Outcome {
  const tokens = text
    .replace(/([#№:])/g, ' $1 ')
    .split(/\s+/)
    .map((t) => t.replace(/^[([]+|[)\]]+$/g, ''))
    .filter((t) => t !== '');
  // "Deal ID:" in one cell, its id in the next: the type is what is left without the connecting words.
  while (tokens.length > 1 && CONNECTORS.has((tokens.at(-1) ?? '').toLowerCase())) tokens.pop();
  const last = tokens.at(-1) ?? '';
  const lastIsType = idTypeOfName(last) !== null || ambiguousTypesOf(last) !== null || CHAT_WORDS.has(normalizeWord(last));
  const idText = lastIsType ? '' : last;
  const words = (lastIsType ? tokens : tokens.slice(0, -1)).filter((t) => !CONNECTORS.has(t.toLowerCase()));
  const typeName = words.join(' ');

  if (typeName === '') {
    if (!bare) return fail({ code: 'unrecognised_lone_number', params: { text: shortened(text) } });
    if (!/^[-−+]?\d/.test(idText)) return notAReference(text);
    const id = readId(idText, () => ({ type: 'id', example: '13' }));
    if (!('id' in id)) return id;
    if (!defaultType) return fail({ code: 'needs_type', params: { id: id.id } });
    return { kind: 'typed', type: defaultType, id: id.id, bare: true };
  }
  // "1 234", "13 14 15", "Deal #1 234": a number with a space in it.
  if (/^\d+$/.test(idText) && /^\d+$/.test(words.at(-1) ?? '')) return spacedNumber(text);
  if (CHAT_WORDS.has(normalizeWord(typeName))) return chat(idText);
  if (ambiguousTypesOf(typeName)) return ambiguous(typeName, idText);
  const type = idTypeOfName(typeName);
  if (type) return typed(type, idText);
  // A word and a number: the word is meant as a type. Anything else is not a reference at all.
  if (/^\d+$/.test(idText) && words.length <= 3) return unknownType(typeName);
  return notAReference(text);
}

/** A webhook address, `ENTITY_ID=` parameters, or a link (labelled or not); null when the text is none of them. */
function readLinked(text: string): Outcome | null {
  if (isWebhookAddress(text)) return webhookOutcome();
  const params = ENTITY_PARAMS.exec(text)?.[1];
  if (params !== undefined) return readEntityParams(text, params);
  // A label glued to a link: `URL: https://…`, `Ссылка:https://…`.
  const labelledLink = /^[\p{L}][\p{L}\p{N}_ -]{0,30}:\s*((?:https?|bx):\/\/\S+)$/iu.exec(text)?.[1];
  if (labelledLink !== undefined) return readLink(labelledLink);
  // A link with spaces in it is probably several links; the caller tries the pieces.
  if (looksLikeLink(text) && !/\s/.test(text)) return readLink(text);
  if (/^bx:/i.test(text)) return readLink(text);
  return null;
}

/** Reads one reference from unwrapped text. */
function readOne(text: string, defaultType: IdType | null, bare: boolean): Outcome {
  if (text === '') return nothingToLookUp();
  if (text.length > MAX_PIECE_LENGTH) return fail({ code: 'unrecognised_too_long', params: { count: text.length } });
  // Letters, digits, `_` and `|` alone (PLAIN: `LEAD|13`, `D_5`, `13`, as people type them) hold no `/`, `:`, `=` or
  // space, one of which every address, parameter, label and colon pair has: those checks are not made for it.
  const plain = PLAIN.test(text);
  const linked = plain ? null : readLinked(text);
  if (linked) return linked;
  // A dialog id: `chat1437`; a group's, `sg17`, is its group (SONET_GROUP), which im.chat.get finds by the group's id
  // ([en] api-reference/chats/index.md:46, api-reference/chats/im-chat-get.md:60).
  const dialogId = /^chat(\d\S*)$/i.exec(text)?.[1];
  if (dialogId !== undefined) return chat(dialogId);
  const groupDialog = /^sg(\d\S*)$/i.exec(text)?.[1];
  if (groupDialog !== undefined) return typed({ scope: 'entity', entityType: 'SONET_GROUP' }, groupDialog);
  // An open line's chat id, `<connector>|<line>|<chat>|<user>` ([en] api-reference/chats/im-chat-get.md:46), or a CRM
  // Messenger field's value, the same with `imol|` in front ([en] api-reference/crm/leads/crm-lead-get.md:344-345).
  const openLine = OPEN_LINE_ID.exec(text)?.[1];
  if (openLine !== undefined && idTypeOfName(openLine.split('|')[0] ?? '') === null) return { kind: 'raw', entityType: 'LINES', entityId: openLine };
  if (!plain) {
    // The label this product gives a smart process item, read back.
    const smart = SMART_PROCESS_LABEL.exec(text);
    const smartType = smart ? crmTypeOfTypeId(Number(smart[1])) : null;
    if (smart && smartType?.startsWith('DYNAMIC_')) return typed({ scope: 'crm', crmType: smartType }, smart[2] ?? '');
    const colon = COLON_PAIR.exec(text);
    const pair = colon ? readColonPair(colon[1] ?? '', colon[2] ?? '', colon[3] ?? '', colon[4] ?? '') : null;
    if (pair) return pair;
  }
  const pipe = PIPE_PAIR.exec(text);
  if (pipe) return readPipePair(pipe[1] ?? '', pipe[2] ?? '');
  return readShortCode(text) ?? readWords(text, defaultType, bare);
}

// ---------------------------------------------------------------------------------------------------------------
// Texts with several references

/** The default type last read from its name: the settings hand in the same name lookup after lookup. */
let lastDefaultType: { name: string; type: IdType } | null = null;

function resolveDefaultType(option: ParseOptions['defaultType']): IdType | null {
  if (option === undefined || option === null) return null;
  if (typeof option !== 'string') return option;
  if (lastDefaultType?.name === option) return lastDefaultType.type;
  const type = parseIdType(option);
  if (!type) throw new RangeError(`Not a type for bare ids: ${JSON.stringify(option)}`);
  lastDefaultType = { name: option, type };
  return type;
}

function toReference(input: string, outcome: Outcome): ParsedReference {
  switch (outcome.kind) {
    case 'error':
      return { ok: false, input, error: outcome.message };
    case 'chat': {
      const reference = { ok: true, kind: 'chat', input, chatId: outcome.chatId, label: `chat ${outcome.chatId}` } as const;
      return outcome.portal === undefined ? reference : { ...reference, portal: outcome.portal };
    }
    case 'typed':
      return { ok: true, kind: 'entity', input, ...entityKeyOf(outcome.type, outcome.id), label: labelOfEntity(outcome.type, outcome.id) };
    case 'raw':
      return {
        ok: true,
        kind: 'entity',
        input,
        entityType: outcome.entityType,
        entityId: outcome.entityId,
        label: `${outcome.entityType} ${outcome.entityId}`,
      };
  }
}

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
// Cells of a copied row; items of a list written with commas or semicolons are split apart after that.
const CELL_SEPARATORS = /\t+/;
// Not part of a longer run of digits and commas (`1,2345`, `12,345,67` are lists), but `1,234, 5` holds one.
const NUMBER_WITH_THOUSANDS = /(?<!\d|\d,)\d{1,3}(?:,\d{3})+(?!\d|,\d)/g;

// A link whose query or fragment has begun: a `,` or `;` after this belongs to it (`?ids=7,8`, `?a=1;b=2`).
const LINK_WITH_QUERY = /^\s*(?:\S*[a-z]:\/\/|\/)\S*[?#]\S*$/i;
// Private-use stand-ins for the commas inside `1,234`, so that splitting leaves such a number whole.
const THOUSANDS_COMMA = '\uE000';

/**
 * A cell's comma- or semicolon-separated items. A separator inside a link's query, or inside a number written
 * with thousands separators (`1,234`, refused later rather than read as two ids), does not split. Linear in the
 * cell's length.
 */
function listItems(cell: string): string[] {
  const guarded = cell.replace(NUMBER_WITH_THOUSANDS, (number) => number.replaceAll(',', THOUSANDS_COMMA));
  const parts = guarded.split(/([,;])/);
  const items: string[] = [];
  let insideQuery = false;
  for (let index = 0; index < parts.length; index += 2) {
    const part = (parts[index] ?? '').replaceAll(THOUSANDS_COMMA, ',');
    // Joined to the link before it unless it starts something of its own: a space, a link, a reference.
    const continues = insideQuery && !/^\s/.test(part) && !looksLikeLink(part) && readOne(unwrap(part), null, false).kind === 'error';
    if (continues) {
      items[items.length - 1] = `${items.at(-1) ?? ''}${parts[index - 1] ?? ''}${part}`;
      insideQuery = !/\s/.test(part);
    } else {
      items.push(part);
      insideQuery = LINK_WITH_QUERY.test(part);
    }
  }
  return items;
}

/** "LEAD|13 D_5 typo": the self-explaining references in a run of words, and the words between them as errors. */
function readWordRuns(text: string, defaultType: IdType | null): [string, Outcome][] | null {
  const tokens = text.split(/\s+/);
  const read: [string, Outcome][] = [];
  let stray: string[] = [];
  const flushStray = (): void => {
    if (stray.length === 0) return;
    const words = stray.join(' ');
    const outcome = readOne(unwrap(words), defaultType, true);
    read.push([words, outcome.kind === 'error' ? outcome : readOne(unwrap(words), null, false)]);
    stray = [];
  };
  let found = false;
  for (let i = 0; i < tokens.length;) {
    let step = 0;
    // The shortest run from here that is a reference on its own: `D_5`, `deal 5`, `коммерческое предложение 3`.
    // A reference holds a digit (its id), so runs without one are not read at all. Only a free-form pair such as
    // `CALL:abc` has none; among other words it needs a line of its own.
    for (let end = i + 1; end <= Math.min(tokens.length, i + 4); end += 1) {
      if (!tokens.slice(i, end).some((token) => /\d/.test(token))) continue;
      const words = tokens.slice(i, end).join(' ');
      const outcome = readOne(unwrap(words), defaultType, false);
      if (outcome.kind !== 'error') {
        flushStray();
        read.push([words, outcome]);
        step = end - i;
        found = true;
        break;
      }
    }
    if (step === 0) {
      stray.push(tokens[i] ?? '');
      step = 1;
    }
    i += step;
  }
  flushStray();
  return found ? read : null;
}

/** Two numbers side by side (`1 234`, `Deal #1 234`) are one number with a space in it, not a number and a stray. */
function hasSpacedNumber(text: string): boolean {
  const tokens = text.split(/\s+/);
  return tokens.some((token, i) => /^[#№]?\d+$/.test(token) && /^\d+$/.test(tokens[i + 1] ?? ''));
}

/** A line of space-separated references longer than this is read as a document, not word by word. */
const MAX_WORD_RUN_LENGTH = 100_000;

/** One piece of a line, and `text`, the piece unwrapped (readLine unwraps each piece once). */
function readPiece(piece: string, text: string, defaultType: IdType | null): [string, Outcome][] {
  const outcome = readOne(text, defaultType, true);
  if (outcome.kind !== 'error' || !/\s/.test(text) || text.length > MAX_WORD_RUN_LENGTH || outcome.code === 'webhook_address' || hasSpacedNumber(text)) {
    return [[piece, outcome]];
  }
  return readWordRuns(text, defaultType) ?? [[piece, outcome]];
}

/**
 * The references on one line. A type carries along the line's list ("сделки 101, 102" are both deals), and a
 * type alone in one cell takes the id in the next ("Deal⇥5", as two cells of a sheet copy).
 */
function readLine(line: string, defaultType: IdType | null): ParsedReference[] {
  const references: ParsedReference[] = [];
  let carried: IdType | null = null;
  let pending: { input: string; type: IdType; outcome: Outcome } | null = null;
  const pieces = line
    .split(CELL_SEPARATORS)
    .flatMap(listItems)
    .map((piece) => {
      const trimmed = piece.trim();
      return { piece: trimmed, text: unwrap(trimmed) };
    })
    .filter(({ text }) => text !== '');
  for (const { piece, text } of pieces) {
    if (pending) {
      const next = readOne(text, pending.type, true);
      const waiting: { input: string; type: IdType; outcome: Outcome } = pending;
      pending = null;
      if (next.kind === 'typed' && next.bare) {
        references.push(toReference(`${waiting.input} ${piece}`, next));
        carried = next.type;
        continue;
      }
      references.push(toReference(waiting.input, waiting.outcome));
    }
    const read = readPiece(piece, text, carried ?? defaultType);
    for (const [input, outcome] of read) {
      if (outcome.kind === 'error' && outcome.code === 'missing_id' && outcome.type && read.length === 1) {
        pending = { input, type: outcome.type, outcome };
        continue;
      }
      if (outcome.kind === 'typed' || (outcome.kind === 'error' && outcome.type)) carried = outcome.type ?? null;
      else if (outcome.kind !== 'error') carried = null;
      references.push(toReference(input, outcome));
    }
  }
  if (pending) references.push(toReference(pending.input, pending.outcome));
  return references;
}

/** One pair from structured text (key-pairs.ts), read as the same pair pasted on its own would be. */
function readKeyPair(item: KeyPairReference): Outcome {
  switch (item.kind) {
    case 'pair': {
      const type = item.entityType.trim();
      const id = item.entityId.trim();
      if (type.toUpperCase() === 'CRM') return readPipePair('CRM', id);
      // A CRM binding names the CRM type itself in ENTITY_TYPE (a telephony placement's CRM_BINDINGS).
      const crmType = crmTypeOfName(type);
      if (crmType) return typed({ scope: 'crm', crmType }, id);
      const pair = readColonPair(type.toUpperCase(), '', '', id);
      return pair ?? notAReference(item.input);
    }
    case 'typed_by_id': {
      const crmType = crmTypeOfTypeId(item.typeId);
      return crmType ? typed({ scope: 'crm', crmType }, item.id) : fail({ code: 'unknown_type_id', params: { text: shortened(String(item.typeId)) } });
    }
    case 'dialog':
      return dialog(item.dialogId, undefined);
    case 'chat':
      return chat(item.chatId);
    case 'link':
      return readLink(item.link.replaceAll('\\/', '/'));
  }
}

/**
 * Every reference in a text, in order: the pairs of structured text (a JSON body, an answer, a log line: key-pairs.ts),
 * or else one per line, cell, comma- or semicolon-separated item, or space-separated self-explaining reference. Blank
 * text gives an empty list. Any webhook code or token in the text is masked before anything is read. Never throws on
 * any text; a `defaultType` that is not a type is a RangeError.
 */
export function parseEntityReferences(text: string, options: ParseOptions = {}): ParsedReference[] {
  const defaultType = resolveDefaultType(options.defaultType);
  if (PLAIN.test(text)) return [toReference(text, readOne(text, defaultType, true))];
  const masked = maskSecrets(normalise(text));
  const structured = masked.length <= MAX_STRUCTURED_LENGTH ? readKeyPairs(masked) : null;
  if (structured) return structured.map((item) => toReference(item.input, readKeyPair(item)));
  return masked.split(LINE_BREAK).flatMap((line) => readLine(line, defaultType));
}

/**
 * Text of letters, digits, `_` and `|` alone, as people type a reference into the window (`LEAD|13`, `D_5`, `13`): the
 * steps before readOne find nothing to do in it (no invisible or full-width character, no secret, no key pair, one line,
 * cell and item, nothing to unwrap), so it goes to readOne as it is. `bearer` and `vibe_` start what secrets.ts masks.
 */
const PLAIN = /^(?!.*(?:bearer|vibe_))[A-Za-z0-9_|]{1,64}$/i;

/** Structured text longer than this is read line by line (a document, not a request someone copied). */
const MAX_STRUCTURED_LENGTH = 100_000;

/**
 * One reference: an `im.chat.get` key, a chat, or the reason the text is neither (`several` when it names more
 * than one). Never throws on any text; a `defaultType` that is not a type is a RangeError.
 */
export function parseEntityReference(text: string, options: ParseOptions = {}): ParsedReference {
  const references = parseEntityReferences(text, options);
  const [first] = references;
  const input = maskSecrets(normalise(text)).trim();
  if (first === undefined) return toReference(input, nothingToLookUp());
  if (references.length === 1) return first;
  return toReference(input, fail({ code: 'several', params: { count: references.length } }));
}

export { maskSecrets } from './secrets.ts';
