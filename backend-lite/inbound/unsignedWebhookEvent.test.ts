import { describe, expect, it } from 'vitest';
import { automationWebhookBodies } from '../../test/simulators/moosend/index.ts';
import { renderFixtureWebhookBody } from '../../test/simulators/omnisend/index.ts';
import { parseUnsignedWebhook } from './unsignedWebhookEvent.ts';

const parse = (esp: 'omnisend' | 'moosend', body: unknown) => {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return parseUnsignedWebhook(esp, typeof body === 'string' ? JSON.parse(body) : body, raw, 1_000);
};

describe('parseUnsignedWebhook', () => {
  it("reads the body the bridge publishes for Omnisend's automation step", () => {
    const body = renderFixtureWebhookBody({ event: 'clicked message', contactEmail: 'Jane.Doe@example.com', campaign: 'Welcome to Pro', link: 'https://example.com/pricing' });
    expect(parse('omnisend', body)).toMatchObject({
      usable: true,
      event: { esp: 'omnisend', kind: 'clicked', email: 'jane.doe@example.com', subject: 'Welcome to Pro', link: 'https://example.com/pricing', at: 1_000, messageId: 'Welcome to Pro' },
    });
    expect(parse('omnisend', { event: 'opened message', contactEmail: 'a@b.co' })).toMatchObject({ event: { kind: 'opened' } });
  });

  it('reads every Moosend body spelling the simulator knows', () => {
    const facts = { email: 'Buyer@Example.com', event: 'Unsubscribed', subject: 'News', listId: 'l1' };
    for (const shape of ['pascalCase', 'lowerCase', 'nestedSubscriber', 'memberEnvelope'] as const) {
      expect(parse('moosend', automationWebhookBodies[shape](facts)), shape).toMatchObject({
        usable: true,
        event: { esp: 'moosend', kind: 'unsubscribed', email: 'buyer@example.com' },
      });
    }
  });

  it('takes the message from a campaign id when the body has one, else from the campaign name', () => {
    const facts = { email: 'buyer@example.com', event: 'Opened', subject: 'News', campaignId: 'c-77' };
    expect(parse('moosend', automationWebhookBodies.pascalCase(facts))).toMatchObject({ event: { messageId: 'c-77', subject: 'News' } });
    expect(parse('moosend', automationWebhookBodies.lowerCase(facts))).toMatchObject({ event: { messageId: 'c-77' } });
    expect(parse('moosend', automationWebhookBodies.lowerCase({ ...facts, campaignId: undefined }))).toMatchObject({ event: { messageId: 'News' } });
    expect(parse('moosend', automationWebhookBodies.memberEnvelope(facts))).toMatchObject({ event: { messageId: null } });
  });

  it('parks bodies without an email or a usable event, saying which', () => {
    expect(parse('moosend', { Event: 'Unsubscribed' })).toEqual({ usable: false, reason: 'no email address found in the body' });
    expect(parse('omnisend', { contactEmail: 'a@b.co' })).toEqual({ usable: false, reason: 'no event name found in the body' });
    expect(parse('omnisend', { event: 'subscribed to marketing', contactEmail: 'a@b.co' })).toMatchObject({ usable: false, reason: expect.stringMatching(/not used/) });
    expect(parse('omnisend', [1])).toEqual({ usable: false, reason: 'the body is not a JSON object' });
  });

  it('gives the same body the same event id, and another body another', () => {
    const a = parse('omnisend', { event: 'opened message', contactEmail: 'a@b.co' });
    const b = parse('omnisend', { event: 'opened message', contactEmail: 'a@b.co' });
    const c = parse('omnisend', { event: 'opened message', contactEmail: 'c@b.co' });
    expect(a.usable && b.usable && a.event.sourceId === b.event.sourceId).toBe(true);
    expect(a.usable && c.usable && a.event.sourceId !== c.event.sourceId).toBe(true);
  });
});
