import type { SimReply } from '../shared/simulatorServer.ts';
import { parseContactRequest } from './contactRequest.ts';
import { renderContact } from './contactView.ts';
import { json, type SimContext } from './context.ts';
import type { StoredContact } from './model.ts';
import { conflict, validationProblem } from './problems.ts';
import { join } from './validate.ts';

/**
 * POST /api/contacts: "Creates a new contact. If a contact with the provided email identifier already
 * exists, it will be updated instead. Returns 201 Created for new contacts and 200 OK when an existing
 * contact was updated" (reference §A.2). The email match is exact: "Jane@x.com" and "jane@x.com" are
 * two contacts. Also used for contacts batch items (`path` prefixes error fields).
 */
export function upsertContact(ctx: SimContext, body: unknown, via: string, path = ''): SimReply {
  const parsed = parseContactRequest(body, { requireIdentifiers: true, path });
  if (!parsed.ok) return validationProblem(parsed.errors);
  const { state } = ctx;
  state.noteUnknownFields(via, parsed.unknownFields);
  const { write } = parsed;
  const email = write.identifiers.find((i) => i.type === 'email');
  // [UNCERTAIN] a write with only phone identifiers updates the contact owning the first phone; the
  // spec only speaks of upsert by email.
  const firstPhone = write.identifiers.find((i) => i.type === 'phone');
  const existing = email ? state.byEmail(email.id) : firstPhone ? state.byPhone(firstPhone.id) : undefined;
  if (existing) {
    state.applyWrite(existing, write, via, false);
    return json(200, renderContact(existing, ctx.precision));
  }
  const contact = state.blank();
  state.applyWrite(contact, write, via, true);
  state.insert(contact);
  return json(201, renderContact(contact, ctx.precision));
}

/**
 * PATCH /api/contacts/{id} and PATCH /api/contacts?email= ("Pass only fields you want to update"; 409 =
 * identifier already exists on another contact; 404 = not found — §A.2). The email identifier cannot be
 * changed (v3 wording); [UNCERTAIN] answer for a different, unused email: 400 `immutable`.
 */
export function patchContact(ctx: SimContext, contact: StoredContact, body: unknown, via: string): SimReply {
  const parsed = parseContactRequest(body, { requireIdentifiers: false });
  if (!parsed.ok) return validationProblem(parsed.errors);
  const { state } = ctx;
  const { write } = parsed;
  const ownEmail = contact.identifiers.find((i) => i.type === 'email');
  for (const [index, w] of write.identifiers.entries()) {
    const owner = state.ownerOf(w.type, w.id);
    if (owner && owner.id !== contact.id) return conflict(`Contact identifier ${w.id} already exists`);
    if (w.type === 'email' && ownEmail && ownEmail.id !== w.id) {
      return validationProblem([{ field: join(join('identifiers', index), 'id'), code: 'immutable', message: 'The email identifier of a contact cannot be changed' }]);
    }
  }
  state.noteUnknownFields(via, parsed.unknownFields);
  state.applyWrite(contact, write, via, false);
  return json(200, renderContact(contact, ctx.precision));
}
