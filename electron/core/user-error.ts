/**
 * A refusal the person can act on, as data: a message from the closed union (electron/common/messages), whose code
 * the window branches on and whose sentence only the catalogs hold. Services throw it; the IPC layer answers it as
 * `{ ok: false, error: message }`. Anything else thrown is a bug and reaches the window only as `internal`.
 */
import type { AppMessage, MessageCode } from '../common/messages/index.ts';

export class UserError extends Error {
  readonly code: MessageCode;
  /** What to tell the person (the same code, with the specifics its sentence needs). */
  readonly refusal: AppMessage;

  constructor(refusal: AppMessage) {
    // The code as the Error's text: logs and stack traces name what was refused, in no language.
    super(refusal.code);
    this.name = 'UserError';
    this.code = refusal.code;
    this.refusal = refusal;
  }
}
