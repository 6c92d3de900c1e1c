import type { MeResponse } from '../../backend-lite/api/panelContract.ts';
import type { ConnectionProblem } from './connectionState.ts';
import type { ExtensionText } from './i18n/en.ts';

/** The manager's words for a connection problem, in the language of `text`: what is wrong, then what to do. */
export function problemText(problem: ConnectionProblem, text: ExtensionText): { title: string; detail: string } {
  const words = text.problem;
  switch (problem.kind) {
    case 'not_configured':
    case 'token_unknown':
    case 'token_revoked':
      return words[problem.kind];
    case 'no_permission':
      return { title: words.no_permission.title(problem.origin), detail: words.no_permission.detail };
    case 'unreachable':
      return { title: words.unreachable.title, detail: words.unreachable.detail(problem.detail) };
    case 'refused':
      // The backend's own sentence, when it gave one, says more than ours.
      return { title: words.refused.title(problem.status), detail: problem.message ?? words.refused.detail };
    case 'not_bridge':
      return { title: words.not_bridge.title(problem.status), detail: words.not_bridge.detail };
    case 'wrong_account':
      return {
        title: words.wrong_account.title(problem.tokenAccount, problem.tabAccount),
        detail: words.wrong_account.detail(problem.tokenAccount, problem.tabAccount),
      };
  }
}

export function connectedText(me: MeResponse, text: ExtensionText): string {
  return text.connected(me.accountSubdomain, me.userId);
}
