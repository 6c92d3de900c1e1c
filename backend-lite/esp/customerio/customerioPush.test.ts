import { afterEach, describe, expect, it } from 'vitest';
import { EspRejectedInput } from '../espErrors.ts';
import { change, identity, startKit, wonEvent, type Kit } from './customerioTestKit.ts';

const NOW = Date.now();

describe('customerio adapter: push (identify, then event)', () => {
  let kit: Kit;
  afterEach(async () => {
    // The trap of C.2: any `unsubscribed` value but true re-subscribes. No write may carry one.
    expect(kit.sim.unsubscribedFalseWrites()).toEqual([]);
    await kit.sim.close();
  });

  it('a new person without consent is created unsubscribed, identified by email, with the Kommo ids', async () => {
    kit = await startKit();
    const result = await kit.adapter.push(change());

    expect(result.outcome).toBe('created');
    expect(result.summary).toMatch(/^created jane@example.com unsubscribed: no email consent yet; attributes plan, kommo_deal_id$/);
    const [lookup] = kit.sim.appRequests;
    expect(lookup).toMatchObject({ method: 'POST', path: '/v1/customers/attributes', body: { ids: ['jane@example.com'] } });
    expect(lookup?.query.get('id_type')).toBe('email');
    const [put] = kit.sim.trackRequests;
    expect(put?.method).toBe('PUT');
    expect(put?.path).toBe('/api/v1/customers/jane%40example.com');
    expect(put?.headers['authorization']).toBe(kit.sim.trackAuthorization());
    expect(put?.body).toEqual({
      email: 'jane@example.com',
      kommo_contact_id: 501,
      kommo_deal_id: 9001,
      first_name: 'Jane',
      last_name: 'Doe',
      plan: 'Pro',
      created_at: expect.any(Number),
      unsubscribed: true,
      kommo_email_status: 'not_subscribed',
    });
    expect(kit.sim.person('jane@example.com')).toMatchObject({ email: 'jane@example.com', unsubscribed: true });
    expect(await kit.adapter.readProfile(identity())).toMatchObject({ found: true, channels: { email: { status: 'not_subscribed' } } });
  });

  it('a new person with email consent is created subscribed — by leaving `unsubscribed` out', async () => {
    kit = await startKit();
    const result = await kit.adapter.push(change({ newContactStatus: { email: 'subscribed' } }));
    expect(result).toMatchObject({ outcome: 'created', summary: expect.stringContaining('as subscribed (email consent)') });
    expect(kit.sim.trackRequests[0]?.body).not.toHaveProperty('unsubscribed');
    expect(kit.sim.person('jane@example.com')?.unsubscribed).toBe(false);
  });

  it('an existing unsubscribed person stays unsubscribed; their other attributes survive', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'jane@example.com', unsubscribed: true, attributes: { vip: true, plan: 'Starter' } });
    const result = await kit.adapter.push(change({ newContactStatus: { email: 'subscribed' }, fields: { plan: 'Pro', mrr: 99 } }));

    expect(result).toMatchObject({ outcome: 'updated', summary: 'updated jane@example.com; attributes plan, mrr' });
    const body = kit.sim.trackRequests[0]?.body as Record<string, unknown>;
    expect(body).not.toHaveProperty('unsubscribed');
    expect(body).not.toHaveProperty('created_at');
    expect(body).not.toHaveProperty('kommo_email_status');
    expect(kit.sim.person('jane@example.com')).toMatchObject({ unsubscribed: true, attributes: { vip: true, plan: 'Pro', mrr: 99 } });
  });

  it('a rule field named `unsubscribed` (or another reserved name) is never sent', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'jane@example.com', unsubscribed: true });
    const result = await kit.adapter.push(change({ fields: { plan: 'Pro', unsubscribed: false, cio_id: 'x', tag_vip: true } }));
    expect(result.summary).toContain('ignored reserved attribute(s) unsubscribed, cio_id, tag_vip');
    expect(kit.sim.trackRequests[0]?.body).toEqual({ email: 'jane@example.com', kommo_contact_id: 501, kommo_deal_id: 9001, first_name: 'Jane', last_name: 'Doe', plan: 'Pro' });
    expect(kit.sim.person('jane@example.com')?.unsubscribed).toBe(true);
  });

  it('tags become boolean tag_<name> attributes: added true, removed false', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'jane@example.com', attributes: { tag_trial: true, tag_active: true } });
    const result = await kit.adapter.push(change({ addTags: ['customer', 'plan_pro'], removeTags: ['trial'] }));
    expect(result.summary).toContain('tags +customer +plan_pro −trial');
    expect(kit.sim.person('jane@example.com')?.attributes).toMatchObject({ tag_customer: true, tag_plan_pro: true, tag_trial: false, tag_active: true });
    expect(await kit.adapter.readProfile(identity())).toMatchObject({ tags: ['active', 'customer', 'plan_pro'] });
  });

  it('sends the event after the identify with the ULID as given and the change time in seconds; a retry is one event', async () => {
    kit = await startKit();
    const changedAt = NOW - 5_000;
    const push = change({ event: wonEvent(changedAt) });
    const first = await kit.adapter.push(push);
    expect(first.summary).toMatch(/; event deal_won$/);

    const [identify, event] = kit.sim.trackRequests;
    expect(identify?.method).toBe('PUT');
    expect(event?.path).toBe('/api/v1/customers/jane%40example.com/events');
    expect(event?.body).toEqual({ name: 'deal_won', id: push.event?.id, timestamp: Math.floor(changedAt / 1000), data: { plan: 'Pro', deal_id: 9001 } });

    // The queue retries the same change: same id and timestamp, so Customer.io keeps one event.
    const second = await kit.adapter.push(push);
    expect(second.outcome).toBe('updated');
    expect(kit.sim.trackRequests[3]?.body).toEqual(event?.body);
    expect(kit.sim.events('jane@example.com')).toHaveLength(1);
    expect(kit.sim.duplicateEvents).toEqual([expect.objectContaining({ id: push.event?.id, name: 'deal_won' })]);
    // The retry saw an existing person: still unsubscribed (no consent), nothing re-subscribed.
    expect(kit.sim.person('jane@example.com')?.unsubscribed).toBe(true);
  });

  it('percent-encodes `+` and `@` in the path', async () => {
    kit = await startKit();
    await kit.adapter.push(change({ identity: identity('jane+crm@example.com'), event: wonEvent(NOW) }));
    expect(kit.sim.trackRequests.map((r) => r.path)).toEqual(['/api/v1/customers/jane%2Bcrm%40example.com', '/api/v1/customers/jane%2Bcrm%40example.com/events']);
    expect(kit.sim.person('jane+crm@example.com')?.email).toBe('jane+crm@example.com');
  });

  it('no email → EspRejectedInput before any request', async () => {
    kit = await startKit();
    const error = await kit.adapter.push(change({ identity: identity('') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspRejectedInput);
    expect((error as EspRejectedInput).reason).toContain('Kommo contact 501 has no email');
    expect(kit.sim.requests).toEqual([]);
  });

  it('an attribute Customer.io refuses → EspRejectedInput with its reason (v1 400 meta.errors), and no event', async () => {
    kit = await startKit();
    const error = await kit.adapter.push(change({ fields: { notes: 'x'.repeat(1001) }, event: wonEvent(NOW) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspRejectedInput);
    expect((error as EspRejectedInput).reason).toBe("value for attribute 'notes' cannot be longer than 1000 bytes");
    expect((error as EspRejectedInput).request).toBe('Track API PUT /api/v1/customers/{email}');
    expect(kit.sim.trackRequests.map((r) => r.method)).toEqual(['PUT']);
    expect(kit.sim.people()).toEqual([]);
  });
});

describe('customerio adapter: optOut', () => {
  let kit: Kit;
  afterEach(async () => {
    expect(kit.sim.unsubscribedFalseWrites()).toEqual([]);
    await kit.sim.close();
  });

  it('email: an identify with unsubscribed: true (there is no unsubscribe endpoint)', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'jane@example.com', attributes: { plan: 'Pro' } });
    const result = await kit.adapter.optOut(identity(), ['email']);
    expect(result).toEqual({ outcome: 'updated', summary: 'unsubscribed jane@example.com from all Customer.io messages' });
    expect(kit.sim.trackRequests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['PUT', '/api/v1/customers/jane%40example.com', { email: 'jane@example.com', unsubscribed: true, kommo_email_status: 'unsubscribed' }],
    ]);
    expect(kit.sim.person('jane@example.com')).toMatchObject({ unsubscribed: true, attributes: { plan: 'Pro' } });
    expect(await kit.adapter.readProfile(identity())).toMatchObject({ channels: { email: { status: 'unsubscribed' } } });
  });

  it('someone the bridge created without consent becomes explicitly unsubscribed', async () => {
    kit = await startKit();
    await kit.adapter.push(change());
    const result = await kit.adapter.optOut(identity(), ['email']);
    expect(result.outcome).toBe('updated');
    expect(kit.sim.person('jane@example.com')?.attributes['kommo_email_status']).toBe('unsubscribed');
    expect(await kit.adapter.readProfile(identity())).toMatchObject({ channels: { email: { status: 'unsubscribed' } } });
  });

  it('already unsubscribed → nothing written', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'jane@example.com', unsubscribed: true });
    const result = await kit.adapter.optOut(identity(), ['email']);
    expect(result).toEqual({ outcome: 'skipped', summary: 'jane@example.com was already unsubscribed in Customer.io' });
    expect(kit.sim.trackRequests).toEqual([]);
  });

  it('not in Customer.io → an update-only opt-out that creates nobody', async () => {
    kit = await startKit();
    const result = await kit.adapter.optOut(identity(), ['email']);
    expect(result.outcome).toBe('skipped');
    expect(kit.sim.trackRequests[0]?.body).toEqual({ email: 'jane@example.com', unsubscribed: true, kommo_email_status: 'unsubscribed', _update: true });
    expect(kit.sim.people()).toEqual([]);
  });

  it('sms: no request; the summary says Customer.io has no SMS channel to opt out of', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'jane@example.com' });
    const smsOnly = await kit.adapter.optOut(identity(), ['sms']);
    expect(smsOnly).toEqual({ outcome: 'skipped', summary: expect.stringMatching(/^SMS not changed: Customer.io's Track API has no SMS subscription/) });
    expect(kit.sim.requests).toEqual([]);
    expect(kit.sim.person('jane@example.com')?.unsubscribed).toBe(false);

    const both = await kit.adapter.optOut(identity(), ['email', 'sms']);
    expect(both.outcome).toBe('updated');
    expect(both.summary).toMatch(/^unsubscribed jane@example.com from all Customer.io messages; SMS not changed/);
  });
});
