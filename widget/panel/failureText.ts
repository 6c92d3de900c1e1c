import type { PanelText } from './i18n/en.ts';
import type { PanelFailure } from './panelApi.ts';

/** The manager's sentence for a failed call; the backend's own message (English) goes beside it. */
export function failureText(failure: PanelFailure, text: PanelText): { summary: string; detail: string | null } {
  switch (failure.kind) {
    case 'network':
      return { summary: text.failure.network, detail: null };
    case 'unreadable':
      return { summary: text.failure.unreadable, detail: null };
    case 'http':
      if (failure.status === 401) return { summary: text.failure.sessionExpired, detail: null };
      return {
        summary: failure.status >= 500 ? text.failure.server(failure.status) : text.failure.refused(failure.status),
        detail: failure.message,
      };
  }
}
