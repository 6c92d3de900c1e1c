import { build, type Rollup } from 'vite';
import type { WidgetModule } from '../vite.config.ts';

export class WidgetBundleRejected extends Error {
  override name = 'WidgetBundleRejected';
}

/** Kommo's marketplace checklist (reference §6): no eval, no console output. */
const FORBIDDEN = [
  { text: 'console.', why: 'Kommo refuses console.* calls in a widget' },
  { text: 'eval(', why: 'Kommo refuses eval in a widget' },
];

/** The UMD wrapper's AMD branch: `define([deps], factory)`, or `define(factory)` with nothing to ask for. */
const AMD_DEFINE = /define\(\s*(?:\[([^\]]*)\]\s*,\s*)?factory\s*\)/;

function chunkNamed(result: Awaited<ReturnType<typeof build>>, fileName: string): Rollup.OutputChunk {
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    for (const file of output.output) {
      if (file.type === 'chunk' && file.fileName === fileName) return file;
    }
  }
  throw new WidgetBundleRejected(`Vite produced no ${fileName}; check build.lib.fileName in widget/vite.config.ts.`);
}

/** What the module asks RequireJS for, as the bundle's `define` call lists it. */
function definedDeps(code: string): string[] | null {
  const call = AMD_DEFINE.exec(code);
  if (!call) return null;
  return [...(call[1] ?? '').matchAll(/["']([^"']+)["']/g)].map((match) => match[1] ?? '');
}

/**
 * Builds one of the widget's AMD modules in memory and refuses a bundle Kommo would reject: one
 * with forbidden calls, without an AMD `define`, or asking the host for a module it does not give.
 * RequireJS's own `exports` is allowed: it is how a module with named exports hands them over.
 */
export async function bundleWidgetModule({ fileName, hostModules, config }: WidgetModule): Promise<string> {
  const { code, imports } = chunkNamed(await build(config), fileName);
  for (const { text, why } of FORBIDDEN) {
    const at = code.indexOf(text);
    if (at >= 0) {
      const line = code.slice(0, at).split('\n').length;
      throw new WidgetBundleRejected(`${fileName} contains "${text}" at line ${line}: ${why}. Remove it from the source or the dependency that brings it.`);
    }
  }
  const unexpected = imports.filter((name) => !hostModules.includes(name));
  if (unexpected.length > 0) {
    throw new WidgetBundleRejected(`${fileName} expects ${unexpected.join(', ')} from the host, but Kommo only provides ${hostModules.join(', ') || 'nothing'} here; bundle them instead.`);
  }
  const deps = definedDeps(code)?.filter((name) => name !== 'exports');
  if (!deps || deps.join() !== hostModules.join()) {
    const wanted = `define([${hostModules.map((name) => JSON.stringify(name)).join(', ')}], …)`;
    throw new WidgetBundleRejected(`${fileName} does not call ${wanted}: RequireJS in Kommo would not load it. Keep formats: ["umd"] in widget/vite.config.ts.`);
  }
  return code;
}
