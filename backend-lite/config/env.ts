import { z } from 'zod';
import { ConfigError } from './configError.ts';
import { describeIssues } from './zodProblems.ts';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

const origin = () =>
  z.preprocess(
    emptyToUndefined,
    z
      .url({ message: 'must be an absolute URL such as https://example.com' })
      .refine((value) => /^https?:/.test(value), 'must be an absolute URL starting with http:// or https://')
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
  );

const port = z.preprocess(
  emptyToUndefined,
  z.coerce
    .number({ message: 'must be a whole number between 1 and 65535' })
    .int('must be a whole number between 1 and 65535')
    .min(0, 'must be a whole number between 0 and 65535')
    .max(65535, 'must be a whole number between 0 and 65535')
    .default(8787),
);

/** SPEC §5.2: every variable the bridge reads, validated once at start. */
export const envSchema = z
  .object({
    PORT: port,
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must look like sqlite:./data/bridge.db or postgres://user@host/db')
        .default('sqlite:./data/bridge.db'),
    ),
    PUBLIC_URL: origin(),
    SECRET_KEY: z.preprocess(
      emptyToUndefined,
      z.string().min(32, 'must be at least 32 characters (for example: openssl rand -hex 32)').optional(),
    ),
    KOMMO_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
    KOMMO_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
    KOMMO_SUBDOMAIN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(
          /^[a-z0-9][a-z0-9-]*$/i,
          'must be the account subdomain only, e.g. "acme" for https://acme.kommo.com',
        )
        .optional(),
    ),
    KOMMO_ACCESS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(20, 'looks too short for a Kommo token').optional()),
    KOMMO_API_ORIGIN: origin(),
    OMNISEND_API_URL: origin(),
    MOOSEND_API_URL: origin(),
    CUSTOMERIO_TRACK_URL: origin(),
    CUSTOMERIO_APP_URL: origin(),
    BRIDGE_CONFIG: z.preprocess(emptyToUndefined, z.string().default('./bridge.config.json')),
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' }).default('info')),
    // Pages besides https://*.kommo.com that may call the panel API: the demo's card page, a proxy.
    PANEL_ORIGINS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((value) => value.split(',').map((o) => o.trim()).filter(Boolean))
        .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be a comma-separated list of origins such as http://localhost:5173 (no path)')))
        .default([]),
    ),
  });

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  // Pairs are checked beside the schema, not in it, so one start lists every problem at once.
  const problems = [...(result.success ? [] : describeIssues(result.error.issues)), ...pairProblems(source)];
  if (!result.success || problems.length > 0) throw new ConfigError(problems, 'The environment');
  return result.data;
}

const pairs = [
  ['KOMMO_SUBDOMAIN', 'KOMMO_ACCESS_TOKEN', 'self-hosted mode'],
  ['KOMMO_CLIENT_ID', 'KOMMO_CLIENT_SECRET', 'marketplace mode'],
] as const;

function pairProblems(source: Record<string, string | undefined>): string[] {
  return pairs.flatMap(([first, second, mode]) => {
    const has = (name: string) => Boolean(source[name]);
    if (has(first) === has(second)) return [];
    return [`${has(first) ? second : first}: ${mode} needs both ${first} and ${second}`];
  });
}
