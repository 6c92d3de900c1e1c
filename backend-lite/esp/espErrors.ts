import type { EspName } from './espAdapter.ts';

const label: Record<EspName, string> = { omnisend: 'Omnisend', moosend: 'Moosend', customerio: 'Customer.io' };

/**
 * Named ESP failures, shared by the three adapters. Each carries the queue's retry hint
 * (queue/retryHint.ts) and a message that says what was called, what came back and what to do.
 */
export class EspError extends Error {
  override name = 'EspError';
  readonly retryable: boolean = true;
  readonly retryAfterMs: number | undefined = undefined;

  constructor(
    readonly esp: EspName,
    readonly request: string,
    message: string,
  ) {
    super(message);
  }
}

export class EspBadCredentials extends EspError {
  override name = 'EspBadCredentials';
  override readonly retryable = false;
  constructor(esp: EspName, request: string, reason: string) {
    super(esp, request, `${label[esp]} rejected the API key on ${request} (${reason}) — check the key in the widget settings or the rules file`);
  }
}

export class EspRateLimited extends EspError {
  override name = 'EspRateLimited';
  override readonly retryAfterMs: number;
  constructor(esp: EspName, request: string, retryAfterMs: number) {
    super(esp, request, `${label[esp]} rate-limited ${request}; trying again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.retryAfterMs = retryAfterMs;
  }
}

export class EspNotFound extends EspError {
  override name = 'EspNotFound';
  override readonly retryable = false;
  constructor(esp: EspName, request: string, what: string) {
    super(esp, request, `${label[esp]} has no ${what} (${request})`);
  }
}

export class EspRejectedInput extends EspError {
  override name = 'EspRejectedInput';
  override readonly retryable = false;
  constructor(
    esp: EspName,
    request: string,
    readonly reason: string,
  ) {
    super(esp, request, `${label[esp]} rejected ${request}: ${reason}`);
  }
}

export class EspUnavailable extends EspError {
  override name = 'EspUnavailable';
  constructor(esp: EspName, request: string, detail: string) {
    super(esp, request, `${label[esp]} is unavailable for ${request} (${detail}); will retry`);
  }
}
