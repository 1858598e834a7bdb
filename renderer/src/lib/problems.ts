/**
 * What the window offers next to a problem. The problem's sentence itself comes from the main process, in the person's
 * language (electron/core/ipc/localize.ts), with the specifics: which setting, which host, until when to wait.
 */

/** The settings screen (reconnect, add a scope, pick a default type), or trying again. */
export type ProblemAction = 'settings' | 'retry' | null;

export interface Problem {
  code: string;
  message: string;
}

/** What the window offers beside a problem with this code. */
export function problemAction(code: string): ProblemAction {
  switch (code) {
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
