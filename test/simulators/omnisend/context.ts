import type { RecordedRequest } from '../shared/recordedRequest.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import type { AsyncWork } from './asyncWork.ts';
import type { TimestampPrecision } from './contactView.ts';
import type { OmnisendState } from './state.ts';

/** One POST or DELETE /api/contacts/tags as received, and when it took effect. */
export interface TagOperation {
  action: 'add' | 'remove';
  tags: string[];
  contactIDs: string[];
  emails: string[];
  phones: string[];
  segmentID?: string;
  receivedAt: string;
  /** null until the asynchronous apply ran. */
  appliedAt: string | null;
  /** Contacts the selectors matched at apply time (unknown emails/phones silently dropped). */
  matchedContactIds: string[];
}

/** One accepted POST /api/events (or events batch item). */
export interface RecordedEvent {
  eventName: string;
  origin: string;
  eventID: string;
  eventVersion?: string;
  eventTime: string;
  contact: Record<string, unknown>;
  properties: Record<string, unknown>;
  receivedAt: string;
  /** The contact the event was attached to, once applied; null before. */
  contactId: string | null;
}

export interface BatchItem {
  itemID: string;
  request: unknown;
  response: unknown;
  responseCode: number;
  status: 'finished' | 'failed';
}

export interface Batch {
  batchID: string;
  method: 'POST' | 'PUT';
  endpoint: 'products' | 'contacts' | 'events' | 'categories';
  origin?: string;
  status: 'pending' | 'inProgress' | 'finished' | 'stopped';
  items: unknown[];
  responses: BatchItem[];
  errors: BatchItem[];
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

/** Everything a route may touch. */
export interface SimContext {
  state: OmnisendState;
  work: AsyncWork;
  precision: TimestampPrecision;
  tagOperations: TagOperation[];
  events: RecordedEvent[];
  batches: Map<string, Batch>;
}

export interface RouteRequest {
  /** Regex captures of the route pattern. */
  params: string[];
  request: RecordedRequest;
}

export type Handler = (ctx: SimContext, req: RouteRequest) => SimReply;

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handler: Handler;
  /** Extra sliding-window bucket for this route (the tags endpoints' 60/min). */
  bucket?: 'tags';
}

export const json = (status: number, body: unknown): SimReply => ({ status, body });
