import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelLocale } from './i18n/panelLocale.ts';
import type { PanelModel } from './panelModel.ts';

export type PanelContextValue = { model: PanelModel; locale: PanelLocale };

export const PanelContext = createContext<PanelContextValue | null>(null);

export function usePanel(): PanelContextValue {
  const value = useContext(PanelContext);
  if (value === null) throw new Error('Panel components render only inside mountPanel');
  return value;
}
