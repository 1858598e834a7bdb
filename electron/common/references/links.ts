/**
 * Links people paste: entity pages (cloud and self-hosted, current and legacy paths, smart processes in custom
 * sections, the mobile view), chat links (web messenger and `bx://` desktop links), and those links wrapped by a
 * mail client's or search engine's redirect. The path shape decides, never the host.
 */
import { FIRST_DYNAMIC_TYPE_ID, PAGE_SEGMENTS, crmTypeOfTypeId } from './entity-types.ts';
import { type Outcome, chat, fail, shortened, typed } from './outcome.ts';
import { decodePercent } from './percent-encoding.ts';

const PLACEHOLDER_BASE = 'https://portal.invalid/';
const DIALOG_PARAM = /(?:^|[?&#])IM_DIALOG=([^&#\s]*)/i;
const DESKTOP_DIALOG = /^bx:\/\/(?:v2\/)?([^/]+)\/.*?\/dialogId\/([^/?#\s]*)/i;
const ENTITY_PAGE = /\/crm\/([a-z]+)\/(?:details|show|edit)\/([^/]*)(?:\/|$)/;
// Smart processes also live in custom sections: /page/<section>/<page>/type/188/details/5/, /automation/type/…
const TYPE_PAGE = /\/type\/([^/]*)\/details\/([^/]*)(?:\/|$)/;
const MOBILE_PAGE = /\/mobile\/crm\/([a-z]+)\b/;
// A task's page, in a person's tasks or a group's ([en] api-reference/chats/im-recent-get.md:351,
// api-reference/tasks/tasks-task-get-rest-v3.md:344): the task's chat is TASKS_TASK + its id (im-chat-get.md:35, :48).
const TASK_PAGE = /\/tasks\/task\/view\/([^/]*)(?:\/|$)/;
// A workgroup or project, or a page of one (`/workgroups/group/10/tasks/`: "the workgroup identifier is 10",
// [en] api-reference/widgets/workgroups/toolbar.md:72): its chat is SONET_GROUP + the group's id (im-chat-get.md:60).
const GROUP_PAGE = /\/workgroups\/group\/([^/]*)(?:\/|$)/;
// An employee's profile (bx24-open-path.md:38): a person, whose conversation is private.
const USER_PAGE = /\/company\/personal\/user\/\d+\/?$/;
// Also a webhook cut short after the user id, its code on the next line; and a REST 3.0 one ([en] api-reference/rest-v3.md:22).
const WEBHOOK_PATH = /\/rest\/(?:api\/)?\d+(?:\/|$)/i;
// `portal.example.com/…`, `компания.рф:8443/…`, `localhost:8080/…` (one label needs a port to be a host).
const HOST_THEN_PATH = /^[\p{L}\p{N}-]+(?:(?:\.[\p{L}\p{N}-]+)+(?::\d+)?|:\d+)\//u;
const PAGE_EXAMPLE = 'https://<portal>/crm/deal/details/5/';

/** Whether text is meant as a link: a scheme, a path, a host and path, or a chat parameter. */
export function looksLikeLink(text: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ||
    text.startsWith('/') ||
    HOST_THEN_PATH.test(text) ||
    DIALOG_PARAM.test(text) ||
    /\/crm\//i.test(text) ||
    /^crm\//i.test(text)
  );
}

/** Whether text holds an incoming webhook address (its code already masked or not). */
export function isWebhookAddress(text: string): boolean {
  return WEBHOOK_PATH.test(text);
}

/** The refusal of a pasted webhook address. */
export function webhookOutcome(): Outcome {
  return fail({ code: 'webhook_address' });
}

function parseUrl(text: string): URL | null {
  const absolute = HOST_THEN_PATH.test(text) ? `https://${text}` : /^crm\//i.test(text) ? `/${text}` : text;
  return URL.canParse(absolute, PLACEHOLDER_BASE) ? new URL(absolute, PLACEHOLDER_BASE) : null;
}

/**
 * The address inside a redirect wrapper: Outlook SafeLinks (`?url=`), Google (`/url?q=`), and the like. Only a
 * web address counts, so an ordinary page with a `url` parameter is left alone unless that is all it carries.
 */
function unwrapRedirect(url: URL): URL {
  for (const name of ['url', 'q', 'u', 'target']) {
    const inner = url.searchParams.get(name);
    if (inner && /^https?:\/\//i.test(inner) && URL.canParse(inner) && !ENTITY_PAGE.test(url.pathname) && !TYPE_PAGE.test(url.pathname)) {
      return new URL(inner);
    }
  }
  return url;
}

/**
 * What a messenger dialog id names ([en] api-reference/chats/index.md:44-46): `chat1437` is a chat, `sg17` a group's chat
 * (its group), a bare number a private conversation with that user.
 */
export function dialog(value: string, portal: string | undefined): Outcome {
  const chatId = /^chat(.*)$/i.exec(value)?.[1];
  if (chatId !== undefined) return chat(chatId, portal);
  const group = /^sg(\d+)$/i.exec(value)?.[1];
  if (group !== undefined) return typed({ scope: 'entity', entityType: 'SONET_GROUP' }, group);
  if (/^\d+$/.test(value)) return fail({ code: 'not_a_chat' });
  return fail({ code: 'not_a_chat_dialog', params: { text: shortened(value) } });
}

/** The entity a page path names, or null when the path is no entity page. */
function entityOfPath(url: URL): Outcome | null {
  const path = decodePercent(url.pathname)
    .toLowerCase()
    .replace(/\/{2,}/g, '/');
  const task = TASK_PAGE.exec(path)?.[1];
  if (task !== undefined) return typed({ scope: 'entity', entityType: 'TASKS_TASK' }, task);
  const group = GROUP_PAGE.exec(path)?.[1];
  if (group !== undefined) return typed({ scope: 'entity', entityType: 'SONET_GROUP' }, group);
  if (USER_PAGE.test(path)) return fail({ code: 'not_a_chat_profile' });
  const typePage = TYPE_PAGE.exec(path);
  if (typePage) {
    const [, typeIdText = '', idText = ''] = typePage;
    const crmType = /^\d{1,9}$/.test(typeIdText) ? crmTypeOfTypeId(Number(typeIdText)) : null;
    if (!crmType) {
      return fail({ code: 'unknown_type_link', params: { text: shortened(typeIdText), first: FIRST_DYNAMIC_TYPE_ID } });
    }
    return typed({ scope: 'crm', crmType }, idText);
  }
  const entityPage = ENTITY_PAGE.exec(path);
  if (entityPage) {
    const [, segment = '', idText = ''] = entityPage;
    const crmType = PAGE_SEGMENTS.get(segment);
    if (crmType) return typed({ scope: 'crm', crmType }, idText);
  }
  // The mobile web view: /mobile/crm/deal/?page=view&deal_id=5
  const mobile = MOBILE_PAGE.exec(path);
  const mobileType = mobile ? PAGE_SEGMENTS.get(mobile[1] ?? '') : undefined;
  if (mobile && mobileType) {
    const id = url.searchParams.get(`${mobile[1] ?? ''}_id`) ?? url.searchParams.get('id');
    if (id !== null) return typed({ scope: 'crm', crmType: mobileType }, id);
  }
  return null;
}

/** Reads a link: a chat, an entity page, or why it is neither. */
export function readLink(text: string): Outcome {
  const desktop = DESKTOP_DIALOG.exec(text);
  if (desktop) {
    // The host keeps the chat's links on its portal; one that is no host is left out rather than trusted.
    const host = `https://${decodePercent(desktop[1] ?? '')}`;
    return dialog(decodePercent(desktop[2] ?? ''), URL.canParse(host) ? new URL(host).origin : undefined);
  }
  if (/^bx:/i.test(text)) return fail({ code: 'unsupported_link_desktop' });

  const parsed = parseUrl(text);
  if (!parsed) return fail({ code: 'unsupported_link_unreadable', params: { text: shortened(text) } });
  const url = unwrapRedirect(parsed);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail({ code: 'unsupported_link_scheme', params: { scheme: url.protocol.slice(0, -1) } });
  }
  if (isWebhookAddress(url.pathname)) return webhookOutcome();
  const portal = url.origin === new URL(PLACEHOLDER_BASE).origin ? undefined : url.origin;

  // `IM_DIALOG=chat5` pasted on its own has no `?` before it, so the text itself is searched too.
  const dialogParam = (DIALOG_PARAM.exec(`${url.search}${url.hash}`) ?? DIALOG_PARAM.exec(text))?.[1];
  const chatOutcome = dialogParam === undefined ? null : dialog(decodePercent(dialogParam), portal);
  // A chat named in the link wins; a private conversation open over an entity's page leaves the entity.
  if (chatOutcome?.kind === 'chat') return chatOutcome;
  const entity = entityOfPath(url);
  if (entity) return entity;
  if (chatOutcome) return chatOutcome;
  return fail({ code: 'unsupported_link', params: { example: PAGE_EXAMPLE } });
}
