import type { SimReply } from '../../shared/simulatorServer.ts';
import type { Handler, SimContext, TagOperation } from '../context.ts';
import type { StoredContact } from '../model.ts';
import { validationProblem } from '../problems.ts';
import { nowMs, rfc3339 } from '../time.ts';
import { Errors, isRecord } from '../validate.ts';

// POST / DELETE /api/contacts/tags (reference §A.2, 2026 spec): body {tags (1–100), contactIDs | emails |
// phones (≤250 each) | segmentID}, at least one selector, union of matches, each contact once. Answer 202
// with no body and apply later ("Tagging is performed asynchronously"). "Emails and phones with no
// matching contact are silently ignored"; unknown contactIDs are ignored too [UNCERTAIN]. Matching is
// exact: a differently-cased email is another (or no) contact. 60 requests/min (see rateLimit.ts).

function parse(body: unknown): Omit<TagOperation, 'action' | 'receivedAt' | 'appliedAt' | 'matchedContactIds'> | SimReply {
  if (!isRecord(body)) return validationProblem([{ field: '', code: 'invalid_type', message: 'Request body must be a JSON object' }]);
  const errors = new Errors();
  const tags = errors.stringArray(body, 'tags', '', 100);
  if (body['tags'] === undefined || (tags !== undefined && tags.length === 0)) errors.add('tags', 'required', 'At least one tag is required');
  const contactIDs = errors.stringArray(body, 'contactIDs', '', 250) ?? [];
  const emails = errors.stringArray(body, 'emails', '', 250) ?? [];
  const phones = errors.stringArray(body, 'phones', '', 250) ?? [];
  const segmentID = errors.optionalString(body, 'segmentID', '');
  const given = (key: string): boolean => body[key] !== undefined && !(Array.isArray(body[key]) && body[key].length === 0);
  if (!['contactIDs', 'emails', 'phones', 'segmentID'].some(given)) {
    errors.add('contactIDs', 'required', 'At least one of contactIDs, emails, phones or segmentID is required');
  }
  if (!errors.empty) return validationProblem(errors.list);
  const op: Omit<TagOperation, 'action' | 'receivedAt' | 'appliedAt' | 'matchedContactIds'> = { tags: tags ?? [], contactIDs, emails, phones };
  if (segmentID !== undefined) op.segmentID = segmentID;
  return op;
}

function match(ctx: SimContext, op: TagOperation): StoredContact[] {
  const found = new Map<string, StoredContact>();
  const add = (c: StoredContact | undefined) => {
    if (c) found.set(c.id, c);
  };
  for (const id of op.contactIDs) add(ctx.state.get(id));
  for (const email of op.emails) add(ctx.state.byEmail(email));
  for (const phone of op.phones) add(ctx.state.byPhone(phone));
  if (op.segmentID !== undefined) for (const c of ctx.state.contacts.values()) if (c.segments.includes(op.segmentID)) add(c);
  return [...found.values()];
}

function tagHandler(action: TagOperation['action']): Handler {
  return (ctx, { request }) => {
    const parsed = parse(request.body);
    if ('status' in parsed) return parsed;
    const op: TagOperation = { ...parsed, action, receivedAt: rfc3339(nowMs()), appliedAt: null, matchedContactIds: [] };
    ctx.tagOperations.push(op);
    ctx.work.schedule(() => {
      const contacts = match(ctx, op);
      for (const c of contacts) {
        if (action === 'add') ctx.state.addTags(c, op.tags);
        else ctx.state.removeTags(c, op.tags);
      }
      op.matchedContactIds = contacts.map((c) => c.id);
      op.appliedAt = rfc3339(nowMs());
    });
    return { status: 202 };
  };
}

export const addTags = tagHandler('add');
export const removeTags = tagHandler('remove');
