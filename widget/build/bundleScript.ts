import { build, type InlineConfig, type Rollup } from 'vite';

export class WidgetBundleRejected extends Error {
  override name = 'WidgetBundleRejected';
}

/** Kommo's marketplace checklist (reference §6): no eval, no console output. */
const FORBIDDEN = [
  { text: 'console.', why: 'Kommo refuses console.* calls in a widget' },
  { text: 'eval(', why: 'Kommo refuses eval in a widget' },
];

/** RequireJS only sees an AMD module; the UMD wrapper must end up calling `define` with Kommo's jQuery or nothing. */
const AMD_DEFINE = /define\(\s*\[\s*(?:["']jquery["'])?\s*\]\s*,/;

function scriptChunk(result: Awaited<ReturnType<typeof build>>): Rollup.OutputChunk {
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    for (const file of output.output) {
      if (file.type === 'chunk' && file.fileName === 'script.js') return file;
    }
  }
  throw new WidgetBundleRejected('Vite produced no script.js; check build.lib.fileName in widget/vite.config.ts.');
}

/** Builds script.js in memory and refuses a bundle Kommo would reject. */
export async function bundleWidgetScript(config: InlineConfig): Promise<string> {
  const { code, imports } = scriptChunk(await build({ ...config, configFile: false }));
  for (const { text, why } of FORBIDDEN) {
    const at = code.indexOf(text);
    if (at >= 0) {
      const line = code.slice(0, at).split('\n').length;
      throw new WidgetBundleRejected(`script.js contains "${text}" at line ${line}: ${why}. Remove it from the source or the dependency that brings it.`);
    }
  }
  if (!AMD_DEFINE.test(code)) {
    throw new WidgetBundleRejected('script.js does not call define(["jquery"], …): RequireJS in Kommo would not load it. Keep formats: ["umd"] in widget/vite.config.ts.');
  }
  const unexpected = imports.filter((name) => name !== 'jquery');
  if (unexpected.length > 0) {
    throw new WidgetBundleRejected(`script.js expects ${unexpected.join(', ')} from the host, but Kommo only provides jquery here; bundle them instead.`);
  }
  return code;
}
