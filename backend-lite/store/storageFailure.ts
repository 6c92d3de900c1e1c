// SQLite cannot take the write: disk full, read-only file, I/O error, lock held too long.
const sqliteCodes = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_BUSY', 'SQLITE_CANTOPEN'];
// PostgreSQL is down, restarting, full or refusing writes: SQLSTATE classes 08 (connection), 53
// (insufficient resources), 57P (operator intervention: shutdown, restart) and 25006 (read-only).
const postgresStates = /^(08|53|57P)|^25006$/;
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres reports a dropped connection or an exhausted pool with a message and no code.
const postgresMessages = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/;

/**
 * The database cannot store anything right now, through no fault of the request: the sender must
 * not get a 2xx for what was not stored, and a 503 makes it send again later.
 */
export function isStorageFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (sqliteCodes.some((prefix) => code.startsWith(prefix))) return true;
    if (postgresStates.test(code) || networkCodes.has(code)) return true;
  }
  return postgresMessages.test(error.message);
}

export function storageFailureCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'connection_lost';
}
