/** The page's text in the admin's Kommo language (the panel's rule: en, es or pt, else English). */
import { panelLanguage } from '../../panel/i18n/panelLocale.ts';
import { en, type SettingsText } from './en.ts';
import { es } from './es.ts';
import { pt } from './pt.ts';

const texts = { en, es, pt } satisfies Record<string, SettingsText>;

export type SettingsLocale = ReturnType<typeof createSettingsLocale>;

export function createSettingsLocale(langId: string) {
  const language = panelLanguage(langId);
  const timeFormat = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'medium' });
  const numberFormat = new Intl.NumberFormat(language);
  const listFormat = new Intl.ListFormat(language, { type: 'conjunction' });
  return {
    language,
    text: texts[language],
    time: (at: number) => timeFormat.format(at),
    count: (n: number) => numberFormat.format(n),
    list: (items: string[]) => listFormat.format(items),
  };
}
