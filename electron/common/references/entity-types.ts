/**
 * The names Bitrix24 gives to the things a chat can be bound to, and every way people write them: CRM type
 * names (`DEAL`), numeric type ids (`/crm/type/2/…`), binding short codes (`D_5`, `T80_6`), words in English and
 * Russian (`deal`, `сделка`), and the non-CRM entity types `im.chat.get` knows (`TASKS_TASK`, …).
 *
 * Sources (docs/bitrix24-rest.md has them all): the CRM object types with their ids, names and short codes,
 * [en] api-reference/crm/data-types.md:505-523, and crm.enum.ownertype's answer, which adds the documents (36, 39),
 * api-reference/crm/auxiliary/enum/crm-enum-owner-type.md:229-302; the binding codes `{code}_{id}`, a smart process's
 * code `T` + its type id in lower-case hex (crm/data-types.md:533-553); the ENTITY_TYPEs of
 * api-reference/chats/im-chat-get.md:22-50. Old invoices (type 5, `I`) and smart invoices (type 31, `SI`) are two
 * different things (crm/data-types.md:517-518, :527): a word that could mean either is not guessed.
 */

/** What an id on its own stands for: a CRM entity type (`DEAL`, `DYNAMIC_128`) or a non-CRM ENTITY_TYPE with numeric ids. */
export type IdType = { scope: 'crm'; crmType: string } | { scope: 'entity'; entityType: string };

/** Smart process type ids start here; below it the ids belong to the built-in types. */
export const FIRST_DYNAMIC_TYPE_ID = 128;

/** The built-in CRM types by their numeric type id (`entityTypeId`, crm/data-types.md:513-521, crm-enum-owner-type.md). */
const CRM_TYPE_IDS: ReadonlyMap<number, string> = new Map([
  [1, 'LEAD'],
  [2, 'DEAL'],
  [3, 'CONTACT'],
  [4, 'COMPANY'],
  [5, 'INVOICE'],
  [7, 'QUOTE'],
  [8, 'REQUISITE'],
  [14, 'ORDER'],
  [31, 'SMART_INVOICE'],
  [36, 'SMART_DOCUMENT'],
  [39, 'SMART_B2E_DOC'],
]);

const CRM_TYPE_NAMES: ReadonlySet<string> = new Set(CRM_TYPE_IDS.values());

/**
 * The prefixes of CRM binding codes (`D_5`): each type's `entityTypeAbbr` (crm/data-types.md:513-521,
 * crm-enum-owner-type.md `SYMBOL_CODE_SHORT`); smart processes use `T` + the type id in hex instead.
 */
const SHORT_CODES: ReadonlyMap<string, string> = new Map([
  ['L', 'LEAD'],
  ['D', 'DEAL'],
  ['C', 'CONTACT'],
  ['CO', 'COMPANY'],
  ['I', 'INVOICE'],
  ['Q', 'QUOTE'],
  ['RQ', 'REQUISITE'],
  ['O', 'ORDER'],
  ['SI', 'SMART_INVOICE'],
  ['DO', 'SMART_DOCUMENT'],
  ['SBD', 'SMART_B2E_DOC'],
]);

/**
 * Path segments of entity pages: `/crm/<segment>/details/<id>/` ([en] sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:33-36)
 * and the older `/crm/<segment>/show/<id>/` (sdk/bx24-js-sdk/system-dialogues/bx24-select-crm.md:46). `quote` and
 * `invoice` pages are in no page of the docs: the ones older portals had (estimates and smart invoices live at
 * `/crm/type/7/…` and `/crm/type/31/…` now, api-reference/crm/duplicates/crm-entity-merge-batch.md:67-69).
 */
export const PAGE_SEGMENTS: ReadonlyMap<string, string> = new Map([
  ['lead', 'LEAD'],
  ['deal', 'DEAL'],
  ['contact', 'CONTACT'],
  ['company', 'COMPANY'],
  ['quote', 'QUOTE'],
  ['invoice', 'INVOICE'],
]);

/**
 * Words people type before an id, lower case, `ё` written `е`, spaces and hyphens as one space. Russian names come
 * with the case forms a sentence puts them in ("в сделке 5", "контакта 25"). Quotes are "Estimates" in the
 * English interface of current portals, and invoices are smart invoices.
 */
const WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // Russian case forms, then Ukrainian.
    LEAD: ['lead', 'leads', 'лид', 'лида', 'лиду', 'лидом', 'лиде', 'лиды', 'лидов', 'лід', 'ліда', 'ліді'],
    DEAL: ['deal', 'deals', 'сделка', 'сделки', 'сделку', 'сделкой', 'сделке', 'сделок', 'угода', 'угоди', 'угоду', 'угоді'],
    CONTACT: ['contact', 'contacts', 'контакт', 'контакта', 'контакту', 'контактом', 'контакте', 'контакты', 'контактов'],
    COMPANY: ['company', 'companies', 'компания', 'компании', 'компанию', 'компанией', 'компаний', 'компанія', 'компанії', 'компанію'],
    QUOTE: [
      'quote',
      'quotes',
      'estimate',
      'estimates',
      'предложение',
      'предложения',
      'предложению',
      'предложении',
      'предложением',
      'коммерческое предложение',
      'коммерческого предложения',
      'коммерческом предложении',
      'кп',
      'пропозиція',
      'пропозиції',
      'комерційна пропозиція',
    ],
    SMART_INVOICE: ['smart invoice', 'smart invoices', 'new invoice', 'смарт счет', 'смарт счета', 'смарт счету', 'смарт счете', 'смарт рахунок'],
    INVOICE: ['old invoice', 'old invoices', 'старый счет', 'старого счета', 'старом счете', 'старий рахунок'],
    REQUISITE: ['requisite', 'requisites', 'реквизит', 'реквизиты', 'реквизиты компании'],
    ORDER: ['order', 'orders', 'заказ', 'заказа', 'заказу', 'заказе', 'замовлення'],
  }).flatMap(([type, words]) => words.map((word): [string, string] => [word, type])),
);

/**
 * Words that name two CRM types: an invoice is a smart invoice (31) in a current portal's menu and an old invoice (5)
 * in a portal that still has those, and the two are different entities with different chats. Such a word asks which.
 */
const AMBIGUOUS_WORDS: ReadonlyMap<string, readonly string[]> = new Map(
  ['invoice', 'invoices', 'счет', 'счета', 'счету', 'счете', 'счетом', 'рахунок', 'рахунку'].map((word) => [word, ['SMART_INVOICE', 'INVOICE']]),
);

/** The CRM types a word could mean when it could mean more than one (`invoice`: SMART_INVOICE or INVOICE), else null. */
export function ambiguousTypesOf(name: string): readonly string[] | null {
  // A type name in capitals (`INVOICE`) is that type, not a word.
  if (name.trim() === name.trim().toUpperCase() && /[A-Z]/.test(name)) return null;
  return AMBIGUOUS_WORDS.get(normalizeWord(name)) ?? null;
}

/**
 * Words for the non-CRM entities with numeric ids: a task is the new task card's `TASKS_TASK`, the one a current
 * portal binds chats to.
 */
const ENTITY_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    TASKS_TASK: ['task', 'tasks', 'задача', 'задачи', 'задачу', 'задаче', 'задачей', 'завдання'],
    SONET_GROUP: ['workgroup', 'work group', 'рабочая группа', 'рабочей группы', 'группа', 'группы', 'группе', 'робоча група'],
    CALENDAR: ['event', 'calendar event', 'событие', 'события', 'встреча', 'встречи', 'подія'],
  }).flatMap(([type, words]) => words.map((word): [string, string] => [word, type])),
);

/**
 * ENTITY_TYPEs outside the CRM whose ENTITY_ID is a plain positive number, with the word a person would use.
 * Other ENTITY_TYPEs (`LINES`, `LIVECHAT`, `CALL`, …) take free-form ids and can be written as a raw pair.
 */
const NUMERIC_ENTITY_TYPES: ReadonlyMap<string, string> = new Map([
  ['TASKS_TASK', 'task'],
  ['TASKS', 'task (old card)'],
  ['SONET_GROUP', 'workgroup'],
  ['CALENDAR', 'calendar event'],
]);

const CRM_LABELS: ReadonlyMap<string, string> = new Map([
  ['LEAD', 'lead'],
  ['DEAL', 'deal'],
  ['CONTACT', 'contact'],
  ['COMPANY', 'company'],
  ['INVOICE', 'old invoice'],
  ['QUOTE', 'quote'],
  ['REQUISITE', 'requisite'],
  ['ORDER', 'order'],
  ['SMART_INVOICE', 'invoice'],
  ['SMART_DOCUMENT', 'CRM document'],
  ['SMART_B2E_DOC', 'company document'],
]);

const DYNAMIC = /^DYNAMIC_(\d{1,9})$/;
/** Type ids are database integers; nothing larger is a type. */
const MAX_TYPE_ID = 999_999_999;

/** The CRM type with this numeric type id (`2` → `DEAL`, `128` → `DYNAMIC_128`), or null. */
export function crmTypeOfTypeId(typeId: number): string | null {
  if (!Number.isSafeInteger(typeId) || typeId > MAX_TYPE_ID) return null;
  if (typeId >= FIRST_DYNAMIC_TYPE_ID) return `DYNAMIC_${typeId}`;
  return CRM_TYPE_IDS.get(typeId) ?? null;
}

/** The numeric type id of a built-in CRM type (`QUOTE` → 7), or null for a name that is none. */
export function typeIdOfCrmType(crmType: string): number | null {
  for (const [typeId, name] of CRM_TYPE_IDS) if (name === crmType) return typeId;
  return null;
}

/**
 * The canonical CRM type for a type name in any case (`deal` → `DEAL`), or null. `invoice` in lower case is the word
 * that names two types (ambiguousTypesOf), not the type INVOICE.
 */
export function crmTypeOfName(name: string): string | null {
  if (ambiguousTypesOf(name)) return null;
  const upper = name.toUpperCase();
  if (CRM_TYPE_NAMES.has(upper)) return upper;
  const dynamic = DYNAMIC.exec(upper);
  if (dynamic?.[1] === undefined) return null;
  // `DYNAMIC_0128` is `DYNAMIC_128` written with a zero in front.
  const typeId = Number(dynamic[1]);
  return typeId >= FIRST_DYNAMIC_TYPE_ID ? crmTypeOfTypeId(typeId) : null;
}

/** True for `DYNAMIC_<n>` whatever n is, so a wrong type id can be named as such. */
export function looksLikeDynamicType(name: string): boolean {
  return /^DYNAMIC_\d+$/.test(name.toUpperCase());
}

/**
 * The CRM type of a binding code's prefix (`D` → `DEAL`, `T80` → `DYNAMIC_128`), or null. A `T` prefix is the
 * type id in hexadecimal; it may name a built-in type too (`T1f` is the smart invoice's 31).
 */
export function crmTypeOfShortCode(prefix: string): string | null {
  const upper = prefix.toUpperCase();
  const named = SHORT_CODES.get(upper);
  if (named) return named;
  const hex = /^T([0-9A-F]{1,8})$/.exec(upper)?.[1];
  return hex === undefined ? null : crmTypeOfTypeId(Number.parseInt(hex, 16));
}

// A preposition in front of a type word: "по сделке 5", "в лиде 13", "для компании 7".
const PREPOSITIONS = /^(?:в|во|по|из|для|на|о|об|к|ко|у|от|in|for|on|of)\s+/;

const LATIN_WORD = /^[A-Za-z0-9_]*$/;

/** Lower case, `ё` as `е`, runs of spaces and hyphens as one space, no leading preposition: the form WORDS are kept in. */
export function normalizeWord(word: string): string {
  // Latin letters, digits and `_` (`LEAD`, `DYNAMIC_128`): only the case to change.
  if (LATIN_WORD.test(word)) return word.toLowerCase();
  return word
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[\s\-‐–—]+/g, ' ')
    .trim()
    .replace(PREPOSITIONS, '');
}

/**
 * The non-CRM ENTITY_TYPE a name spells, if its ids are numbers: written in capitals (`TASKS`) or with an
 * underscore (`tasks_task`), as type names are; `tasks` in lower case is a word, and words are looked up apart.
 */
function numericEntityTypeOfName(name: string): string | null {
  const upper = name.toUpperCase();
  const spelledAsType = name === upper || name.includes('_');
  return spelledAsType && NUMERIC_ENTITY_TYPES.has(upper) ? upper : null;
}

/**
 * What a type written before an id means: a word (`сделка`), a CRM type name (`DYNAMIC_128`), or a non-CRM
 * ENTITY_TYPE with numeric ids (`TASKS_TASK`). Null when it is none of them.
 */
export function idTypeOfName(name: string): IdType | null {
  const word = normalizeWord(name);
  const crmType = WORDS.get(word) ?? crmTypeOfName(name.trim());
  if (crmType) return { scope: 'crm', crmType };
  // Exact ENTITY_TYPE names first: `TASKS` is the old task card's type, where `tasks` is a plural.
  const entityType = numericEntityTypeOfName(name.trim()) ?? ENTITY_WORDS.get(word);
  return entityType ? { scope: 'entity', entityType } : null;
}

/**
 * Reads a default type as settings or `--type` give it: a CRM type name, a word, a short code prefix (`D`,
 * `T80`) or a non-CRM type with numeric ids. Null when it is none of them.
 */
export function parseIdType(text: string): IdType | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const named = idTypeOfName(trimmed);
  if (named) return named;
  const coded = crmTypeOfShortCode(trimmed);
  return coded ? { scope: 'crm', crmType: coded } : null;
}

/** The canonical name of a type, as settings keep it: `LEAD`, `DYNAMIC_128`, `TASKS_TASK`. */
export function idTypeName(type: IdType): string {
  return type.scope === 'crm' ? type.crmType : type.entityType;
}

/** The `im.chat.get` key for an id of a type: `CRM` + `DEAL|5`, or `TASKS_TASK` + `8293`. */
export function entityKeyOf(type: IdType, id: string): { entityType: string; entityId: string } {
  return type.scope === 'crm' ? { entityType: 'CRM', entityId: `${type.crmType}|${id}` } : { entityType: type.entityType, entityId: id };
}

/** How a person would name the type: `deal`, `smart process 128`, `task`. */
export function labelOfType(type: IdType): string {
  if (type.scope === 'entity') return NUMERIC_ENTITY_TYPES.get(type.entityType) ?? type.entityType;
  const dynamic = DYNAMIC.exec(type.crmType)?.[1];
  return dynamic === undefined ? (CRM_LABELS.get(type.crmType) ?? type.crmType) : `smart process ${dynamic}`;
}

/** How a person would name one entity: `deal 5`, `smart process 128 item 3`, `task 8293`. */
export function labelOfEntity(type: IdType, id: string): string {
  const dynamic = type.scope === 'crm' ? DYNAMIC.exec(type.crmType)?.[1] : undefined;
  return dynamic === undefined ? `${labelOfType(type)} ${id}` : `smart process ${dynamic} item ${id}`;
}

/** The CRM types people use most, as a list for messages: "LEAD, DEAL, CONTACT, COMPANY, QUOTE, SMART_INVOICE or DYNAMIC_<type id>". */
export const CRM_TYPE_LIST = `LEAD, DEAL, CONTACT, COMPANY, QUOTE, SMART_INVOICE or DYNAMIC_<type id ≥ ${FIRST_DYNAMIC_TYPE_ID}>`;
