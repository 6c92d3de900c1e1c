/**
 * The content script asks the service worker to call the backend: the page's CSP and CORS then do
 * not apply, and the token never enters the page's process. These are the message shapes.
 */
import type { PanelRequest } from '../../widget/panel/mountPanel.tsx';

export type BackendCallMessage = { type: 'keb:backend-call'; request: PanelRequest };
export type OpenOptionsMessage = { type: 'keb:open-options' };
export type ExtensionMessage = BackendCallMessage | OpenOptionsMessage;

export type BackendReply =
  /** The backend answered, whatever the status; `body` is its JSON or null. */
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'unreachable'; message: string }
  | { kind: 'not_configured' }
  /** The manager has not (yet) allowed the extension to contact this origin. */
  | { kind: 'no_permission'; origin: string };

export function isExtensionMessage(value: unknown): value is ExtensionMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'keb:backend-call' || type === 'keb:open-options';
}
