import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../log/logger.ts';
import type { BridgeMetrics, WebhookOutcome, WebhookSource } from '../metrics/bridgeMetrics.ts';
import { webhookAcceptanceOf } from './webhookOutcome.ts';

export type RequestLogOptions = { log: Logger; metrics?: BridgeMetrics | undefined };

const SLOW_MS = 1_000;
const webhookPath = /^\/webhooks\/(kommo|customerio|omnisend|moosend)\/[^/]+/;

/** A webhook path ends in its secret: log lines name the sender, never the address. */
export function loggablePath(path: string): string {
  return path.replace(/^\/webhooks\/([^/]+)\/[^/]+/, '/webhooks/$1/[secret]');
}

/**
 * One `http.request` line per request with its request id (set by hono/request-id before this
 * runs), and the webhook metrics: the route says what came of a body it accepted, the status
 * says why one was refused.
 */
export function requestLog({ log, metrics }: RequestLogOptions): MiddlewareHandler {
  return async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    const status = c.res.status;
    const acceptance = webhookAcceptanceOf(c);
    const source = webhookPath.exec(c.req.path)?.[1] as WebhookSource | undefined;
    if (source && c.req.method === 'POST') metrics?.webhookAnswered(source, acceptance?.outcome ?? refusalOf(status), ms);
    // A line per accepted webhook would cost more than the webhook itself at 3,000/s: refusals,
    // failures and slow answers are logged at info, the rest at debug (LOG_LEVEL=debug shows all).
    const level = status >= 400 || ms >= SLOW_MS ? 'info' : 'debug';
    log[level]('http.request', {
      requestId: requestIdOf(c),
      method: c.req.method,
      path: loggablePath(c.req.path),
      status,
      ms: Math.round(ms * 100) / 100,
      ...(acceptance ? { webhook: acceptance.outcome, webhookId: acceptance.webhookId } : {}),
    });
  };
}

export function requestIdOf(c: Context): string | undefined {
  return c.get('requestId') as string | undefined;
}

function refusalOf(status: number): WebhookOutcome {
  if (status === 413) return 'too_large';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'refused' : 'failed';
}
