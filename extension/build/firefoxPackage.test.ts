import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Mozilla's addons-linter — what addons.mozilla.org runs on every upload — on the BUILT Firefox zip.
 * The warnings allowed are the rows of extension/README.md's addons-linter table, one row per warning.
 */
const zipPath = fileURLToPath(new URL('../../dist/extension-firefox.zip', import.meta.url));
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));

type LinterMessage = { code: string; message: string; description: string; file?: string; line?: number; column?: number };
type LinterResult = { summary: { errors: number; warnings: number; notices: number }; errors: LinterMessage[]; warnings: LinterMessage[] };
type AddonsLinter = {
  createInstance(options: { config: Record<string, unknown>; runAsBinary: boolean }): { run(): Promise<LinterResult> };
};

/** An explained warning: its code and the file it is in (`*` stands for a build hash). */
type ExplainedWarning = { code: string; file: string };

function explainedWarnings(readme: string): ExplainedWarning[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('addons-linter\n')) ?? '';
  return [...section.matchAll(/^\| `([A-Z0-9_]+)` \| `([^`]+)` \|/gm)].map(([, code, file]) => ({ code: code!, file: file! }));
}

function matches(warning: LinterMessage, explained: ExplainedWarning): boolean {
  const filePattern = new RegExp(`^${explained.file.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('[^/]*')}$`);
  return warning.code === explained.code && filePattern.test(warning.file ?? '');
}

const describeWarning = (warning: LinterMessage) => `${warning.code} in ${warning.file ?? '(no file)'}: ${warning.message}`;

let result: LinterResult;

beforeAll(async () => {
  if (!existsSync(zipPath)) throw new Error('dist/extension-firefox.zip is missing: run `npm run build` first (npm test does).');
  const linter = createRequire(import.meta.url)('addons-linter') as AddonsLinter;
  result = await linter
    .createInstance({
      config: {
        _: [zipPath],
        logLevel: 'fatal',
        stack: false,
        pretty: false,
        warningsAsErrors: false,
        metadata: false,
        output: 'none',
        boring: false,
        selfHosted: false,
      },
      runAsBinary: false,
    })
    .run();
});

describe('dist/extension-firefox.zip, as addons.mozilla.org lints it', () => {
  it('has no errors', () => {
    expect(result.errors.map(describeWarning)).toEqual([]);
  });

  it('has only the warnings extension/README.md explains, each once, and the README explains no warning that is gone', () => {
    const explained = explainedWarnings(readFileSync(readmePath, 'utf8'));
    expect(explained.length, 'the README’s addons-linter table has no rows').toBeGreaterThan(0);
    const unexplained: string[] = [];
    const unused = [...explained];
    for (const warning of result.warnings) {
      const index = unused.findIndex((row) => matches(warning, row));
      if (index === -1) unexplained.push(describeWarning(warning));
      else unused.splice(index, 1);
    }
    expect(unexplained, 'warnings to fix, or to explain in extension/README.md').toEqual([]);
    expect(unused, 'README rows whose warning the linter no longer gives').toEqual([]);
  });
});
