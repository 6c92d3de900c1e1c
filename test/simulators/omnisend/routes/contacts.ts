import { upsertContact, patchContact } from '../contactWrites.ts';
import { renderContact } from '../contactView.ts';
import { json, type Handler } from '../context.ts';
import { listContacts } from '../listQuery.ts';
import { invalidField, notFound } from '../problems.ts';

// Contacts endpoints of 2026-03-15 (reference §A.2).

export const postContact: Handler = (ctx, { request }) => upsertContact(ctx, request.body, 'POST /api/contacts');

export const listContactsRoute: Handler = (ctx, { request }) => listContacts(ctx.state.contacts.values(), request.query, ctx.precision);

export const getContact: Handler = (ctx, { params }) => {
  const contact = ctx.state.get(decodeURIComponent(params[0] ?? ''));
  return contact ? json(200, renderContact(contact, ctx.precision)) : notFound('Contact not found');
};

export const patchContactById: Handler = (ctx, { params, request }) => {
  const contact = ctx.state.get(decodeURIComponent(params[0] ?? ''));
  if (!contact) return notFound('Contact not found');
  return patchContact(ctx, contact, request.body, 'PATCH /api/contacts/{id}');
};

export const patchContactByEmail: Handler = (ctx, { request }) => {
  const email = request.query.get('email');
  if (email === null || email === '') return invalidField('email', 'required', 'Query parameter email is required');
  const contact = ctx.state.byEmail(email); // exact, case-sensitive (§A.2)
  if (!contact) return notFound('Contact not found');
  return patchContact(ctx, contact, request.body, 'PATCH /api/contacts?email=');
};
