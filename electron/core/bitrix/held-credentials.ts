/**
 * The credentials a client uses now, which a portal's move or a token renewal replaces while calls go on, and the
 * redactor of every secret they have held: a token replaced by a renewal is still kept out of logs and messages.
 */
import { type Credentials, portalOrigin, secretsOf } from './credentials.ts';
import { type Redact, redactorFor } from './errors.ts';

/** One client's credentials in use and the secrets it has seen. */
export class HeldCredentials {
  #current: Credentials;
  /** Every secret these credentials have held, including tokens since replaced. */
  readonly #secrets = new Set<string>();
  #redact: Redact = (text) => text;

  constructor(credentials: Credentials) {
    this.#current = credentials;
    this.#remember(credentials);
  }

  /** The credentials in use now. */
  get current(): Credentials {
    return this.#current;
  }

  /** Uses these credentials from now on; their secrets are redacted along with the ones before them. */
  replace(credentials: Credentials): void {
    this.#remember(credentials);
    this.#current = credentials;
  }

  /** Host of the portal, as messages name it. */
  get portalHost(): string {
    return new URL(portalOrigin(this.#current)).host;
  }

  /** Redacts every secret held so far from a text. */
  readonly redact: Redact = (text) => this.#redact(text);

  #remember(credentials: Credentials): void {
    for (const secret of secretsOf(credentials)) this.#secrets.add(secret);
    this.#redact = redactorFor([...this.#secrets]);
  }
}
