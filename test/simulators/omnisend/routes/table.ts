import type { Route } from '../context.ts';
import { createBatch, getBatch, getBatchItems, listBatches } from './batches.ts';
import { getContact, listContactsRoute, patchContactByEmail, patchContactById, postContact } from './contacts.ts';
import { postEvent } from './events.ts';
import { addTags, removeTags } from './tags.ts';

// Exact 2026-03-15 paths under /api (reference §A.1–§A.6). Order matters: /contacts/tags before /contacts/{id}.
export const routes: Route[] = [
  { method: 'POST', pattern: /^\/api\/contacts\/tags$/, handler: addTags, bucket: 'tags' },
  { method: 'DELETE', pattern: /^\/api\/contacts\/tags$/, handler: removeTags, bucket: 'tags' },
  { method: 'POST', pattern: /^\/api\/contacts$/, handler: postContact },
  { method: 'GET', pattern: /^\/api\/contacts$/, handler: listContactsRoute },
  { method: 'PATCH', pattern: /^\/api\/contacts$/, handler: patchContactByEmail },
  { method: 'GET', pattern: /^\/api\/contacts\/([^/]+)$/, handler: getContact },
  { method: 'PATCH', pattern: /^\/api\/contacts\/([^/]+)$/, handler: patchContactById },
  { method: 'POST', pattern: /^\/api\/events$/, handler: postEvent },
  { method: 'POST', pattern: /^\/api\/batches$/, handler: createBatch },
  { method: 'GET', pattern: /^\/api\/batches$/, handler: listBatches },
  { method: 'GET', pattern: /^\/api\/batches\/([^/]+)$/, handler: getBatch },
  { method: 'GET', pattern: /^\/api\/batches\/([^/]+)\/items$/, handler: getBatchItems },
];
