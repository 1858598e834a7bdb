/**
 * Which links the app hands to the OS (`shell.openExternal`). Only links the core builds itself: a chat's page on
 * a connected portal, at its current address (`https:`), the same chat in the Bitrix24 desktop app (`bx:`), a
 * CRM entity's page on such a portal, a portal's authorize page for a sign-in (bitrix/oauth.ts's authorizeUrl: only
 * its two keys, a client id and a state of the app's making), and the project's releases page (about.ts),
 * exactly as written there: not a page under it, not with a query or fragment, not over `http:`. The window names a
 * portal and a chat id or entity key (or asks for the releases page, or a sign-in), never a URL, so a page that went
 * wrong cannot make the app open anything else: not a `file:` or `smb:` link, not a program's custom scheme, not a
 * look-alike site.
 */
import { RELEASES_PAGE } from '../about.ts';
import { type ChatSection, chatLinks } from '../lookup/chat-links.ts';
import { ENTITY_PAGE_PATH, entityPageUrl } from '../../common/references/entity-pages.ts';
import { isLoopbackHost } from '../bitrix/credentials.ts';
import { authorizeUrl, CLIENT_ID, SIGN_IN_STATE } from '../bitrix/oauth.ts';
import { UserError } from '../user-error.ts';

/** Where a chat opens: the portal's page in the browser, or the Bitrix24 desktop app. */
export type OpenChatIn = 'browser' | 'desktop';

export interface LinkPolicy {
  /** The connected portal's address (origin) for a portal, given by its address or a former one; undefined for any other. */
  connectedPortal: (origin: string) => string | undefined;
  /** Development builds and tests: the fake portal on 127.0.0.1 is plain http. */
  allowLocalPortals: boolean;
}

const WEB_CHAT = /^\/online\/$/;
const WEB_CHAT_QUERY = /^\?IM_(?:DIALOG|LINES)=chat[1-9]\d*$/;
const DESKTOP_CHAT = /^bx:\/\/v2\/[a-z0-9.-]+(?::\d{1,5})?\/(?:chat|lines)\/dialogId\/chat[1-9]\d*$/;

/**
 * Whether a link has exactly the shape of a chat link (chat-links.ts) or an entity page (entity-pages.ts) the core
 * builds, or is the releases page byte for byte. The shell's openExternal checks this once more right before handing
 * a link to the OS, so no code path reaches it with anything else.
 */
export function isOpenableLink(url: string, { allowLocalPortals }: Pick<LinkPolicy, 'allowLocalPortals'>): boolean {
  if (url === RELEASES_PAGE || DESKTOP_CHAT.test(url)) return true;
  const parsed = URL.parse(url);
  // Exactly as the URL parser writes it: no backslashes, spaces, tabs or case games passed on to the OS as they are.
  if (!parsed || parsed.href !== url || url.includes('#') || parsed.username !== '' || parsed.password !== '') return false;
  const localHttp = allowLocalPortals && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
  if (parsed.protocol !== 'https:' && !localHttp) return false;
  if (ENTITY_PAGE_PATH.test(parsed.pathname)) return parsed.search === '';
  if (parsed.pathname === AUTHORIZE_PATH) return isAuthorizeLink(parsed, url);
  return WEB_CHAT.test(parsed.pathname) && WEB_CHAT_QUERY.test(parsed.search);
}

const AUTHORIZE_PATH = '/oauth/authorize/';
const AUTHORIZE_KEYS = 'client_id,state';

/** A portal's authorize page exactly as authorizeUrl writes it for a sign-in of this app, and nothing looser. */
function isAuthorizeLink(parsed: URL, url: string): boolean {
  const entries = [...parsed.searchParams];
  if (entries.map(([key]) => key).join(',') !== AUTHORIZE_KEYS) return false;
  const [clientId = '', state = ''] = entries.map(([, value]) => value);
  if (!CLIENT_ID.test(clientId) || !SIGN_IN_STATE.test(state)) return false;
  return authorizeUrl(parsed.origin, { clientId, state }) === url;
}

/** The link that opens a chat in the browser or the Bitrix24 app; refused for a portal the app does not know. */
export function chatLinkToOpen(request: { portal: string; chatId: number; opener: OpenChatIn; section?: ChatSection | undefined }, policy: LinkPolicy): string {
  const origin = connectedOrigin(request.portal, policy, 'chat');
  const links = chatLinks(origin, request.chatId, request.section);
  const link = request.opener === 'desktop' ? links.desktopUrl : links.webUrl;
  if (!isOpenableLink(link, policy)) throw new UserError({ code: 'portal_not_openable' });
  return link;
}

/** The connected portal's current address for one the window named (a chat looked up before a move opens there now). */
function connectedOrigin(portal: string, policy: LinkPolicy, what: 'chat' | 'entity'): string {
  const given = URL.parse(portal)?.origin;
  const origin = given === undefined ? undefined : policy.connectedPortal(given);
  if (origin !== undefined) return origin;
  throw new UserError({ code: what === 'chat' ? 'chat_portal_unknown' : 'entity_portal_unknown' });
}

/** The page of a CRM entity (its `im.chat.get` key) on a connected portal; refused for other portals and entities without a page. */
export function entityLinkToOpen(request: { portal: string; entityType: string; entityId: string }, policy: LinkPolicy): string {
  const origin = connectedOrigin(request.portal, policy, 'entity');
  const link = entityPageUrl(origin, request.entityType, request.entityId);
  if (link === null) throw new UserError({ code: 'no_page' });
  if (!isOpenableLink(link, policy)) throw new UserError({ code: 'portal_not_openable' });
  return link;
}
