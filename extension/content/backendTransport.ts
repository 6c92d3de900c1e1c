import { browser } from 'wxt/browser';
import type { PanelRequest, PanelTransport } from '../../widget/panel/mountPanel.tsx';
import type { BackendReply, ExtensionMessage } from '../shared/backendMessages.ts';
import { tokenProblemOf, type ConnectionProblem } from '../shared/connectionState.ts';

export class BackendUnreachable extends Error {
  override name = 'BackendUnreachable';
}

export function askBackground(request: PanelRequest): Promise<BackendReply> {
  const message: ExtensionMessage = { type: 'keb:backend-call', request };
  return browser.runtime.sendMessage(message) as Promise<BackendReply>;
}

/**
 * The panel's transport through the service worker. A problem with the connection itself (token
 * revoked while the card is open, access withdrawn) goes to `onProblem`, which replaces the panel
 * with words; the panel alone would only say "session expired".
 */
export function backendTransport(onProblem: (problem: ConnectionProblem) => void): PanelTransport {
  return async function backendTransport(request) {
    const reply = await askBackground(request);
    switch (reply.kind) {
      case 'answer': {
        const tokenProblem = tokenProblemOf(reply);
        if (tokenProblem) onProblem(tokenProblem);
        return { status: reply.status, body: reply.body };
      }
      case 'unreachable':
        throw new BackendUnreachable(reply.message);
      case 'not_configured':
        onProblem({ kind: 'not_configured' });
        throw new BackendUnreachable('ESP Bridge is not set up.');
      case 'no_permission':
        onProblem({ kind: 'no_permission', origin: reply.origin });
        throw new BackendUnreachable(`No access to ${reply.origin}.`);
    }
  };
}
