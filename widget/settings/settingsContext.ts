import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DryRunModel } from './dryRunModel.ts';
import type { SettingsLocale } from './i18n/settingsLocale.ts';
import type { MoosendListsModel } from './moosendListsModel.ts';
import type { SettingsModel } from './settingsModel.ts';
import type { SyncLogModel } from './syncLogModel.ts';

export type SettingsContextValue = {
  settings: SettingsModel;
  moosendLists: MoosendListsModel;
  dryRun: DryRunModel;
  syncLog: SyncLogModel;
  locale: SettingsLocale;
};

export const SettingsContext = createContext<SettingsContextValue | null>(null);

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (value === null) throw new Error('Settings components render only inside mountSettings');
  return value;
}
