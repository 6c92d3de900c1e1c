import type { Route } from '../router.ts';
import { getAccount, getCustomFields, getPipelines, getUser } from './account.ts';
import { addNotes } from './notes.ts';
import { patchMany, patchOne } from './patch.ts';
import { accessToken } from './oauth.ts';
import { getOne, list } from './read.ts';
import { addTasks } from './tasks.ts';
import { addWebhook, deleteWebhook, listWebhooks } from './webhooks.ts';

// Exact paths only (no trailing slash, no extra segments): a wrong path must surface as a 404 in tests.
// A known path with another method answers 405 (reference §5.2 lists 405).
export const routes: Route[] = [
  { method: 'GET', pattern: /^\/api\/v4\/account$/, handler: getAccount },
  { method: 'GET', pattern: /^\/api\/v4\/users\/(\d+)$/, handler: getUser },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/pipelines$/, handler: getPipelines },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/custom_fields$/, handler: getCustomFields('leads') },
  { method: 'GET', pattern: /^\/api\/v4\/contacts\/custom_fields$/, handler: getCustomFields('contacts') },

  { method: 'GET', pattern: /^\/api\/v4\/leads$/, handler: list('leads') },
  { method: 'PATCH', pattern: /^\/api\/v4\/leads$/, handler: patchMany('leads') },
  { method: 'GET', pattern: /^\/api\/v4\/leads\/(\d+)$/, handler: getOne('leads') },
  { method: 'PATCH', pattern: /^\/api\/v4\/leads\/(\d+)$/, handler: patchOne('leads') },
  { method: 'POST', pattern: /^\/api\/v4\/leads\/notes$/, handler: addNotes('leads', false) },
  { method: 'POST', pattern: /^\/api\/v4\/leads\/(\d+)\/notes$/, handler: addNotes('leads', true) },

  { method: 'GET', pattern: /^\/api\/v4\/contacts$/, handler: list('contacts') },
  { method: 'PATCH', pattern: /^\/api\/v4\/contacts$/, handler: patchMany('contacts') },
  { method: 'GET', pattern: /^\/api\/v4\/contacts\/(\d+)$/, handler: getOne('contacts') },
  { method: 'PATCH', pattern: /^\/api\/v4\/contacts\/(\d+)$/, handler: patchOne('contacts') },
  { method: 'POST', pattern: /^\/api\/v4\/contacts\/notes$/, handler: addNotes('contacts', false) },
  { method: 'POST', pattern: /^\/api\/v4\/contacts\/(\d+)\/notes$/, handler: addNotes('contacts', true) },

  { method: 'POST', pattern: /^\/api\/v4\/tasks$/, handler: addTasks },

  { method: 'GET', pattern: /^\/api\/v4\/webhooks$/, handler: listWebhooks },
  { method: 'POST', pattern: /^\/api\/v4\/webhooks$/, handler: addWebhook },
  { method: 'DELETE', pattern: /^\/api\/v4\/webhooks$/, handler: deleteWebhook },

  { method: 'POST', pattern: /^\/oauth2\/access_token$/, handler: accessToken },
];
