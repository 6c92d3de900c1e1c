import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { KommoAccessMissing, KommoApiError } from '../kommo/kommoErrors.ts';
import { MalformedWebhookBody } from '../kommo/malformedWebhookBody.ts';
import type { Logger } from '../log/logger.ts';
import { describeError } from '../queue/retryHint.ts';
import { HttpError } from './httpErrors.ts';
import { KommoAccountDisconnected } from '../oauth/oauthErrors.ts';
import { loggablePath, requestIdOf } from './requestLog.ts';
import { isStorageFailure, storageFailureCode } from '../store/storageFailure.ts';


export function errorHandler({ log }: { log: Logger }) {
  return function errorHandler(error: Error, c: Context) {
    if (error instanceof HttpError) {
      return c.json({ error: error.code, message: error.message }, error.status);
    }
    if (error instanceof MalformedWebhookBody) {
      return c.json({ error: 'malformed_body', message: error.message }, 400);
    }
    if (error instanceof HTTPException) {
      return c.json({ error: 'bad_request', message: error.message }, error.status);
    }
    if (error instanceof KommoAccountDisconnected) {
      return c.json({ error: 'account_not_connected', message: error.message }, 403);
    }
    if (error instanceof KommoAccessMissing) {
      return c.json({ error: 'kommo_not_connected', message: error.message }, 503);
    }
    if (error instanceof KommoApiError) {
      log.warn('kommo.failed_during_request', { requestId: requestIdOf(c), path: loggablePath(c.req.path), error: describeError(error) });
      return c.json({ error: 'kommo_failed', message: error.message }, 502);
    }
    if (isStorageFailure(error)) {
      const code = storageFailureCode(error);
      log.error('storage.unavailable', { requestId: requestIdOf(c), code, path: loggablePath(c.req.path), error: describeError(error) });
      c.header('Retry-After', '30');
      return c.json({ error: 'storage_unavailable', message: 'The bridge cannot store this request right now; send it again later.' }, 503);
    }
    log.error('http.unhandled', { requestId: requestIdOf(c), path: loggablePath(c.req.path), error: describeError(error), stack: error.stack });
    return c.json({ error: 'internal', message: 'The bridge failed on this request; the error is in its log.' }, 500);
  };
}
