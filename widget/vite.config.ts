/**
 * Bundles widget/script/widgetEntry.ts into script.js, the AMD module Kommo loads with RequireJS.
 * The UMD wrapper calls `define(["jquery"], factory)` when RequireJS is present. Kommo's
 * marketplace refuses minified code, so the output stays readable. Everything but jQuery (which
 * Kommo provides through `define`) is bundled: preact, signals, zod/mini.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  mode: 'production',
  logLevel: 'warn',
  publicDir: false,
  // Library mode leaves `process.env.*` for a consumer's bundler; script.js has no consumer.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    write: false,
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('./script/widgetEntry.ts', import.meta.url)),
      formats: ['umd'],
      name: 'KommoEspBridgeWidget',
      fileName: () => 'script.js',
    },
    rollupOptions: {
      external: ['jquery'],
      // zod ships explanatory comments next to its @__PURE__ marks; Rollup only notes it drops them.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
      output: {
        exports: 'default',
        // The factory receives Kommo's jQuery itself, not an ES module namespace.
        interop: 'default',
        globals: { jquery: 'jQuery' },
      },
    },
  },
});
