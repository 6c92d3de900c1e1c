/** A configuration value the operator must fix before the bridge can start. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
