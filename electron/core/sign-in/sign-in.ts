/**
 * Connecting a portal through its local application (OAuth 2.0), and signing in to it again: the one owner of "the
 * sign-in in progress". It checks the portal and the application, opens the system browser at the portal's authorize
 * page with a random state, waits for the code at the handler address the person registered in the application
 * (a one-shot listener on 127.0.0.1, oauth-callback.ts) or for the person to paste the address the browser ended on,
 * exchanges the code at the authorization server the portal named (bitrix/oauth.ts), and hands the tokens to the
 * profile store, which checks them against the portal and seals them. One sign-in at a time: a new one gives up the one
 * waiting. The flow is the full protocol of [en] settings/oauth/index.md; README.md ("Connecting with a local
 * application") has the person's side of it, step by step.
 */
import { type OAuthApplication, type OAuthCredentials, parsePortalAddress } from '../bitrix/credentials.ts';
import { BitrixError } from '../bitrix/errors.ts';
import {
  CLIENT_ID,
  OAUTH_HANDLER_PORT,
  OAUTH_SERVERS,
  authorizeUrl,
  exchangeAuthorizationCode,
  type TokenServerContext,
  tokenServerFor,
} from '../bitrix/oauth.ts';
import type { Clock } from '../clock.ts';
import type { Language } from '../../common/i18n/catalogs.ts';
import { refuseLocalPortal } from '../state/profiles/connection-checks.ts';
import type { ProfileStore } from '../state/profiles/profile-store.ts';
import type { ProfileView } from '../state/profiles/profile-views.ts';
import { UserError } from '../user-error.ts';
import type { OpenExternal } from '../links/chat-opener.ts';
import {
  type CallbackListener,
  type CallbackListenerOptions,
  listenForSignIn,
  readPastedSignIn,
  refusalOfReading,
  SIGN_IN_TIMEOUT_MS,
  type SignInCode,
} from './oauth-callback.ts';

/** What the sign-in needs from the rest of the app. */
export interface SignInOptions {
  profiles: ProfileStore;
  /** The same port the chat opener hands links to the OS through (the shell checks each with isOpenableLink). */
  openExternal: OpenExternal;
  /** The OAuth server's transport: the app's fetch, user agent, timeout and clock (its `redact` is added per sign-in). */
  tokenServer: Omit<TokenServerContext, 'redact' | 'signal'>;
  /** Random bytes (node:crypto's randomBytes in the app). */
  random: (size: number) => Uint8Array;
  clock: Clock;
  /** Development builds and tests: a portal on this computer (the fake one) may be signed in to. */
  allowLocalPortals: boolean;
  /** The language of the page the browser is shown after the portal answers. */
  language: () => Language;
  /** How long to wait for the browser (five minutes unless a test says otherwise). */
  timeoutMs?: number;
  /** The handler address's port (OAUTH_HANDLER_PORT unless a test says otherwise). */
  handlerPort?: number;
  /** Starts the callback listener (oauth-callback.ts's unless a test hands in another). */
  listen?: (options: CallbackListenerOptions) => Promise<CallbackListener>;
  /** One line per step; never a code, a state, a token or the client secret. */
  log: (line: string) => void;
}

/** What the window sends to sign in. */
export interface SignInRequest {
  portal: string;
  clientId: string;
  clientSecret: string;
  name?: string | undefined;
}

/** A client secret as Bitrix24 shows one: printable, no spaces (it goes into a query string). */
const CLIENT_SECRET = /^[\x21-\x7E]{8,500}$/;
const STATE_BYTES = 32;

const cancelled = (): UserError => new UserError({ code: 'sign_in_cancelled' });

/** One sign-in from start to profile; settles its code once, from the listener or a paste, or fails. */
class Attempt {
  readonly controller = new AbortController();
  /** Ends the wait for the browser (its timer) once the code has come, or the attempt is over. */
  readonly waitOver = new AbortController();
  readonly code: Promise<SignInCode>;
  readonly state: string;
  listener: CallbackListener | null = null;
  #settle: { resolve: (code: SignInCode) => void; reject: (error: Error) => void } | null = null;

  constructor(state: string) {
    this.state = state;
    this.code = new Promise<SignInCode>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    this.code.catch(() => undefined);
  }

  /** Waiting for the browser or a paste (not yet exchanging). */
  get waiting(): boolean {
    return this.#settle !== null;
  }

  deliver(code: SignInCode): void {
    const settle = this.#settle;
    this.#settle = null;
    settle?.resolve(code);
  }

  fail(error: Error): void {
    const settle = this.#settle;
    this.#settle = null;
    settle?.reject(error);
  }

  /** Gives up wherever it is: waiting (the code fails), exchanging or checking (their requests are aborted). */
  cancel(): void {
    this.fail(cancelled());
    this.controller.abort();
  }
}

const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** The wait in whole minutes where it is some (five in the app), else in seconds (a test's short wait). */
function timeoutRefusal(ms: number): UserError {
  return ms >= 60_000 && ms % 60_000 === 0
    ? new UserError({ code: 'sign_in_timeout', params: { count: ms / 60_000 } })
    : new UserError({ code: 'sign_in_timeout_seconds', params: { seconds: Number((ms / 1000).toFixed(1)) } });
}

export class OAuthSignIn {
  readonly #options: SignInOptions;
  // The port, as the chat opener keeps it: every link it is given goes through the shell's isOpenableLink.
  readonly #openExternal: OpenExternal;
  #current: Attempt | null = null;

  constructor(options: SignInOptions) {
    this.#options = options;
    this.#openExternal = options.openExternal;
  }

  /** Connects a portal through its local application; answers its profile (no secret in it). */
  async signIn(request: SignInRequest): Promise<ProfileView> {
    const portal = this.#portal(request.portal);
    const application = this.#application(request.clientId, request.clientSecret);
    return this.#run(portal, application, request.name);
  }

  /** Signs in again with the local application a profile has; its new tokens replace the old (same portal and user). */
  async reconnect(id: string): Promise<ProfileView> {
    const { portal, application } = this.#options.profiles.oauthApplicationOf(id);
    return this.#run(this.#portal(portal), application, undefined);
  }

  /**
   * Hands the waiting sign-in what the person pasted: the address the browser ended on (its state must match, or the
   * paste is refused with `sign_in_state` and the sign-in goes on waiting), or the code alone. An address saying the
   * person did not allow access ends the sign-in (`sign_in_denied`). `no_sign_in` when none is waiting.
   */
  paste(text: string): void {
    const attempt = this.#current;
    if (!attempt?.waiting) throw new UserError({ code: 'no_sign_in' });
    const reading = readPastedSignIn(text, attempt.state);
    switch (reading.kind) {
      case 'code':
        this.#options.log('Sign-in: the code was pasted.');
        attempt.deliver({ code: reading.code, serverDomain: reading.serverDomain });
        return;
      case 'unreadable':
        throw new UserError({ code: 'sign_in_paste' });
      case 'wrong_state':
        throw refusalOfReading(reading);
      default:
        attempt.fail(refusalOfReading(reading));
    }
  }

  /** Gives up the sign-in in progress, if any (it answers `sign_in_cancelled`). */
  cancel(): void {
    const attempt = this.#current;
    if (!attempt) return;
    this.#options.log('Sign-in: cancelled.');
    attempt.cancel();
  }

  #portal(address: string): string {
    const parsed = parsePortalAddress(address);
    if (!parsed.ok) throw new UserError({ code: 'invalid_portal' });
    // As for a webhook: an installed app sends nothing to services on this computer on a page's say-so.
    refuseLocalPortal(parsed.value, { allowLocalPortals: this.#options.allowLocalPortals });
    return parsed.value;
  }

  #application(clientId: string, clientSecret: string): OAuthApplication {
    if (!CLIENT_ID.test(clientId)) throw new UserError({ code: 'invalid_client_id' });
    if (!CLIENT_SECRET.test(clientSecret)) throw new UserError({ code: 'invalid_client_secret' });
    return { clientId, clientSecret };
  }

  async #run(portal: string, application: OAuthApplication, name: string | undefined): Promise<ProfileView> {
    const { log } = this.#options;
    const host = new URL(portal).host;
    if (this.#current) {
      log('Sign-in: a new sign-in replaces the one waiting.');
      this.#current.cancel();
    }
    const attempt = new Attempt(base64url(this.#options.random(STATE_BYTES)));
    this.#current = attempt;
    const timeoutMs = this.#options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
    this.#options.clock.sleep(timeoutMs, attempt.waitOver.signal).then(
      () => attempt.fail(timeoutRefusal(timeoutMs)),
      () => undefined,
    );
    try {
      const listen = this.#options.listen ?? listenForSignIn;
      const port = this.#options.handlerPort ?? OAUTH_HANDLER_PORT;
      try {
        const listener = await listen({ state: attempt.state, port, language: this.#options.language });
        attempt.listener = listener;
        listener.result.then(
          (code) => attempt.deliver(code),
          (error: Error) => attempt.fail(error),
        );
        log(`Sign-in to ${host}: waiting for the browser on ${listener.host}:${listener.port}.`);
      } catch (error) {
        // Another program holds the port: the browser's answer cannot reach the app, but its address can be pasted.
        const code = (error as { code?: unknown }).code;
        log(`Sign-in to ${host}: could not listen on 127.0.0.1:${port} (${typeof code === 'string' ? code : 'error'}); waiting for the address to be pasted.`);
      }
      // Cancelled (or replaced) while the listener was starting.
      if (attempt.controller.signal.aborted) throw cancelled();
      const link = authorizeUrl(portal, { clientId: application.clientId, state: attempt.state });
      try {
        await this.#openExternal(link);
      } catch {
        throw new UserError({ code: 'sign_in_page_open_failed', params: { host } });
      }

      const { code, serverDomain } = await attempt.code;
      attempt.waitOver.abort();
      void attempt.listener?.close();
      const server = tokenServerFor(portal, serverDomain, this.#options);
      if (!server) {
        throw new UserError(
          serverDomain === undefined
            ? { code: 'sign_in_server_unknown', params: { host } }
            : { code: 'sign_in_server', params: { host, server: serverDomain, servers: OAUTH_SERVERS } },
        );
      }
      log(`Sign-in to ${host}: exchanging the code at ${server.host}.`);
      const signal = attempt.controller.signal;
      const tokens = await exchangeAuthorizationCode({ ...this.#options.tokenServer, redact: (text) => text, signal }, application, {
        portal,
        code,
        serverDomain,
        allowLocalPortals: this.#options.allowLocalPortals,
      });
      const credentials: OAuthCredentials = { kind: 'oauth', tokens, application };
      const profile = await this.#options.profiles.addOAuth({ credentials, name }, { signal });
      log(`Sign-in to ${host}: signed in.`);
      return profile;
    } catch (error) {
      if (error instanceof BitrixError && error.code === 'cancelled' && attempt.controller.signal.aborted) throw cancelled();
      if (error instanceof BitrixError && error.failure.portalError === 'invalid_client') throw new UserError({ code: 'invalid_application' });
      if (error instanceof UserError || error instanceof BitrixError) log(`Sign-in to ${host} ended: ${error.code}.`);
      throw error;
    } finally {
      attempt.waitOver.abort();
      await attempt.listener?.close();
      if (this.#current === attempt) this.#current = null;
    }
  }
}
