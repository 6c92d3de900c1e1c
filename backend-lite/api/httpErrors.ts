/** Failures that map to a specific HTTP answer; the error handler turns them into JSON. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 502 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Same answer for a wrong secret and a never-issued one: a guess learns nothing. */
export class UnknownWebhookAddress extends HttpError {
  override name = 'UnknownWebhookAddress';
  constructor() {
    super(404, 'unknown_webhook', 'No webhook is registered at this address.');
  }
}

export class WebhookFromOtherAccount extends HttpError {
  override name = 'WebhookFromOtherAccount';
  constructor(expected: string, got: string) {
    super(
      403,
      'wrong_account',
      `This webhook address belongs to the Kommo account "${expected}", but the body comes from "${got}". Check the URL set in that account's webhook settings.`,
    );
  }
}
