/**
 * A refusal the person can act on: a stable code for the window to branch on and one sentence to show. Services
 * throw it; the IPC layer turns it into `{ ok: false, error: { code, message } }`. Anything else thrown is a bug
 * and reaches the window only as a generic message.
 */
export class UserError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}
