/**
 * What a person reads for a failure the core reports as data: the English sentence of its message, as the window and
 * the command line would say it. Tests assert the code and parameters, and this where the wording matters.
 */
import type { Message } from '../../electron/common/i18n/format.ts';
import { BitrixError } from '../../electron/core/bitrix/errors.ts';
import { say } from '../../electron/common/i18n/catalogs.ts';

/** The English sentence of a message, or of a thrown BitrixError's message. */
export function sentence(problem: Message | unknown): string {
  if (problem instanceof BitrixError) return say(problem.failure.message, 'en');
  if (problem && typeof problem === 'object' && 'code' in problem && typeof problem.code === 'string') return say(problem as Message, 'en');
  throw new Error(`Not a message: ${String(problem)}`);
}
