export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export type Logger = {
  [level in LogLevel]: (event: string, fields?: LogFields) => void;
} & { child(fields: LogFields): Logger };

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LoggerOptions = {
  level?: LogLevel;
  write?: (line: string) => void;
  /** Values that must never reach a log line (tokens, keys); replaced wherever they appear. */
  secrets?: () => readonly string[];
  now?: () => number;
  base?: LogFields;
};

/** One JSON object per line, so logs can be grepped and shipped as they are. */
export function createLogger({
  level = 'info',
  write = (line) => process.stdout.write(line + '\n'),
  secrets = () => [],
  now = Date.now,
  base = {},
}: LoggerOptions = {}): Logger {
  const emit = (lvl: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (order[lvl] < order[level]) return;
    let line = JSON.stringify({ time: new Date(now()).toISOString(), level: lvl, event, ...base, ...fields });
    for (const secret of secrets()) {
      if (secret.length >= 8) line = line.split(secret).join('[redacted]');
    }
    write(line);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger({ level, write, secrets, now, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ write: () => {} });
