/**
 * The browser host's server: serves the built renderer and answers the
 * service operations of the IPC contract, on 127.0.0.1 only.
 *
 * Guards, on every request:
 * - the Host header (and Origin, when sent) must name this loopback address
 *   and port, so a page on another site cannot reach us through DNS rebinding;
 * - every API call and WebSocket connection must carry the per-run token
 *   (header `x-bps-token`; the WebSocket, which cannot send headers, as `?token=`).
 *
 * Training: each page (tab) names itself with a client id (`x-bps-client` on
 * training calls, `?client=` on its WebSocket). Its sessions are its own, their
 * events go only to its sockets (frames as binary messages), and when it has had
 * no socket for `trainingGraceMs` (the tab closed) its sessions are ended.
 */
import { timingSafeEqual } from 'node:crypto';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Services } from '../services';
import { BadRequestError } from '../services/errors';
import { contentSecurityPolicy } from '../shared/csp';
import type { TrainingEvent } from '../shared/host';
import {
  encodeWebFrame,
  EVENTS,
  isRecoveryChannel,
  isServiceChannel,
  isTrainingChannel,
  WEB_CLIENT_HEADER,
  WEB_CLIENT_ID,
  WEB_CLIENT_PARAM,
  WEB_EVENTS_PATH,
  WEB_INVOKE_PREFIX,
  WEB_TOKEN_HEADER,
  WEB_TOKEN_PARAM,
  type ServiceChannel,
  type HostEvents,
  type WebEventMessage,
  type WebInvokeResponse,
} from '../shared/ipc';

export interface WebServerOptions {
  services: Services;
  /** The built renderer (dist/web). */
  staticDir: string;
  token: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * How long a client may be without a WebSocket before its training sessions end (its tab
   * closed). Longer than the client's reconnect backoff. Default 30 s.
   */
  trainingGraceMs?: number;
}

export interface WebServer {
  /** The address to open, token included. */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const TRAINING_GRACE_MS = 30_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: WebInvokeResponse): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** The request's URL, or null when its target is not one (`GET http:// HTTP/1.1`). */
function requestUrl(req: IncomingMessage, origin: string): URL | null {
  try {
    return new URL(req.url ?? '/', origin);
  } catch {
    return null;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequestError('Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A training event to one socket: frames as binary messages, the rest as JSON. */
function send(ws: WebSocket, documentId: string, event: TrainingEvent): void {
  if (event.type === 'frame') {
    ws.send(encodeWebFrame(documentId, event.buffer), { binary: true });
    return;
  }
  const message: WebEventMessage<'training:event'> = {
    channel: EVENTS.trainingEvent,
    payload: { documentId, event },
  };
  ws.send(JSON.stringify(message));
}

export async function createWebServer(options: WebServerOptions): Promise<WebServer> {
  const { services, staticDir, token } = options;
  const root = normalize(staticDir + sep);
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const graceMs = options.trainingGraceMs ?? TRAINING_GRACE_MS;
  /** Open sockets per client id, and the timers that end a socketless client's sessions. */
  const clientSockets = new Map<string, Set<WebSocket>>();
  const reapers = new Map<string, ReturnType<typeof setTimeout>>();

  function armReaper(client: string): void {
    if (clientSockets.get(client)?.size || reapers.has(client)) return;
    const timer = setTimeout(() => {
      reapers.delete(client);
      if (!clientSockets.get(client)?.size) services.training.endOwner(client);
    }, graceMs);
    timer.unref();
    reapers.set(client, timer);
  }

  function disarmReaper(client: string): void {
    clearTimeout(reapers.get(client));
    reapers.delete(client);
  }

  /** Host and Origin must name us; anything else is another site reaching in. */
  function trusted(req: IncomingMessage): boolean {
    if (!req.headers.host || !allowedHosts.has(req.headers.host)) return false;
    const from = req.headers.origin;
    return from === undefined || allowedOrigins.has(from);
  }

  async function handleInvoke(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'Use POST.' });
    const training = isTrainingChannel(channel);
    const recovery = isRecoveryChannel(channel);
    if (!training && !recovery && !isServiceChannel(channel)) {
      return sendJson(res, 404, { ok: false, error: `Unknown operation "${channel}".` });
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { ok: false, error: 'Send application/json.' });
    }
    try {
      const args: unknown = JSON.parse((await readBody(req)) || '[]');
      if (!Array.isArray(args))
        throw new BadRequestError('The body must be a JSON array of arguments.');
      let result: unknown;
      if (training || recovery) {
        const client = req.headers[WEB_CLIENT_HEADER];
        if (typeof client !== 'string' || !WEB_CLIENT_ID.test(client)) {
          throw new BadRequestError(
            `${training ? 'Training' : 'Recovery'} calls need a "${WEB_CLIENT_HEADER}" header.`,
          );
        }
        if (recovery) {
          // Tabs still connected are editing their documents: theirs are not offered to others.
          const live = (owner: string) => !!clientSockets.get(owner)?.size;
          result = await services.recoveryHandlers[channel](args, client, live);
        } else {
          result = await services.trainingHandlers[channel](args, client);
          if (channel === 'training:start') armReaper(client);
        }
      } else {
        result = await services.handlers[channel as ServiceChannel](args);
      }
      sendJson(res, 200, { ok: true, result: result ?? null });
    } catch (error) {
      const bad = error instanceof BadRequestError || error instanceof SyntaxError;
      sendJson(res, bad ? 400 : 500, {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendText(res, 405, 'Method not allowed');
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'Bad path');
    }
    if (relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(root, relative));
    if (!file.startsWith(root)) return sendText(res, 403, 'Forbidden');
    // Open first and describe the open handle: a file deleted (a rebuild) between a stat and an
    // open would otherwise fail after the 200 was sent.
    let handle: FileHandle;
    try {
      // O_NONBLOCK: a named pipe among the files is refused below instead of waiting for a writer.
      handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch {
      return sendText(res, 404, 'Not found');
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return sendText(res, 404, 'Not found');
      const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
      const headers: Record<string, string | number> = {
        'content-type': type,
        'content-length': info.size,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': file.includes(`${sep}assets${sep}`)
          ? 'max-age=31536000, immutable'
          : 'no-cache',
      };
      if (type.startsWith('text/html')) {
        headers['content-security-policy'] = contentSecurityPolicy({
          webSocketOrigin: origin.replace(/^http/, 'ws'),
          header: true,
        });
        headers['x-frame-options'] = 'DENY';
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      // A read that fails mid-way (or a client that goes away) cuts this response only.
      await pipeline(handle.createReadStream({ autoClose: false }), res).catch(() => {
        res.destroy();
      });
    } catch {
      if (!res.headersSent) sendText(res, 404, 'Not found');
      else res.destroy();
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  const server = createServer((req, res) => {
    if (!trusted(req))
      return sendText(res, 403, 'Forbidden: this server answers only its own page.');
    const url = requestUrl(req, origin);
    if (!url) return sendText(res, 400, 'Bad request');
    if (url.pathname.startsWith('/api/')) {
      if (!sameToken(req.headers[WEB_TOKEN_HEADER] as string | undefined, token)) {
        return sendJson(res, 401, { ok: false, error: 'Missing or wrong token.' });
      }
      if (url.pathname.startsWith(WEB_INVOKE_PREFIX)) {
        return void handleInvoke(req, res, url.pathname.slice(WEB_INVOKE_PREFIX.length));
      }
      return sendJson(res, 404, { ok: false, error: 'Not found.' });
    }
    void handleStatic(req, res, url.pathname);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req, origin);
    const reject = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!trusted(req)) return reject('403 Forbidden');
    if (!url) return reject('400 Bad Request');
    if (url.pathname !== WEB_EVENTS_PATH) return reject('404 Not Found');
    if (!sameToken(url.searchParams.get(WEB_TOKEN_PARAM), token)) return reject('401 Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  sockets.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const param = requestUrl(req, origin)?.searchParams.get(WEB_CLIENT_PARAM);
    const client = param && WEB_CLIENT_ID.test(param) ? param : undefined;
    if (client) {
      disarmReaper(client);
      const set = clientSockets.get(client) ?? new Set();
      set.add(ws);
      clientSockets.set(client, set);
    }
    const unsubscribe = services.events.subscribe((channel, payload, to) => {
      if (ws.readyState !== ws.OPEN || (to !== undefined && to !== client)) return;
      if (channel === EVENTS.trainingEvent) {
        const { documentId, event } = payload as HostEvents['training:event'];
        return send(ws, documentId, event);
      }
      const message: WebEventMessage = { channel, payload } as WebEventMessage;
      ws.send(JSON.stringify(message));
    });
    if (client) {
      // A tab back after a drop: which sessions it has, and what their runs did meanwhile.
      const sessions: WebEventMessage<'training:sessions'> = {
        channel: EVENTS.trainingSessions,
        payload: { documentIds: services.training.documents(client) },
      };
      ws.send(JSON.stringify(sessions));
      for (const { documentId, events } of services.training.replay(client)) {
        for (const event of events) send(ws, documentId, event);
      }
    }
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (!client) return;
      const set = clientSockets.get(client);
      set?.delete(ws);
      if (set?.size === 0) clientSockets.delete(client);
      armReaper(client);
    };
    ws.on('close', close);
    ws.on('error', close);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);

  return {
    url: `${origin}/?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`,
    origin,
    port,
    async close() {
      for (const timer of reapers.values()) clearTimeout(timer);
      reapers.clear();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
