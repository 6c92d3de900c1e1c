/**
 * The widget's two AMD modules, each an unminified UMD bundle (Kommo's marketplace refuses
 * minified code), built separately because Vite's library mode cannot put several entries in
 * one UMD build:
 *
 * - script.js, which every deal card loads: the widget constructor and the card panel. Its
 *   dependencies come from Kommo's RequireJS: `jquery`, and `require` to fetch settings.js.
 * - settings.js, the admin's settings page, which script.js asks RequireJS for only when Kommo
 *   opens the widget's page under Settings. It depends on nothing from the host.
 *
 * Preact, signals and zod/mini are bundled into each; settings.js repeats them so the card pays
 * nothing for a page only admins open.
 */
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';

export type WidgetModule = {
  fileName: 'script.js' | 'settings.js';
  /** The `define` list RequireJS resolves: what Kommo's page provides, in factory order. */
  hostModules: readonly string[];
  config: InlineConfig;
};

function widgetModule({ entry, fileName, name, hostModules, exports }: {
  entry: string;
  fileName: WidgetModule['fileName'];
  name: string;
  hostModules: readonly string[];
  exports: 'default' | 'named';
}): WidgetModule {
  const config: InlineConfig = {
    root: fileURLToPath(new URL('.', import.meta.url)),
    configFile: false,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    // Library mode leaves `process.env.*` for a consumer's bundler; these files have no consumer.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    build: {
      write: false,
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      lib: { entry: fileURLToPath(new URL(entry, import.meta.url)), formats: ['umd'], name, fileName: () => fileName },
      rollupOptions: {
        external: [...hostModules],
        // zod ships explanatory comments next to its @__PURE__ marks; Rollup only notes it drops them.
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
          warn(warning);
        },
        output: {
          exports,
          // The factory receives Kommo's jQuery and RequireJS's `require` themselves, not ES module namespaces.
          interop: 'default',
          globals: { jquery: 'jQuery', require: 'require' },
        },
      },
    },
  };
  return { fileName, hostModules, config };
}

export const widgetModules: readonly WidgetModule[] = [
  widgetModule({ entry: './script/widgetEntry.ts', fileName: 'script.js', name: 'KommoEspBridgeWidget', hostModules: ['jquery', 'require'], exports: 'default' }),
  widgetModule({ entry: './settings/mountSettings.tsx', fileName: 'settings.js', name: 'KommoEspBridgeSettings', hostModules: [], exports: 'named' }),
];
