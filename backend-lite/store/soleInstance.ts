import pg from 'pg';

/** Any constant every instance agrees on. */
const SOLE_INSTANCE_LOCK = 7_401_266_012;

/** Another bridge process already runs on this PostgreSQL database. */
export class AnotherInstanceRunning extends Error {
  override name = 'AnotherInstanceRunning';
  constructor(location: string) {
    super(
      `Another Kommo ESP Bridge already runs on the PostgreSQL database at ${location}. This version runs one instance per ` +
        'database: its pacing of Kommo’s 7 requests/s and the ESPs’ limits, its polls and its token refreshes are kept in ' +
        'the process, so a second instance would exceed them. Stop the other instance, or give this one its own DATABASE_URL.',
    );
  }
}

/**
 * Holds a PostgreSQL session lock for as long as the process runs, so a second instance on the
 * same database refuses to start instead of doubling the request rates Kommo and the ESPs see.
 */
export async function claimSoleInstance(url: string, location: string, onLost: (error: Error) => void): Promise<{ release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', onLost);
  await client.connect();
  const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1) AS held', [SOLE_INSTANCE_LOCK]);
  if (!rows[0]?.held) {
    await client.end();
    throw new AnotherInstanceRunning(location);
  }
  return { release: () => client.end() };
}
