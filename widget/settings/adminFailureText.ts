import { moosendListErrors } from '../../backend-lite/api/adminContract.ts';
import type { AdminFailure } from './adminApi.ts';
import type { SettingsText } from './i18n/en.ts';

/** What the admin does about each refused Moosend list call. */
const moosendSummary = {
  [moosendListErrors.notConnected]: 'notConnected',
  [moosendListErrors.keyRejected]: 'keyRejected',
  [moosendListErrors.unavailable]: 'unavailable',
  [moosendListErrors.listNotFound]: 'listGone',
  [moosendListErrors.refused]: 'refused',
} as const satisfies Record<string, keyof SettingsText['moosend']>;
const isMoosendError = (code: string | null): code is keyof typeof moosendSummary => code !== null && code in moosendSummary;

/** The admin's sentence for a failed call; the backend's own message (English) goes beside it. */
export function adminFailureText(failure: AdminFailure, text: SettingsText): { summary: string; detail: string | null } {
  switch (failure.kind) {
    case 'network':
      return { summary: text.failure.network, detail: null };
    case 'unreadable':
      return { summary: text.failure.unreadable, detail: null };
    case 'http':
      if (failure.status === 401) return { summary: text.failure.sessionExpired, detail: null };
      if (failure.code === 'admin_only') return { summary: text.failure.adminOnly, detail: null };
      if (failure.code === 'account_not_connected') return { summary: text.failure.accountNotConnected, detail: failure.message };
      if (isMoosendError(failure.code)) return { summary: text.moosend[moosendSummary[failure.code]], detail: failure.message };
      return {
        summary: failure.status >= 500 ? text.failure.server(failure.status) : text.failure.refused(failure.status),
        detail: failure.message,
      };
  }
}
