/**
 * The person's browser during a sign-in, for the tests and the browser preview: it opens the portal's authorize page
 * (the fake portal's, with the person already signed in to Bitrix24) and follows its redirect to the application's
 * handler address on 127.0.0.1, as a browser would. A test can make it slow (a code that expires on the way) or
 * tamper with the callback.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface BrowserVisit {
  /** What the authorize page answered. */
  authorizeStatus: number;
  /** Where it sent the browser (the app's handler with the code), or null when it sent it nowhere. */
  callback: string | null;
  /** The listener's answer: its status and page; null when the browser did not get there. */
  status: number | null;
  page: string | null;
}

export interface BrowserOptions {
  /** Changes the callback address before the browser goes there (a tampered state, a missing code…). */
  tamper?: (callback: URL) => URL;
  /** Waits this long between the portal's answer and the callback (the person is slow, the code gets old). */
  delayMs?: number;
  /** How it reaches the portal (a host-mapping fetch for a portal under a public name; Node's fetch otherwise). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** Whether a link is a portal's authorize page (what the sign-in opens). */
export function isAuthorizeLink(link: string): boolean {
  return URL.parse(link)?.pathname === '/oauth/authorize/';
}

/** Where the authorize page sends the browser (with the code), without going there: what a person would paste. */
export async function callbackOf(link: string, through: BrowserOptions['fetch'] = fetch): Promise<string | null> {
  const authorize = await through(link, { redirect: 'manual' });
  await authorize.arrayBuffer();
  const location = authorize.headers.get('location');
  return location === null ? null : (URL.parse(location, link)?.href ?? null);
}

/** Opens the authorize page and follows its redirect to 127.0.0.1, and only there. */
export async function visitSignIn(link: string, options: BrowserOptions = {}): Promise<BrowserVisit> {
  const authorize = await (options.fetch ?? fetch)(link, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  await authorize.arrayBuffer();
  const target = location === null ? null : URL.parse(location, link);
  if (authorize.status < 300 || authorize.status >= 400 || !target || target.hostname !== '127.0.0.1') {
    return { authorizeStatus: authorize.status, callback: target?.href ?? null, status: null, page: null };
  }
  const callback = options.tamper ? options.tamper(new URL(target.href)) : target;
  if (options.delayMs) await sleep(options.delayMs);
  try {
    const answer = await fetch(callback.href, { redirect: 'manual' });
    return { authorizeStatus: authorize.status, callback: callback.href, status: answer.status, page: await answer.text() };
  } catch {
    // The listener had already closed (a sign-in cancelled or timed out meanwhile).
    return { authorizeStatus: authorize.status, callback: callback.href, status: null, page: null };
  }
}
