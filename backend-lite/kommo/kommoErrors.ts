/**
 * Named Kommo failures (reference/kommo.md §5.2). Each carries the queue's retry hint, and a
 * message that says what was called, what came back and what to do.
 */
export class KommoApiError extends Error {
  override name = 'KommoApiError';
  readonly retryable: boolean = true;
  readonly retryAfterMs: number | undefined = undefined;

  constructor(
    readonly request: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class KommoUnauthorized extends KommoApiError {
  override name = 'KommoUnauthorized';
  override readonly retryable = false;
  constructor(request: string, detail: string) {
    super(request, 401, `Kommo refused the access token for ${request} (${detail}) — renew KOMMO_ACCESS_TOKEN or reconnect the account`);
  }
}

export class KommoPaymentRequired extends KommoApiError {
  override name = 'KommoPaymentRequired';
  override readonly retryable = false;
  constructor(request: string) {
    super(request, 402, `Kommo answered 402 Payment Required for ${request} — the account's trial or paid period is over`);
  }
}

/** Kommo answers 403 to everything once it has blocked the IP for ignoring 429s. */
export class KommoForbidden extends KommoApiError {
  override name = 'KommoForbidden';
  override readonly retryAfterMs: number;
  constructor(request: string, detail: string, retryAfterMs: number) {
    super(
      request,
      403,
      `Kommo answered 403 Forbidden for ${request} (${detail}) — the token's user lacks the right, or Kommo blocked this IP for too many requests`,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

export class KommoNotFound extends KommoApiError {
  override name = 'KommoNotFound';
  override readonly retryable = false;
  constructor(request: string) {
    super(request, 404, `Kommo has no such entity: ${request} answered 404 (deleted, or another account's id)`);
  }
}

export class KommoRateLimited extends KommoApiError {
  override name = 'KommoRateLimited';
  override readonly retryAfterMs: number;
  constructor(request: string, retryAfterMs: number) {
    super(request, 429, `Kommo rate-limited ${request}; pausing all calls to this account for ${Math.ceil(retryAfterMs / 1000)} s`);
    this.retryAfterMs = retryAfterMs;
  }
}

export type KommoValidationProblem = { code: string; path: string; detail: string };

export class KommoRejectedInput extends KommoApiError {
  override name = 'KommoRejectedInput';
  override readonly retryable = false;
  constructor(
    request: string,
    status: number,
    detail: string,
    readonly problems: readonly KommoValidationProblem[],
  ) {
    const listed = problems.map((p) => `${p.path}: ${p.detail} (${p.code})`).join('; ');
    super(request, status, `Kommo rejected ${request}: ${detail}${listed ? ` — ${listed}` : ''}`);
  }
}

export class KommoUnavailable extends KommoApiError {
  override name = 'KommoUnavailable';
  constructor(request: string, status: number, detail: string) {
    super(request, status, `Kommo is unavailable for ${request} (${detail}); will retry`);
  }
}

export class KommoUnexpectedResponse extends KommoApiError {
  override name = 'KommoUnexpectedResponse';
  constructor(request: string, status: number, detail: string) {
    super(request, status, `Kommo answered ${request} with a body the bridge does not understand: ${detail}`);
  }
}

/** The bridge holds no credentials for this account (not installed, or only self-hosted mode is set up). */
export class KommoAccessMissing extends Error {
  override name = 'KommoAccessMissing';
  readonly retryable = false;
  constructor(subdomain: string) {
    super(`The bridge has no Kommo access for the account "${subdomain}": connect it (KOMMO_SUBDOMAIN + KOMMO_ACCESS_TOKEN, or install the widget).`);
  }
}
