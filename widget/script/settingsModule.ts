import amdRequire from 'require';
import type { mountSettings } from '../settings/mountSettings.tsx';
import type { WidgetParams } from './kommoHost.ts';

export type SettingsModule = { mountSettings: typeof mountSettings };

export class SettingsModuleUnavailable extends Error {
  override name = 'SettingsModuleUnavailable';
}

/**
 * settings.js, asked of Kommo's RequireJS only when the admin opens the widget's page, so the
 * deal card never downloads it. RequireJS takes an id that ends in `.js`, starts with `/`, holds
 * `?` or a protocol as a URL and loads it as is, not under its baseUrl; settings.js calls an
 * anonymous `define`, which RequireJS names after that URL. The version query fetches the new file
 * after an upload instead of a cached one that may not fit this script.js.
 */
export function loadSettingsModule({ path, version }: WidgetParams): Promise<SettingsModule> {
  const url = `${path.replace(/\/+$/, '')}/settings.js${version ? `?v=${encodeURIComponent(version)}` : ''}`;
  return new Promise((resolve, reject) => {
    amdRequire(
      [url],
      (module) => {
        const loaded = module as Partial<SettingsModule> | undefined;
        if (typeof loaded?.mountSettings === 'function') resolve(loaded as SettingsModule);
        else reject(new SettingsModuleUnavailable(`${url} did not define mountSettings.`));
      },
      reject,
    );
  });
}
