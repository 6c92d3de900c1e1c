import { panelLanguage, type PanelLanguage } from '../../../widget/panel/i18n/panelLocale.ts';
import { en, type OptionsText } from './en.ts';
import { es } from './es.ts';
import { pt } from './pt.ts';

const texts: Record<PanelLanguage, OptionsText> = { en, es, pt };

/** The options page in the browser's language (`navigator.language`), English for languages the panel does not speak. */
export function optionsText(langId: string): { language: PanelLanguage; text: OptionsText } {
  const language = panelLanguage(langId);
  return { language, text: texts[language] };
}
