import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomerioSignatureInvalid, verifyCustomerioSignature } from './customerioSignature.ts';

const fixtures = new URL('../../test/fixtures/customerio/', import.meta.url);
const signatures = JSON.parse(readFileSync(new URL('customerio-signatures.json', fixtures), 'utf8')) as {
  signingKey: string;
  timestamp: number;
  signatures: Record<string, string>;
};
const opened = readFileSync(new URL('customerio-email-opened.json', fixtures));
const base = {
  rawBody: opened,
  timestampHeader: String(signatures.timestamp),
  signatureHeader: signatures.signatures['customerio-email-opened.json'],
  signingKey: signatures.signingKey,
  receivedAt: signatures.timestamp * 1000 + 2_000,
};
const refusal = (overrides: Partial<typeof base>) => {
  try {
    verifyCustomerioSignature({ ...base, ...overrides });
  } catch (error) {
    expect(error).toBeInstanceOf(CustomerioSignatureInvalid);
    return (error as Error).message;
  }
  return 'accepted';
};

describe('verifyCustomerioSignature', () => {
  it('accepts every fixture with its published signature', () => {
    for (const [file, signature] of Object.entries(signatures.signatures)) {
      expect(refusal({ rawBody: readFileSync(new URL(file, fixtures)), signatureHeader: signature })).toBe('accepted');
    }
  });

  it('refuses, saying why: the checklist of stripe-node and standard-webhooks', () => {
    expect(refusal({ signingKey: '' })).toMatch(/no signing key/);
    expect(refusal({ signingKey: `${signatures.signingKey}\n` })).toMatch(/whitespace/);
    expect(refusal({ timestampHeader: undefined })).toMatch(/X-CIO-Timestamp header is missing/);
    expect(refusal({ signatureHeader: undefined })).toMatch(/X-CIO-Signature header is missing/);
    expect(refusal({ timestampHeader: 'yesterday' })).toMatch(/must be Unix seconds/);
    expect(refusal({ receivedAt: (signatures.timestamp + 301) * 1000 })).toMatch(/301 s away/);
    expect(refusal({ receivedAt: (signatures.timestamp - 400) * 1000 })).toMatch(/400 s away/);
    expect(refusal({ signatureHeader: base.signatureHeader?.slice(0, 40) })).toMatch(/does not match/);
    expect(refusal({ signingKey: 'another-key' })).toMatch(/does not match.*re-serialised/);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(opened.toString('utf8')), null, 2));
    expect(refusal({ rawBody: reserialised })).toMatch(/does not match/);
  });
});
