/**
 * Every reference shape the official Bitrix24 REST docs show, read as the docs say it is meant. Each row is the string
 * the page prints, what the parser must make of it, and the page (paths relative to the root of
 * github.com/bitrix24/b24restdocs; the Russian twin, github.com/bitrix-tools/b24-rest-docs, has the same strings at the
 * same paths, about three lines lower). A shape no page shows is tested in parse-reference.test.ts, not here.
 */
import { describe, expect, test } from 'vitest';
import { sentence } from '../../support/sentence.ts';
import { referenceFailureKind } from '../../../electron/common/messages/references.ts';
import { parseEntityReferences } from '../../../electron/common/references/parse-reference.ts';

type Row = readonly [input: string, reads: string | readonly string[], page: string];

/** What a result reads as, in one line: `CRM DEAL|1663`, `chat 1439`, `✗ not_a_chat`. */
function reading(text: string): string[] {
  return parseEntityReferences(text).map((reference) => {
    if (!reference.ok) return `✗ ${referenceFailureKind(reference.error.code) ?? reference.error.code}`;
    return reference.kind === 'chat' ? `chat ${reference.chatId}` : `${reference.entityType} ${reference.entityId}`;
  });
}

const ROWS: readonly Row[] = [
  // im.chat.get: ENTITY_TYPE + ENTITY_ID as the page writes them.
  ['LEAD|13', 'CRM LEAD|13', 'api-reference/chats/im-chat-get.md:45'],
  ['DEAL|1663', 'CRM DEAL|1663', 'api-reference/chats/im-chat-get.md:45'],
  ['CONTACT|25', 'CRM CONTACT|25', 'api-reference/chats/im-chat-get.md:45'],
  ['COMPANY|7', 'CRM COMPANY|7', 'api-reference/chats/im-chat-get.md:45'],
  ['telegrambot|2|209607941|744', 'LINES telegrambot|2|209607941|744', 'api-reference/chats/im-chat-get.md:46'],
  ['TASKS_TASK:8293', 'TASKS_TASK 8293', 'api-reference/chats/im-chat-get.md:48'],
  ['TASKS:8293', 'TASKS 8293', 'api-reference/chats/im-chat-get.md:48'],
  ['{"ENTITY_TYPE":"CRM","ENTITY_ID":"DEAL|1663"}', 'CRM DEAL|1663', 'api-reference/chats/im-chat-get.md:76'],
  ['{"ENTITY_TYPE":"CRM","ENTITY_ID":"DEAL|1663","auth":"**put_access_token_here**"}', 'CRM DEAL|1663', 'api-reference/chats/im-chat-get.md:86'],
  ["'ENTITY_TYPE' => 'CRM',\n'ENTITY_ID' => 'DEAL|1663',", 'CRM DEAL|1663', 'api-reference/chats/im-chat-get.md:175-176'],
  ['"ENTITY_TYPE": "CRM",\n"ENTITY_ID":   "DEAL|1663",', 'CRM DEAL|1663', 'api-reference/chats/im-chat-get.md:237-238'],
  ['{\n    "ENTITY_TYPE": "SONET_GROUP",\n    "ENTITY_ID": "133"\n}', 'SONET_GROUP 133', 'api-reference/chats/im-chat-add.md:117-120'],
  // Dialog ids.
  ['chat1435', 'chat 1435', 'api-reference/chats/im-dialog-get.md:28'],
  ['sg103', 'SONET_GROUP 103', 'api-reference/chats/im-dialog-get.md:28'],
  ['sg17', 'SONET_GROUP 17', 'api-reference/chats/index.md:46'],
  ['47', '✗ needs_type', 'api-reference/chats/index.md:44'],
  ['"dialog_id": "chat1439"', 'chat 1439', 'api-reference/chats/im-dialog-get.md:376'],
  ['{"DIALOG_ID":"chat1435"}', 'chat 1435', 'api-reference/chats/im-dialog-get.md:43'],
  ['"dialogId":"chat2"', 'chat 2', 'api-reference/widgets/im/textarea.md:54'],
  ['"CHAT_ID": "1157"', 'chat 1157', 'api-reference/chat-bots/outdated/chats/events/on-imbot-join-chat.md:160'],
  // An answer's lower-case keys; the dialog id beside them is the same chat.
  ['"entity_type": "CRM",\n"entity_id": "DEAL|1663",', 'CRM DEAL|1663', 'api-reference/chats/im-dialog-get.md:328-329'],
  ['"entity_type": "TASKS_TASK",\n"entity_id": "8293",', 'TASKS_TASK 8293', 'api-reference/chats/im-recent-get.md:323-324'],
  ['"entity_type": "SONET_GROUP",\n"entity_id": "121",', 'SONET_GROUP 121', 'api-reference/chats/search/im-search-chat-list.md:335-336'],
  [
    '"entity_type": "LINES",\n"entity_id": "livechat|22|1775|599",',
    'LINES livechat|22|1775|599',
    'api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.md:313-314',
  ],
  ['"chat": {"id": 58, "entityId": 51, "entityType": "TASKS_TASK"}', 'TASKS_TASK 51', 'api-reference/tasks/tasks-new.md:118-126'],
  ['{"entityType": "TASKS_TASK", "entityId": 51}', 'TASKS_TASK 51', 'api-reference/tasks/tasks-new.md:118-126'],
  // A telephony placement's CRM bindings put the CRM type itself in ENTITY_TYPE.
  [
    '"CRM_BINDINGS": [{ "ENTITY_TYPE": "DEAL", "ENTITY_ID": "25" }, { "ENTITY_TYPE": "COMPANY", "ENTITY_ID": "17" }]',
    ['CRM DEAL|25', 'CRM COMPANY|17'],
    'api-reference/widgets/telephony/index.md:71-76',
  ],
  ['"CRM_ENTITY_TYPE": "COMPANY", "CRM_ENTITY_ID": "17"', 'CRM COMPANY|17', 'api-reference/widgets/telephony/index.md:71-72'],
  [
    '{"CRM_ENTITY_TYPE":"lead","CRM_ENTITY":1205,"ACTIVE_ONLY":"N"}',
    'CRM LEAD|1205',
    'api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md:54',
  ],
  ['{"entityTypeId":1,"id":250}', 'CRM LEAD|250', 'api-reference/crm/universal/crm-item-get.md:54'],
  // CRM binding codes: entityTypeAbbr + "_" + id.
  ['L_4', 'CRM LEAD|4', 'api-reference/crm/data-types.md:539'],
  ['D_1', 'CRM DEAL|1', 'api-reference/crm/data-types.md:540'],
  ['C_2', 'CRM CONTACT|2', 'api-reference/crm/data-types.md:541'],
  ['CO_3', 'CRM COMPANY|3', 'api-reference/crm/data-types.md:542'],
  ['SI_7', 'CRM SMART_INVOICE|7', 'api-reference/crm/data-types.md:543'],
  ['T80_6', 'CRM DYNAMIC_128|6', 'api-reference/crm/data-types.md:544'],
  ['Tb1_29', 'CRM DYNAMIC_177|29', 'tutorials/tasks/how-to-connect-task-to-spa.md:21'],
  ['T88_3', 'CRM DYNAMIC_136|3', 'api-reference/tasks/tasks-task-get.md:313'],
  ['["C_123", "CO_456"]', ['CRM CONTACT|123', 'CRM COMPANY|456'], 'api-reference/crm/data-types.md:550'],
  // The old codes, each the type it is (crm/data-types.md:513-521; the rule PREFIX = entityTypeAbbr, :533).
  ['I_5', 'CRM INVOICE|5', 'api-reference/crm/data-types.md:517'],
  ['Q_4', 'CRM QUOTE|4', 'api-reference/crm/data-types.md:519'],
  ['RQ_8', 'CRM REQUISITE|8', 'api-reference/crm/data-types.md:520'],
  ['O_14', 'CRM ORDER|14', 'api-reference/crm/data-types.md:521'],
  ['DO_2', 'CRM SMART_DOCUMENT|2', 'api-reference/crm/auxiliary/enum/crm-enum-owner-type.md:279-282'],
  ['SBD_2', 'CRM SMART_B2E_DOC|2', 'api-reference/crm/auxiliary/enum/crm-enum-owner-type.md:285-288'],
  ['INVOICE|5', 'CRM INVOICE|5', 'api-reference/crm/data-types.md:517'],
  ['SMART_INVOICE|5', 'CRM SMART_INVOICE|5', 'api-reference/crm/data-types.md:518'],
  // Pages.
  ['/crm/deal/details/5/', 'CRM DEAL|5', 'sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:33'],
  ['/crm/lead/details/12/', 'CRM LEAD|12', 'sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:34'],
  ['/crm/contact/details/2/', 'CRM CONTACT|2', 'sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:35'],
  ['/crm/company/details/7/', 'CRM COMPANY|7', 'sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:36'],
  ['/crm/type/128/details/3/', 'CRM DYNAMIC_128|3', 'sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:37'],
  ['/workgroups/group/4/', 'SONET_GROUP 4', 'sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:39'],
  ['/company/personal/user/1/', '✗ not_a_chat', 'sdk/bx24-js-sdk/additional-functions/bx24-open-path.md:38'],
  ['/crm/lead/show/1348/', 'CRM LEAD|1348', 'sdk/bx24-js-sdk/system-dialogues/bx24-select-crm.md:46'],
  ['/crm/deal/details/8061/?any=details%2F8061%2F&IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER', 'CRM DEAL|8061', 'api-reference/widgets/crm/index.md:80'],
  ['\\/crm\\/deal\\/details\\/8061\\/?any=details%2F8061%2F&IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER', 'CRM DEAL|8061', 'api-reference/widgets/crm/index.md:71'],
  ['/company/personal/user/503/tasks/task/view/8293/?ta_sec=chat_tasks&ta_el=view_button', 'TASKS_TASK 8293', 'api-reference/chats/im-recent-get.md:351'],
  ['/company/personal/user/1/tasks/task/view/3835/', 'TASKS_TASK 3835', 'api-reference/tasks/tasks-task-get-rest-v3.md:344'],
  ['\\/company\\/personal\\/user\\/1\\/tasks\\/task\\/view\\/3839\\/', 'TASKS_TASK 3839', 'api-reference/tasks/tasks-task-add-rest-v3.md:360'],
  ['/workgroups/group/121/', 'SONET_GROUP 121', 'api-reference/chats/search/im-search-chat-list.md:347'],
  ['{"URI":"\\/workgroups\\/group\\/10\\/tasks\\/"}', 'SONET_GROUP 10', 'api-reference/widgets/workgroups/toolbar.md:60'],
  ['https://test.bitrix24.com/workgroups/group/69/disk/path/', 'SONET_GROUP 69', 'api-reference/disk/folder/disk-folder-copy-to.md:259'],
  // Chat links: a number after IM_DIALOG is a person (a private conversation), not a chat.
  [
    'https://portal.bitrix24.com/online/?IM_DIALOG=1459503&BOT_CONTEXT=%7B%22pairCode%22%3A%2213bd812901b295c50adbc%22%7D',
    '✗ not_a_chat',
    'api-reference/chat-bots/chat-bots-v2/imbot.v2/bot-context.md:53',
  ],
  [
    'bx://v2/portal.bitrix24.com/botContext/dialogId/1459503/context/%7B%22pairCode%22%3A%2213bd812901b295c50adbc%22%7D',
    '✗ not_a_chat',
    'api-reference/chat-bots/chat-bots-v2/imbot.v2/bot-context.md:76',
  ],
  // Open lines.
  ['livechat|22|1775|599', 'LINES livechat|22|1775|599', 'api-reference/imopenlines/openlines/sessions/imopenlines-dialog-get.md:314'],
  ['myconnector|107|channel-123|ext-user-42', 'LINES myconnector|107|channel-123|ext-user-42', 'tutorials/openlines/find-crm-object-by-dialog.md:218'],
  ['imol|livechat|1|67|21', 'LINES livechat|1|67|21', 'api-reference/crm/leads/crm-lead-get.md:345'],
  // A webhook is a credential, not a reference.
  [
    'https://test.bitrix24.com/rest/1/4l777m8lapmdaz1n/crm.company.add.json?fields[TITLE]=Company',
    '✗ webhook_address',
    'first-steps/first-rest-api-call.md:46',
  ],
  ['/rest/1/a2ebx1rfao5pq5cr/user.userfield.file.get?id=1', '✗ webhook_address', 'api-reference/user/userfields/user-userfield-file-get.md:64'],
  // The REST 3.0 address, `/rest/api/{user_id}/{webhook_code}/{method}` (the page shows only placeholders in it).
  ['https://test.bitrix24.com/rest/api/1/4l777m8lapmdaz1n/tasks.task.get', '✗ webhook_address', 'api-reference/rest-v3.md:22'],
];

describe('reference shapes from the official docs', () => {
  test.each(ROWS)('%s → %s (%s)', (input, reads) => {
    expect(reading(input)).toEqual(typeof reads === 'string' ? [reads] : reads);
  });

  test('a word for two CRM types asks which, naming both codes', () => {
    // Invoices (new) and Invoices (old) are two types, 31 and 5 (api-reference/crm/data-types.md:517-518, :527).
    const [reference] = parseEntityReferences('invoice 9');
    expect(reference).toMatchObject({ ok: false, error: { code: 'ambiguous_type' } });
    if (reference && !reference.ok) expect(sentence(reference.error)).toMatch(/SI_9.*I_9/);
  });
});
