/**
 * What the window offers next to a problem. A lookup's problem is a message (`{ code, params }`, said with `say`); the
 * IPC's errors still carry their sentence (`message`). Several messages report one kind of failure (a webhook's or a
 * sign-in's refusal): the way out follows the kind.
 */
import type { Message } from '../../../electron/common/i18n/format.ts';
import { portalFailureKind } from '../../../electron/common/messages/portal.ts';
import { referenceFailureKind } from '../../../electron/common/messages/references.ts';
import { say } from './i18n.svelte.ts';

/** The settings screen (reconnect, add a scope, pick a default type), or trying again. */
export type ProblemAction = 'settings' | 'retry' | null;

export interface Problem {
  code: string;
  message: string;
}

/** A problem as the window shows it: a message to say, or an IPC error's sentence. */
export type ShownProblem = Message | Problem;

/** A problem's sentence in the person's language. */
export function problemText(problem: ShownProblem): string {
  return 'message' in problem && typeof problem.message === 'string' ? problem.message : say(problem);
}

/** What the window offers beside a problem with this code. */
export function problemAction(code: string): ProblemAction {
  switch (portalFailureKind(code) ?? referenceFailureKind(code) ?? code) {
    case 'auth_invalid':
    case 'scope_missing':
    case 'portal_blocked':
    case 'no_profile':
    case 'portal_gone':
    case 'chat_portal_unknown':
    case 'entity_portal_unknown':
    case 'credentials_locked':
    case 'needs_type':
      return 'settings';
    case 'network':
    case 'timeout':
    case 'server_error':
    case 'rate_limited':
    case 'operation_limited':
    case 'bad_response':
      return 'retry';
    default:
      return null;
  }
}
