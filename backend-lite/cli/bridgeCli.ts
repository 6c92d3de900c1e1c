import { resolve } from 'node:path';
import { ConfigError } from '../config/configError.ts';
import { parseEnv } from '../config/env.ts';
import { createAccountRepository } from '../store/accounts.ts';
import { openDatabase, sqlitePathFromUrl } from '../store/database.ts';
import { createPersonalTokens } from '../store/personalTokens.ts';
import { runTokenCommand, tokenUsage, UsageError } from './tokenCommand.ts';

/** `npm run bridge -- <command>`: admin commands run beside `npm start`, on the same database. */
function main(args: readonly string[]): number {
  const [command, ...rest] = args;
  try {
    if (command !== 'token') throw new UsageError(tokenUsage);
    const env = parseEnv(process.env);
    const db = openDatabase({ path: resolve(sqlitePathFromUrl(env.DATABASE_URL)) });
    try {
      runTokenCommand(rest, {
        accounts: createAccountRepository({ db }),
        tokens: createPersonalTokens({ db }),
        defaultSubdomain: env.KOMMO_SUBDOMAIN,
        write: (text) => process.stdout.write(text),
      });
    } finally {
      db.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
