import { readFileSync } from 'node:fs';
import { ConfigError } from './configError.ts';
import { rulesSchema, type Rules } from './rules.ts';
import { describeIssues } from './zodProblems.ts';

export type LoadedRules = { rules: Rules; found: boolean; path: string };

/**
 * Reads the rules file. A missing file is not an error (the bridge starts and says what is
 * missing); a file that exists but is wrong stops the start.
 */
export function loadRules(path: string, env: Record<string, string | undefined>): LoadedRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { rules: rulesSchema.parse({}), found: false, path };
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`not valid JSON: ${(error as Error).message}`], `The rules file ${path}`);
  }
  const problems: string[] = [];
  const resolved = resolveEnvReferences(json, env, [], problems);
  if (problems.length > 0) throw new ConfigError(problems, `The rules file ${path}`);
  const result = rulesSchema.safeParse(resolved);
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues), `The rules file ${path}`);
  return { rules: result.data, found: true, path };
}

/** `"env:NAME"` keeps secrets out of the file (SPEC §5.2). */
function resolveEnvReferences(
  value: unknown,
  env: Record<string, string | undefined>,
  path: string[],
  problems: string[],
): unknown {
  if (typeof value === 'string' && value.startsWith('env:')) {
    const name = value.slice(4);
    const found = env[name];
    if (found === undefined || found === '') {
      problems.push(`${path.join('.')}: refers to the environment variable ${name}, which is not set`);
      return value;
    }
    return found;
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveEnvReferences(item, env, [...path, String(i)], problems));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveEnvReferences(item, env, [...path, key], problems)]),
    );
  }
  return value;
}
