import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maxInWindow, type RecordedRequest } from './recordedRequest.ts';

/** What a simulator route answers; the server turns it into HTTP. */
export interface SimReply {
  status: number;
  /** undefined → empty body. A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FailNextOptions {
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Replaces the simulator's own error body for that status. */
  body?: unknown;
  /** For 429: the Retry-After the simulator announces. */
  retryAfterSeconds?: number;
  /** Only requests whose pathname matches count (and consume the fault). */
  path?: RegExp;
  method?: string;
  /** An outage with an end rather than a count: matching requests fail while this says true, whatever `times` says. */
  while?: () => boolean;
}

export interface SimulatorServerOptions {
  /** The simulated API: auth, rate limits, routes. Called for every request not hit by a fault. */
  handle: (request: RecordedRequest) => SimReply | Promise<SimReply>;
  /**
   * The service's own error body for an injected failure (its envelope, its 429 shape). `request` is the
   * request the fault hit, for a service whose injected failure has side effects (Kommo: a 429 starts a penalty).
   */
  faultReply: (status: number, retryAfterSeconds: number, request: RecordedRequest) => SimReply;
  /**
   * Optional gate that sees every recorded request on arrival, before hang and injected faults (a limiter
   * that counts hung requests too, as Kommo's does). A reply it returns wins over injected faults and `handle`.
   */
  admit?: (request: RecordedRequest) => SimReply | undefined;
  defaultRetryAfterSeconds?: number;
}

export interface SimulatorServer {
  readonly origin: string;
  /** Every request received, in arrival order (failed and hung ones included). */
  readonly requests: RecordedRequest[];
  maxRequestsInAnyWindow(ms: number, filter?: (request: RecordedRequest) => boolean): number;
  failNext(options: FailNextOptions): void;
  /** Delay every answer (state changes apply at once, like a slow real server). */
  setLatency(ms: number): void;
  /** Accept requests and never answer them while on. */
  hang(on: boolean): void;
  /** Refuse service while on: every connection is reset without an answer (a service that is down). */
  down(on: boolean): void;
  /** Clears faults, latency, hang, down and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/** What every simulator exposes as it is: the request log and the fault controls. */
export type SimulatorControls = 'requests' | 'maxRequestsInAnyWindow' | 'failNext' | 'setLatency' | 'hang' | 'down' | 'close';

interface PendingFault extends FailNextOptions {
  remaining: number;
}

const now = (): number => performance.timeOrigin + performance.now();

/**
 * The HTTP half every simulator shares: request recording, injected failures, latency, hangs and
 * outages. The simulated API itself (paths, auth, shapes, limits, traps) lives in `handle`.
 */
export async function startSimulatorServer({
  handle,
  faultReply,
  admit,
  defaultRetryAfterSeconds = 1,
}: SimulatorServerOptions): Promise<SimulatorServer> {
  const requests: RecordedRequest[] = [];
  let faults: PendingFault[] = [];
  let latencyMs = 0;
  let hanging = false;
  let isDown = false;
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  function takeFault(rec: RecordedRequest): SimReply | undefined {
    const { method, path } = rec;
    faults = faults.filter((f) => !f.while || f.while());
    const fault = faults.find((f) => (!f.method || f.method.toUpperCase() === method) && (!f.path || new RegExp(f.path.source, f.path.flags.replace(/[gy]/g, '')).test(path)));
    if (!fault) return undefined;
    if (!fault.while) fault.remaining -= 1;
    if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
    const reply = faultReply(fault.status, fault.retryAfterSeconds ?? defaultRetryAfterSeconds, rec);
    return fault.body === undefined ? reply : { ...reply, body: fault.body };
  }

  function write(res: ServerResponse, rec: RecordedRequest, reply: SimReply): void {
    rec.status = reply.status;
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    headers['content-type'] ??= typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers).end(payload);
  }

  function listener(req: IncomingMessage, res: ServerResponse): void {
    const at = now();
    if (isDown) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://simulator.invalid');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = rawBody.trim() === '' ? undefined : (JSON.parse(rawBody) as unknown);
      } catch {
        body = undefined;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      const rec: RecordedRequest = { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers, body, rawBody, status: 0, at };
      requests.push(rec);
      let admitted: SimReply | undefined;
      try {
        admitted = admit?.(rec);
      } catch (error) {
        admitted = { status: 500, body: { simulatorError: error instanceof Error ? error.message : String(error) } };
      }
      if (hanging) {
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      void (async () => {
        let reply: SimReply;
        try {
          reply = admitted ?? takeFault(rec) ?? (await handle(rec));
        } catch (error) {
          // A simulator bug must be loud in the test, not look like a 5xx to be retried quietly.
          reply = { status: 500, body: { simulatorError: error instanceof Error ? error.message : String(error) } };
        }
        if (latencyMs <= 0) return write(res, rec, reply);
        const timer = setTimeout(() => {
          timers.delete(timer);
          write(res, rec, reply);
        }, latencyMs);
        timers.add(timer);
      })();
    });
  }

  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const releaseHeld = () => {
    for (const res of held) res.destroy();
    held.clear();
  };

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    maxRequestsInAnyWindow: (ms, filter = () => true) => maxInWindow(requests.filter(filter).map((r) => r.at), ms),
    failNext: (options) => {
      faults.push({ ...options, remaining: options.times ?? 1 });
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    hang: (on) => {
      hanging = on;
      if (!on) releaseHeld();
    },
    down: (on) => {
      isDown = on;
    },
    reset: () => {
      faults = [];
      latencyMs = 0;
      hanging = false;
      isDown = false;
      releaseHeld();
      requests.length = 0;
    },
    close: async () => {
      releaseHeld();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
