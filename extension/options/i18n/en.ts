import { en as extensionEn } from '../../shared/i18n/en.ts';

/** The options page's English text, with the connection words it shares with the card; es and pt must fill this type. */
export const en = {
  ...extensionEn,
  options: {
    pageTitle: 'Kommo ESP Bridge — options',
    intro:
      'Shows what Omnisend, Moosend and Customer.io know about a deal’s contacts, inside the Kommo deal card. Your ' +
      'company’s ESP Bridge backend serves the data; your Kommo admin gives you its address and a personal token.',
    backendUrl: 'Backend URL',
    token: 'Personal token',
    save: 'Save',
    test: 'Test connection',
    invalidUrl: 'Enter the backend URL, e.g. https://bridge.example.com (plain http only for localhost).',
    missingToken: 'Paste your personal token (it starts with keb_); your Kommo admin issues it.',
    checking: 'Checking the connection…',
    accessRefused: (origin: string) => `Access to ${origin} was not allowed.`,
    accessRefusedDetail: 'Without it the extension cannot reach the backend. Click again and choose Allow.',
    saved: (outcome: string) => `Saved. ${outcome}`,
  },
};

export type OptionsText = typeof en;
