import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a Customer.io Reporting Webhook was refused; the message names the usual mistake. */
export class CustomerioSignatureInvalid extends Error {
  override name = 'CustomerioSignatureInvalid';
}

export type VerifyCustomerioOptions = {
  /** The raw request bytes: a re-serialised JSON body never matches (reference/esps.md §C.8). */
  rawBody: Uint8Array;
  timestampHeader: string | null | undefined;
  signatureHeader: string | null | undefined;
  signingKey: string;
  /** When the request arrived, in Unix ms; injectable so tests need no clock tricks. */
  receivedAt: number;
  /** Customer.io documents no window; ±5 minutes bounds replays without refusing clock drift. */
  toleranceSeconds?: number;
};

/**
 * `X-CIO-Signature` = hex HMAC-SHA256 of `"v0:" + X-CIO-Timestamp + ":" + raw body` with the
 * webhook's signing key, compared in constant time (customerio-node lib/webhooks.ts).
 */
export function verifyCustomerioSignature({
  rawBody,
  timestampHeader,
  signatureHeader,
  signingKey,
  receivedAt,
  toleranceSeconds = 300,
}: VerifyCustomerioOptions): void {
  if (!signingKey) throw new CustomerioSignatureInvalid('no signing key is configured for Customer.io webhooks');
  if (signingKey !== signingKey.trim()) {
    throw new CustomerioSignatureInvalid('the configured signing key has leading or trailing whitespace — copy it again');
  }
  if (!timestampHeader) throw new CustomerioSignatureInvalid('the X-CIO-Timestamp header is missing');
  if (!signatureHeader) throw new CustomerioSignatureInvalid('the X-CIO-Signature header is missing');
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    throw new CustomerioSignatureInvalid(`X-CIO-Timestamp must be Unix seconds, got "${timestampHeader.slice(0, 20)}"`);
  }
  const skew = Math.abs(receivedAt / 1000 - Number(timestampHeader));
  if (skew > toleranceSeconds) {
    throw new CustomerioSignatureInvalid(
      `X-CIO-Timestamp is ${Math.round(skew)} s away from now (more than ${toleranceSeconds} s): a replay, or a clock far off`,
    );
  }
  const expected = createHmac('sha256', signingKey).update(`v0:${timestampHeader}:`).update(rawBody).digest();
  const given = /^[0-9a-f]{64}$/i.test(signatureHeader) ? Buffer.from(signatureHeader, 'hex') : undefined;
  if (!given || !timingSafeEqual(given, expected)) {
    throw new CustomerioSignatureInvalid(
      'X-CIO-Signature does not match the body — check the signing key, and that the body was not parsed and re-serialised before verification',
    );
  }
}
