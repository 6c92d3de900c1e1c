import { describe, expect, it } from 'vitest';
import { authorizedTransport, BackendUnreachable } from './authorizedTransport.ts';
import type { AuthorizedAjaxOptions, JqDeferred, JqXhr, KommoWidget } from './kommoHost.ts';

type Outcome = { done: [unknown, string, JqXhr] } | { fail: [JqXhr, string, unknown] };

/** A widget whose `$authorizedAjax` records the options and settles the way jQuery would. */
function widgetAnswering(outcome: Outcome) {
  const calls: AuthorizedAjaxOptions[] = [];
  const deferred: JqDeferred = {
    done(callback) {
      if ('done' in outcome) callback(...outcome.done);
      return deferred;
    },
    fail(callback) {
      if ('fail' in outcome) callback(...outcome.fail);
      return deferred;
    },
  };
  const widget = {
    $authorizedAjax: (options: AuthorizedAjaxOptions) => (calls.push(options), deferred),
  } as unknown as KommoWidget;
  return { widget, calls };
}

describe('authorizedTransport', () => {
  it('sends JSON to the backend URL plus the path, with the panel headers', async () => {
    const { widget, calls } = widgetAnswering({ done: [{ leadId: 7 }, 'success', { status: 200 }] });
    const transport = authorizedTransport(widget, 'https://bridge.example.com/');
    const answer = await transport({ method: 'POST', path: '/api/leads/7/resync', body: { a: 1 }, headers: { 'Idempotency-Key': 'k1' } });
    expect(answer).toEqual({ status: 200, body: { leadId: 7 } });
    expect(calls).toEqual([
      {
        url: 'https://bridge.example.com/api/leads/7/resync',
        method: 'POST',
        headers: { 'Idempotency-Key': 'k1' },
        dataType: 'json',
        contentType: 'application/json',
        data: '{"a":1}',
      },
    ]);
  });

  it('sends no body on a GET', async () => {
    const { widget, calls } = widgetAnswering({ done: [{}, 'success', { status: 200 }] });
    await authorizedTransport(widget, 'https://bridge.example.com')({ method: 'GET', path: '/api/leads/7/panel' });
    expect(calls[0]).toEqual({ url: 'https://bridge.example.com/api/leads/7/panel', method: 'GET', headers: {}, dataType: 'json' });
  });

  it('resolves an error status with its JSON body', async () => {
    const error = { error: { code: 'unauthorized', message: 'Bad token.' } };
    const { widget } = widgetAnswering({ fail: [{ status: 401, responseJSON: error, responseText: JSON.stringify(error) }, 'error', 'Unauthorized'] });
    await expect(authorizedTransport(widget, 'https://b.example')({ method: 'GET', path: '/x' })).resolves.toEqual({ status: 401, body: error });
  });

  it('resolves a body jQuery could not parse as null, keeping the status', async () => {
    const { widget } = widgetAnswering({ fail: [{ status: 502, responseText: '<html>Bad gateway</html>' }, 'error', 'Bad Gateway'] });
    await expect(authorizedTransport(widget, 'https://b.example')({ method: 'GET', path: '/x' })).resolves.toEqual({ status: 502, body: null });
    const empty = widgetAnswering({ fail: [{ status: 200, responseText: '' }, 'parsererror', new SyntaxError('end')] });
    await expect(authorizedTransport(empty.widget, 'https://b.example')({ method: 'POST', path: '/x', body: {} })).resolves.toEqual({ status: 200, body: null });
  });

  it('resolves a 204 with a null body', async () => {
    const { widget } = widgetAnswering({ done: [undefined, 'nocontent', { status: 204 }] });
    await expect(authorizedTransport(widget, 'https://b.example')({ method: 'POST', path: '/x', body: {} })).resolves.toEqual({ status: 204, body: null });
  });

  it('rejects only when no answer came back', async () => {
    const { widget } = widgetAnswering({ fail: [{ status: 0, responseText: '' }, 'error', ''] });
    await expect(authorizedTransport(widget, 'https://b.example')({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(BackendUnreachable);
  });
});
