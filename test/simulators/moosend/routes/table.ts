import type { Route } from '../router.ts';
import { createCustomField, createList, getListDetails, getLists, getListsPaged } from './lists.ts';
import { findSubscriber, subscribersByStatus, viewSubscriber } from './read.ts';
import { subscribe, subscribeMany, updateSubscriber } from './subscribe.ts';
import { deleteFromAccount, deleteFromList, remove, removeMany, unsubscribeAccount, unsubscribeCampaign, unsubscribeList } from './unsubscribe.ts';

// Exact paths under /v3 with the `.json` format extension (reference B.1). The `.xml` format is not
// simulated: such a path is unknown here (404). A known path with another method answers 405.
const seg = '([^/]+)';

export const routes: Route[] = [
  { method: 'GET', pattern: /^\/v3\/lists\.json$/, handler: getLists },
  { method: 'GET', pattern: /^\/v3\/lists\/(\d+)\/(\d+)\.json$/, handler: getListsPaged },
  { method: 'POST', pattern: /^\/v3\/lists\/create\.json$/, handler: createList },
  { method: 'GET', pattern: new RegExp(`^/v3/lists/${seg}/details\\.json$`), handler: getListDetails },
  { method: 'POST', pattern: new RegExp(`^/v3/lists/${seg}/customfields/create\\.json$`), handler: createCustomField },
  { method: 'GET', pattern: new RegExp(`^/v3/lists/${seg}/subscribers/${seg}\\.json$`), handler: subscribersByStatus },

  { method: 'GET', pattern: new RegExp(`^/v3/subscribers/${seg}/view\\.json$`), handler: viewSubscriber },
  { method: 'GET', pattern: new RegExp(`^/v3/subscribers/${seg}/find/${seg}\\.json$`), handler: findSubscriber },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/subscribe\\.json$`), limit: 'subscribe', handler: subscribe },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/subscribe_many\\.json$`), limit: 'subscribe_many', handler: subscribeMany },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/update/${seg}\\.json$`), handler: updateSubscriber },

  { method: 'POST', pattern: /^\/v3\/subscribers\/unsubscribe\.json$/, limit: 'unsubscribe_account', handler: unsubscribeAccount },
  { method: 'POST', pattern: /^\/v3\/subscribers\/delete\.json$/, limit: 'delete_account', handler: deleteFromAccount },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/unsubscribe\\.json$`), limit: 'unsubscribe_list', handler: unsubscribeList },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/${seg}/unsubscribe\\.json$`), limit: 'unsubscribe_campaign', handler: unsubscribeCampaign },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/remove\\.json$`), limit: 'remove', handler: remove },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/remove_many\\.json$`), limit: 'remove_many', handler: removeMany },
  { method: 'POST', pattern: new RegExp(`^/v3/subscribers/${seg}/delete\\.json$`), limit: 'delete_list', handler: deleteFromList },
];
