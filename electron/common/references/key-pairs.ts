/**
 * References inside structured text people copy from a request, an answer or a log line: a JSON body
 * (`{"ENTITY_TYPE":"CRM","ENTITY_ID":"DEAL|1663"}`, [en] api-reference/chats/im-chat-get.md:76), an answer's lower-case
 * keys (`"entity_type": "CRM", "entity_id": "DEAL|1663"`, api-reference/chats/im-dialog-get.md:328-329), camelCase
 * (`"entityType": "TASKS_TASK", "entityId": 51`, api-reference/tasks/tasks-new.md:118-126), PHP (`'ENTITY_TYPE' =>
 * 'CRM'`, im-chat-get.md:175), a bot event's `CHAT_ENTITY_TYPE` / `CHAT_ENTITY_ID`, the open-line methods'
 * `CRM_ENTITY_TYPE` / `CRM_ENTITY`, a telephony placement's CRM bindings, where ENTITY_TYPE holds a CRM type
 * (`{"ENTITY_TYPE": "DEAL", "ENTITY_ID": "25"}`, api-reference/widgets/telephony/index.md:71-76), crm.item's numeric
 * type (`{"entityTypeId":1,"id":250}`, api-reference/crm/universal/crm-item-get.md:54), and dialog and chat ids
 * (`"dialog_id": "chat1439"`, im-dialog-get.md:376; `"dialogId":"chat2"`, api-reference/widgets/im/textarea.md:54).
 */

/** One key and its value, where they stand in the text. */
interface KeyValue {
  key: string;
  value: string;
  start: number;
  end: number;
}

/** What a run of key pairs names, before the parser reads each part as it reads a pasted pair. */
export type KeyPairReference =
  | { kind: 'pair'; input: string; entityType: string; entityId: string }
  | { kind: 'typed_by_id'; input: string; typeId: number; id: string }
  | { kind: 'dialog'; input: string; dialogId: string }
  /** A link under a key (`"URI": "/workgroups/group/10/tasks/"`, [en] api-reference/widgets/workgroups/toolbar.md:60). */
  | { kind: 'link'; input: string; link: string }
  | { kind: 'chat'; input: string; chatId: string };

// A key, quoted or not, then `:`, `=>` or `=`, then a quoted string (JSON escapes left in) or a number.
const KEY_VALUE = /["']?([A-Za-z][A-Za-z_]*)["']?\s*(?:=>|:|=)\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(-?\d+)(?![\w|]))/g;

const TYPE_KEYS = new Set(['entitytype', 'chatentitytype', 'crmentitytype']);
const ID_KEYS = new Set(['entityid', 'chatentityid', 'crmentityid', 'crmentity']);
const DIALOG_KEYS = new Set(['dialogid']);
const CHAT_KEYS = new Set(['chatid']);
const LINK_KEYS = new Set(['uri', 'url', 'link', 'href']);

const normaliseKey = (key: string): string => key.toLowerCase().replaceAll('_', '');

function keyValues(text: string): KeyValue[] {
  return [...text.matchAll(KEY_VALUE)].map((match) => ({
    key: normaliseKey(match[1] ?? ''),
    value: (match[2] ?? match[3] ?? match[4] ?? '').replace(/\\(.)/g, '$1'),
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/**
 * Every reference the key pairs in a text name, in order, or null when it has none (then it is read as ordinary text).
 * A type key pairs with the id key after it; where entity pairs are given, the dialog and chat ids beside them (an
 * answer that describes the same chat) are left out.
 */
export function readKeyPairs(text: string): KeyPairReference[] | null {
  if (!/entity|dialog|chat|ur[il]|link|href/i.test(text)) return null;
  const values = keyValues(text);
  const pairs: KeyPairReference[] = [];
  const others: KeyPairReference[] = [];
  for (let index = 0; index < values.length; index += 1) {
    const current = values[index];
    if (!current) continue;
    const next = values[index + 1];
    const span = (last: KeyValue): string => text.slice(current.start, last.end);
    if (TYPE_KEYS.has(current.key) && next && ID_KEYS.has(next.key)) {
      pairs.push({ kind: 'pair', input: span(next), entityType: current.value, entityId: next.value });
      index += 1;
    } else if (ID_KEYS.has(current.key) && next && TYPE_KEYS.has(next.key)) {
      // The other way round: `"entityId": 51, "entityType": "TASKS_TASK"` ([en] api-reference/tasks/tasks-new.md:118-126).
      pairs.push({ kind: 'pair', input: span(next), entityType: next.value, entityId: current.value });
      index += 1;
    } else if (LINK_KEYS.has(current.key) && /^(?:https?:\/\/|\/)/i.test(current.value)) {
      others.push({ kind: 'link', input: span(current), link: current.value });
    } else if (current.key === 'entitytypeid' || current.key === 'ownertypeid') {
      const id = values.slice(index + 1).find((item) => item.key === (current.key === 'entitytypeid' ? 'id' : 'ownerid'));
      if (id && /^\d+$/.test(current.value)) pairs.push({ kind: 'typed_by_id', input: span(id), typeId: Number(current.value), id: id.value });
    } else if (DIALOG_KEYS.has(current.key)) {
      others.push({ kind: 'dialog', input: span(current), dialogId: current.value });
    } else if (CHAT_KEYS.has(current.key)) {
      others.push({ kind: 'chat', input: span(current), chatId: current.value });
    }
  }
  const found = pairs.length > 0 ? pairs : others;
  return found.length > 0 ? found : null;
}
