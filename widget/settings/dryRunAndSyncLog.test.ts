import { describe, expect, it } from 'vitest';
import type { DryRunResponse, SyncLogEntry } from '../../backend-lite/api/adminContract.ts';
import type { AdminRequest } from './adminApi.ts';
import { createDryRunModel } from './dryRunModel.ts';
import { createSyncLogModel } from './syncLogModel.ts';

type Answer = { status: number; body: unknown } | Error;

function fakeTransport(...answers: Answer[]) {
  const requests: AdminRequest[] = [];
  async function transport(request: AdminRequest) {
    requests.push(request);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no answer left for ${request.method} ${request.path}`);
    if (answer instanceof Error) throw answer;
    return answer;
  }
  return { transport, requests };
}

const dryRun: DryRunResponse = {
  leadId: 1001,
  contacts: [
    {
      kommoContactId: 11,
      email: 'jane@acme.example',
      esps: [
        { esp: 'moosend', requests: [{ method: 'POST', url: 'https://api.moosend.com/v3/subscribers/list-1/subscribe.json', body: { Email: 'jane@acme.example' } }], note: null },
        { esp: 'customerio', requests: [], note: 'No Customer.io event for this stage.' },
      ],
    },
  ],
};

const entry = (jobId: number, status: SyncLogEntry['status']): SyncLogEntry => ({
  jobId,
  kind: 'esp.push',
  target: 'moosend',
  action: 'sent',
  esp: 'moosend',
  kommoContactId: 11,
  contact: { name: 'Jane Doe', email: 'jane@acme.example' },
  leadId: 1001,
  status,
  attempts: status === 'dead' ? 8 : 1,
  lastError: status === 'dead' ? 'EspBadCredentials: Moosend rejected the API key (Code 401)' : null,
  failure: status === 'dead' ? { kind: 'key-rejected', by: 'moosend' } : null,
  createdAt: 1_700_000_000_000,
  finishedAt: null,
});

describe('dry run', () => {
  it('POSTs the deal id and keeps what each ESP would receive', async () => {
    const { transport, requests } = fakeTransport({ status: 200, body: dryRun });
    const model = createDryRunModel({ transport });
    await model.run(1001);
    expect(requests).toEqual([{ method: 'POST', path: '/api/admin/dry-run', body: { leadId: 1001 } }]);
    expect(model.state.value).toEqual({ phase: 'done', result: dryRun });
  });

  it('sends nothing for a deal id that is not a positive whole number', async () => {
    const { transport, requests } = fakeTransport();
    const model = createDryRunModel({ transport });
    await model.run(Number(''));
    await model.run(-3);
    await model.run(1.5);
    expect(requests).toEqual([]);
    expect(model.state.value).toEqual({ phase: 'idle' });
  });

  it('reports a failure with the deal id to retry', async () => {
    const { transport } = fakeTransport({ status: 404, body: { error: 'lead_not_found', message: 'No deal 9 in Kommo.' } });
    const model = createDryRunModel({ transport });
    await model.run(9);
    expect(model.state.value).toMatchObject({ phase: 'failed', leadId: 9, failure: { kind: 'http', status: 404, message: 'No deal 9 in Kommo.' } });
  });
});

describe('sync log', () => {
  it('GETs the log with the chosen filters', async () => {
    const { transport, requests } = fakeTransport({ status: 200, body: { entries: [entry(1, 'done')] } }, { status: 200, body: { entries: [entry(2, 'dead')] } });
    const model = createSyncLogModel({ transport });
    await model.load();
    await model.filter({ status: 'dead', contact: ' 11 ' });
    expect(requests.map((request) => request.path)).toEqual(['/api/admin/sync-log', '/api/admin/sync-log?status=dead&contact=11']);
    expect(model.entries.value?.map((shown) => [shown.jobId, shown.status])).toEqual([[2, 'dead']]);
  });

  it('retries a dead job and then reloads the log', async () => {
    const { transport, requests } = fakeTransport(
      { status: 200, body: { entries: [entry(2, 'dead')] } },
      { status: 200, body: { jobId: 2, status: 'pending' } },
      { status: 200, body: { entries: [entry(2, 'done')] } },
    );
    const model = createSyncLogModel({ transport });
    await model.load();
    await model.retry(2);
    expect(requests.slice(1)).toEqual([
      { method: 'POST', path: '/api/admin/jobs/2/retry' },
      { method: 'GET', path: '/api/admin/sync-log' },
    ]);
    expect(model.entries.value?.[0]?.status).toBe('done');
    expect(model.retryFailure.value).toBeNull();
  });

  it('says which retry failed and still shows the log', async () => {
    const { transport } = fakeTransport(
      { status: 404, body: { error: 'job_not_dead', message: 'No dead job 2 in this account.' } },
      { status: 200, body: { entries: [entry(2, 'pending')] } },
    );
    const model = createSyncLogModel({ transport });
    await model.retry(2);
    expect(model.retryFailure.value).toMatchObject({ jobId: 2, failure: { kind: 'http', status: 404, code: 'job_not_dead' } });
    expect(model.entries.value?.[0]?.status).toBe('pending');
  });
});
