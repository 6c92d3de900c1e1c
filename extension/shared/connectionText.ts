import type { MeResponse } from '../../backend-lite/api/panelContract.ts';
import type { ConnectionProblem } from './connectionState.ts';

/** The manager's words for a connection problem: what is wrong, then what to do. English only, like the options page. */
export function problemText(problem: ConnectionProblem): { title: string; detail: string } {
  switch (problem.kind) {
    case 'not_configured':
      return { title: 'ESP Bridge is not set up yet.', detail: 'Open the extension’s options and enter the backend URL and your personal token.' };
    case 'no_permission':
      return { title: `The extension may not contact ${problem.origin}.`, detail: 'Open the extension’s options, click Save and allow access to the backend.' };
    case 'unreachable':
      return { title: 'The ESP Bridge backend is unreachable.', detail: `${problem.detail} Check the URL, your network or VPN, and that the backend is running.` };
    case 'token_unknown':
      return { title: 'The backend does not know this personal token.', detail: 'Copy the token again from your Kommo admin, or ask for a new one, and save it in the options.' };
    case 'token_revoked':
      return { title: 'Your personal token was revoked.', detail: 'Ask your Kommo admin for a new personal token and paste it in the extension’s options.' };
    case 'refused':
      return { title: `The backend refused the token (HTTP ${problem.status}).`, detail: problem.message ?? 'Ask your Kommo admin to check the bridge.' };
    case 'not_bridge':
      return { title: `That address answered HTTP ${problem.status}, but not as an ESP Bridge backend.`, detail: 'Check the backend URL: it is the address of backend-lite, without /api.' };
    case 'wrong_account':
      return {
        title: `Wrong account: this token belongs to “${problem.tokenAccount}”, but this page is the Kommo account “${problem.tabAccount}”.`,
        detail: `Ask an admin of “${problem.tabAccount}” for a personal token, or open “${problem.tokenAccount}” in Kommo.`,
      };
  }
}

export function connectedText(me: MeResponse): string {
  return `Connected to the Kommo account “${me.accountSubdomain}” as user ${me.userId}.`;
}
