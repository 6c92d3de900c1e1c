/**
 * The account's Kommo tokens are gone or refused (access revoked, widget uninstalled, refresh
 * token spent). Its Kommo jobs are not attempted: the queue puts them back without counting an
 * attempt, so they run, in order, once an admin reconnects the account.
 */
export class KommoAccountDisconnected extends Error {
  override name = 'KommoAccountDisconnected';
  readonly retryable = true;
  readonly notAttempted = true;
  /** Reconnecting brings the jobs forward at once; this is only how often a waiting job looks again. */
  readonly retryAfterMs = 10 * 60_000;
  constructor(readonly subdomain: string) {
    super(
      `The Kommo account "${subdomain}" is disconnected from the bridge (Kommo revoked its access, or the widget was uninstalled): ` +
        'an admin of that account must reinstall the widget (Kommo → Settings → Integrations) to reconnect it; its sync jobs wait until then.',
    );
  }
}

/** Kommo's /oauth2/access_token refused the code or the refresh token (expired, used, revoked). */
export class KommoGrantRefused extends Error {
  override name = 'KommoGrantRefused';
  readonly retryable = false;
  constructor(
    readonly grant: 'authorization_code' | 'refresh_token',
    readonly status: number,
    detail: string,
  ) {
    super(
      grant === 'authorization_code'
        ? `Kommo refused the authorization code (HTTP ${status}: ${detail}) — codes live 20 minutes and work once: install the widget again`
        : `Kommo refused the refresh token (HTTP ${status}: ${detail}) — the account's access was revoked: reinstall the widget to reconnect`,
    );
  }
}

/** No usable answer from Kommo's OAuth endpoint (network, timeout, 5xx, unreadable body): worth trying again. */
export class KommoOAuthUnavailable extends Error {
  override name = 'KommoOAuthUnavailable';
  readonly retryable = true;
  constructor(request: string, detail: string) {
    super(`Kommo did not answer ${request} usefully (${detail}); try again in a moment`);
  }
}
