/**
 * Text and date formatting in the manager's Kommo language. Kommo's `APP.lang_id` is one of its UI
 * languages; the panel speaks three of them and falls back to English for the rest.
 */
import { en, type PanelText } from './en.ts';
import { es } from './es.ts';
import { pt } from './pt.ts';

const texts = { en, es, pt } satisfies Record<string, PanelText>;
export type PanelLanguage = keyof typeof texts;

export function panelLanguage(langId: string): PanelLanguage {
  const base = langId.trim().toLowerCase().slice(0, 2);
  return base === 'es' || base === 'pt' ? base : 'en';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const units: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number, number]> = [
  // [unit, its length in ms, the age below which it is the unit to use]
  ['second', 1000, MINUTE],
  ['minute', MINUTE, HOUR],
  ['hour', HOUR, DAY],
  ['day', DAY, 30 * DAY],
  ['month', 30 * DAY, 365 * DAY],
  ['year', 365 * DAY, Infinity],
];

export type PanelLocale = ReturnType<typeof createPanelLocale>;

export function createPanelLocale(langId: string) {
  const language = panelLanguage(langId);
  const relativeFormat = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  const absoluteFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const listFormat = new Intl.ListFormat(language, { type: 'conjunction' });

  /** "12 min ago"; a time slightly ahead (server and browser clocks differ) reads as "now". */
  function ago(at: number, now: number): string {
    const age = Math.max(0, now - at);
    if (age < 45_000) return relativeFormat.format(0, 'second');
    const [unit, length] = units.find(([, , below]) => age < below) ?? ['year', 365 * DAY];
    return relativeFormat.format(-Math.floor(age / length), unit);
  }

  return {
    language,
    text: texts[language],
    ago,
    absolute: (at: number) => absoluteFormat.format(at),
    list: (items: string[]) => listFormat.format(items),
  };
}
