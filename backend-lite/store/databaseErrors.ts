/** DATABASE_URL names a PostgreSQL server the bridge cannot reach or log in to. */
export class DatabaseUnreachable extends Error {
  override name = 'DatabaseUnreachable';
  constructor(location: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`DATABASE_URL: cannot connect to PostgreSQL at ${location} (${reason}). Check the host, port, database name and credentials.`, { cause });
  }
}

/** The database was migrated by a newer version of the bridge: running older code on it could corrupt it. */
export class DatabaseFromNewerVersion extends Error {
  override name = 'DatabaseFromNewerVersion';
  constructor(location: string, found: number, known: number) {
    super(
      `The database at ${location} has schema version ${found}, but this version of the bridge knows only up to ${known}. ` +
        'It was upgraded by a newer release: run that release, or restore the backup taken before the upgrade.',
    );
  }
}
