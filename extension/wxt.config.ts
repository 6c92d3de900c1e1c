/**
 * WXT's config for the browser extension. The build script (build/buildExtension.ts) runs it with
 * the repository as root, so package.json names and versions the manifest, and the entrypoints stay
 * under extension/. Builds land in dist/extension/{browser}-mv3, the zips beside the widget's.
 */
import { defineConfig } from 'wxt';
import { extensionIconFiles, extensionIconPaths } from './build/extensionIcons.ts';
import { geckoAndroidSettings, geckoSettings } from './build/firefoxSettings.ts';
import { backendOriginPatterns } from './shared/hostPatterns.ts';

export default defineConfig({
  srcDir: 'extension',
  entrypointsDir: 'entrypoints',
  publicDir: 'extension/public',
  outDir: 'dist',
  outDirTemplate: 'extension/{{browser}}-mv{{manifestVersion}}',
  // Explicit imports only: the sources then type-check without `wxt prepare`'s generated types.
  imports: false,
  // Firefox defaults to MV2 in WXT; the issue asks for MV3 in both browsers.
  manifestVersion: 3,
  zip: { artifactTemplate: 'extension-{{browser}}.zip', zipSources: false },
  manifest: ({ browser }) => ({
    name: 'Kommo ESP Bridge',
    description: 'Omnisend, Moosend and Customer.io status of a deal’s contacts, inside the Kommo card.',
    icons: extensionIconPaths,
    permissions: ['storage'],
    // The backend's address is the manager's to type; access to it is asked for on Save, for that origin only.
    optional_host_permissions: backendOriginPatterns,
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: geckoSettings, gecko_android: geckoAndroidSettings } } : {}),
  }),
  hooks: {
    // WXT's own .wxt/ directory (gitignored) holds the drawn PNGs; WXT copies them into each build.
    'build:publicAssets': (wxt, files) => void files.push(...extensionIconFiles(`${wxt.config.wxtDir}/icons`)),
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    build: {
      rollupOptions: {
        // zod ships explanatory comments next to its @__PURE__ marks; Rollup only notes it drops them.
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
          warn(warning);
        },
      },
    },
  }),
});
