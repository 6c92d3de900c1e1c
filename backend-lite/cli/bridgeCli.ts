import { ConfigError } from '../config/configError.ts';
import { parseEnv } from '../config/env.ts';
import { createAccountRepository } from '../store/accounts.ts';
import { databaseUrl, openDatabase } from '../store/database.ts';
import { createPersonalTokens } from '../store/personalTokens.ts';
import { BackupFailed, BackupRefused } from '../store/sqliteBackup.ts';
import { backupUsage, runBackupCommand } from './backupCommand.ts';
import { runTokenCommand, tokenUsage, UsageError } from './tokenCommand.ts';

/** `npm run bridge -- <command>`: admin commands run beside `npm start`, on the same database. */
async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command !== 'token' && command !== 'backup') throw new UsageError(`${tokenUsage}\n\n${backupUsage}`);
    const env = parseEnv(process.env);
    if (command === 'backup') {
      const write = (text: string) => process.stdout.write(text);
      await runBackupCommand(rest, { databaseUrl: env.DATABASE_URL, secretKeyFromEnv: env.SECRET_KEY !== undefined, write });
      return 0;
    }
    const database = await openDatabase({ url: databaseUrl(env.DATABASE_URL) });
    try {
      await runTokenCommand(rest, {
        accounts: createAccountRepository({ database }),
        tokens: createPersonalTokens({ database }),
        defaultSubdomain: env.KOMMO_SUBDOMAIN,
        write: (text) => process.stdout.write(text),
      });
    } finally {
      await database.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof BackupRefused || error instanceof BackupFailed) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
