/**
 * The extension's own words in the card and on the options page (the panel brings its own): what is
 * wrong with the connection, then what to do. The type of this object is what es and pt must fill.
 */
export const en = {
  connected: (account: string, userId: number) => `Connected to the Kommo account “${account}” as user ${userId}.`,
  problem: {
    not_configured: {
      title: 'ESP Bridge is not set up yet.',
      detail: 'Open the extension’s options and enter the backend URL and your personal token.',
    },
    no_permission: {
      title: (origin: string) => `The extension may not contact ${origin}.`,
      detail: 'Open the extension’s options, click Save and allow access to the backend.',
    },
    unreachable: {
      title: 'The ESP Bridge backend is unreachable.',
      detail: (reason: string) => `${reason} Check the URL, your network or VPN, and that the backend is running.`,
    },
    token_unknown: {
      title: 'The backend does not know this personal token.',
      detail: 'Copy the token again from your Kommo admin, or ask for a new one, and save it in the options.',
    },
    token_revoked: {
      title: 'Your personal token was revoked.',
      detail: 'Ask your Kommo admin for a new personal token and paste it in the extension’s options.',
    },
    refused: {
      title: (status: number) => `The backend refused the token (HTTP ${status}).`,
      /** Shown when the backend gave no sentence of its own. */
      detail: 'Ask your Kommo admin to check the bridge.',
    },
    not_bridge: {
      title: (status: number) => `That address answered HTTP ${status}, but not as an ESP Bridge backend.`,
      detail: 'Check the backend URL: it is the address of backend-lite, without /api.',
    },
    wrong_account: {
      title: (tokenAccount: string, tabAccount: string) =>
        `Wrong account: this token belongs to “${tokenAccount}”, but this page is the Kommo account “${tabAccount}”.`,
      detail: (tokenAccount: string, tabAccount: string) =>
        `Ask an admin of “${tabAccount}” for a personal token, or open “${tokenAccount}” in Kommo.`,
    },
  },
  openOptions: 'Open ESP Bridge options',
  contactHint: {
    title: 'Open a deal to see its contacts’ ESP data.',
    detail: 'The ESP Bridge panel shows a deal’s contacts; this contact’s deals are listed on the left.',
  },
};

export type ExtensionText = typeof en;
