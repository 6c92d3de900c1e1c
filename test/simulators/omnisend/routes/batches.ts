import { randomBytes } from 'node:crypto';
import { upsertContact } from '../contactWrites.ts';
import { json, type Batch, type BatchItem, type Handler, type SimContext } from '../context.ts';
import { invalidField, notFound, validationProblem } from '../problems.ts';
import { nowMs, rfc3339 } from '../time.ts';
import { Errors, isRecord } from '../validate.ts';
import { acceptEvent } from './events.ts';

// Batches. The reference (§A.6) documents v3 `POST /v3/batches` {method, endpoint, items} →
// {batchID, totalCount}, statuses pending/inProgress/finished/stopped, "up to 100 actions" [UNCERTAIN there].
// The same source repository holds the 2026-03-15 Batches API (openapi/_original/
// omnisend-batches-api-2026-03-15.json), which keeps that shape under /api: POST /api/batches
// {method: POST|PUT, endpoint: products|contacts|events|categories, items (1–100), origin?} → 201
// {batchID, totalCount}; GET /api/batches?endpoint= (required) with offset paging; GET /api/batches/{id};
// GET /api/batches/{id}/items. That is what is simulated. Processing is asynchronous; contacts items go
// through exactly the POST /api/contacts upsert (status-date rule and welcome flag included), events items
// through POST /api/events. Products and categories are accepted and finish without effect (not modelled).

const METHODS = ['POST', 'PUT'] as const;
const ENDPOINTS = ['products', 'contacts', 'events', 'categories'] as const;
const LISTABLE = ['products', 'contacts', 'events'] as const;
const STATUSES = ['pending', 'inProgress', 'finished', 'stopped'] as const;

const hexId = (): string => randomBytes(12).toString('hex');

function summary(b: Batch): Record<string, unknown> {
  const out: Record<string, unknown> = {
    batchID: b.batchID,
    method: b.method,
    endpoint: b.endpoint,
    status: b.status,
    totalCount: b.items.length,
    // [UNCERTAIN] finishedCount counts successful items; errorsCount the failed ones.
    finishedCount: b.responses.length,
    errorsCount: b.errors.length,
    createdAt: rfc3339(b.createdAt),
  };
  if (b.origin !== undefined) out['origin'] = b.origin;
  if (b.startedAt !== null) out['startedAt'] = rfc3339(b.startedAt);
  if (b.endedAt !== null) out['endedAt'] = rfc3339(b.endedAt);
  return out;
}

function process(ctx: SimContext, batch: Batch): void {
  batch.status = 'inProgress';
  batch.startedAt = nowMs();
  batch.items.forEach((item, index) => {
    let code = 200;
    let response: unknown = {};
    if (batch.endpoint === 'contacts') {
      const reply = upsertContact(ctx, item, `${batch.method} /api/batches (contacts)`, `items.${index}`);
      code = reply.status;
      response = reply.body;
    } else if (batch.endpoint === 'events') {
      const result = acceptEvent(ctx, item, `${batch.method} /api/batches (events)`);
      code = result.ok ? 202 : 400;
      response = result.ok ? {} : result.reply.body;
    }
    const record: BatchItem = { itemID: hexId(), request: item, response, responseCode: code, status: code < 300 ? 'finished' : 'failed' };
    (code < 300 ? batch.responses : batch.errors).push(record);
  });
  batch.status = 'finished';
  batch.endedAt = nowMs();
}

export const createBatch: Handler = (ctx, { request }) => {
  const body = request.body;
  if (!isRecord(body)) return validationProblem([{ field: '', code: 'invalid_type', message: 'Request body must be a JSON object' }]);
  const errors = new Errors();
  const method = body['method'];
  if (method === undefined) errors.required('method');
  else if (!(METHODS as readonly unknown[]).includes(method)) errors.add('method', 'invalid_value', 'Must be one of: POST, PUT');
  const endpoint = body['endpoint'];
  if (endpoint === undefined) errors.required('endpoint');
  else if (!(ENDPOINTS as readonly unknown[]).includes(endpoint)) errors.add('endpoint', 'invalid_value', `Must be one of: ${ENDPOINTS.join(', ')}`);
  const items = body['items'];
  if (items === undefined) errors.required('items');
  else if (!Array.isArray(items)) errors.type('items', 'an array');
  else if (items.length < 1 || items.length > 100) errors.add('items', 'out_of_range', 'Must contain between 1 and 100 items');
  const origin = errors.optionalString(body, 'origin', '');
  if (!errors.empty) return validationProblem(errors.list);

  const batch: Batch = {
    batchID: hexId(),
    method: method as Batch['method'],
    endpoint: endpoint as Batch['endpoint'],
    status: 'pending',
    items: structuredClone(items as unknown[]),
    responses: [],
    errors: [],
    createdAt: nowMs(),
    startedAt: null,
    endedAt: null,
  };
  if (origin !== undefined) batch.origin = origin;
  ctx.batches.set(batch.batchID, batch);
  ctx.work.schedule(() => process(ctx, batch));
  return json(201, { batchID: batch.batchID, totalCount: batch.items.length });
};

export const listBatches: Handler = (ctx, { request }) => {
  const q = request.query;
  const endpoint = q.get('endpoint');
  if (endpoint === null) return invalidField('endpoint', 'required', 'Query parameter endpoint is required');
  if (!(LISTABLE as readonly string[]).includes(endpoint)) return invalidField('endpoint', 'invalid_value', `Must be one of: ${LISTABLE.join(', ')}`);
  const status = q.get('status');
  if (status !== null && !(STATUSES as readonly string[]).includes(status)) return invalidField('status', 'invalid_value', `Must be one of: ${STATUSES.join(', ')}`);
  const offset = Number(q.get('offset') ?? '0');
  const limit = Number(q.get('limit') ?? '100');
  if (!Number.isInteger(offset) || offset < 0) return invalidField('offset', 'out_of_range', 'Must be an integer ≥ 0');
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) return invalidField('limit', 'out_of_range', 'Must be an integer between 1 and 250');
  const all = [...ctx.batches.values()].filter((b) => b.endpoint === endpoint && (status === null || b.status === status)).sort((a, b) => b.createdAt - a.createdAt);
  const page = all.slice(offset, offset + limit);
  const link = (o: number) => `https://api.omnisend.com/api/batches?endpoint=${endpoint}&limit=${limit}&offset=${o}`;
  const paging: Record<string, unknown> = { limit, offset };
  if (offset + limit < all.length) paging['next'] = link(offset + limit);
  if (offset > 0) paging['previous'] = link(Math.max(0, offset - limit));
  return json(200, { batches: page.map(summary), paging });
};

export const getBatch: Handler = (ctx, { params }) => {
  const batch = ctx.batches.get(params[0] ?? '');
  return batch ? json(200, summary(batch)) : notFound('Batch not found');
};

export const getBatchItems: Handler = (ctx, { params }) => {
  const batch = ctx.batches.get(params[0] ?? '');
  if (!batch) return notFound('Batch not found');
  return json(200, { ...summary(batch), responses: batch.responses, errors: batch.errors });
};
