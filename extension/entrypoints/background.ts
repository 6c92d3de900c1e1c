import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { answerBackendCall } from '../background/answerBackendCall.ts';
import { isExtensionMessage, type BackendReply } from '../shared/backendMessages.ts';
import { loadSettings } from '../shared/extensionSettings.ts';

export default defineBackground(() => {
  const answer = answerBackendCall({
    loadSettings,
    hasHostPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  });

  // sendResponse + `return true` rather than a returned promise: Chrome honours promises from
  // onMessage listeners only in recent versions, Firefox in all; this works in both.
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: BackendReply) => void) => {
    if (sender.id !== browser.runtime.id || !isExtensionMessage(message)) return undefined;
    if (message.type === 'keb:open-options') {
      void browser.runtime.openOptionsPage();
      return undefined;
    }
    answer(message.request).then(sendResponse, (error: unknown) =>
      sendResponse({ kind: 'unreachable', message: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  });
});
