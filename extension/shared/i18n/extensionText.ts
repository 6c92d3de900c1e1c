import { panelLanguage, type PanelLanguage } from '../../../widget/panel/i18n/panelLocale.ts';
import { en, type ExtensionText } from './en.ts';
import { es } from './es.ts';
import { pt } from './pt.ts';

const texts: Record<PanelLanguage, ExtensionText> = { en, es, pt };

/** The extension speaks the panel's languages, so the words around the panel match the panel's. */
export function extensionText(langId: string): ExtensionText {
  return texts[panelLanguage(langId)];
}
