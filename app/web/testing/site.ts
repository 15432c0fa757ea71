/**
 * For the web host's tests and the throughput bench: a temporary site to serve, and requests
 * to the server as a page would send them (node:http, so that any header can be set).
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createServices, type Services, type ServicesOptions } from '../../services';
import { createWebServer, type WebServer, type WebServerOptions } from '../app-server';

/** A new folder `prefix…` under the system temp folder, holding `static/index.html`. */
async function makeSite(prefix: string): Promise<{ dir: string; staticDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const staticDir = join(dir, 'static');
  await mkdir(staticDir);
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  return { dir, staticDir };
}

/** A web server with its own services, serving a temporary site. */
export interface SiteServer {
  /** The site's folder: the services' work folder, `config/` their config folder. */
  dir: string;
  staticDir: string;
  services: Services;
  server: WebServer;
}

/**
 * Registers hooks that start a web server before a file's tests (its services on a new
 * temporary site, see makeSite) and, after them, close the server and the services and remove
 * the folder. The fields of the object returned are set once the first hook has run.
 */
export function useSiteServer(
  prefix: string,
  options: {
    token: string;
    services?: Omit<ServicesOptions, 'configDir' | 'workDir'>;
    server?: Omit<WebServerOptions, 'services' | 'staticDir' | 'token'>;
  },
): SiteServer {
  const site = {} as SiteServer;
  beforeAll(async () => {
    const { dir, staticDir } = await makeSite(prefix);
    const services = createServices({
      ...options.services,
      configDir: join(dir, 'config'),
      workDir: dir,
    });
    const server = await createWebServer({
      ...options.server,
      services,
      staticDir,
      token: options.token,
    });
    Object.assign(site, { dir, staticDir, services, server });
  });
  afterAll(async () => {
    await site.server?.close();
    await site.services?.dispose();
    if (site.dir) await rm(site.dir, { recursive: true, force: true });
  });
  return site;
}

export interface RawResponse {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** One request to 127.0.0.1:`port`; resolves with the status, the headers and the body's text. */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST /api/invoke/`channel` with `args` as JSON and exactly `headers` besides the content type. */
export function invokeRequest(
  port: number,
  channel: string,
  args: unknown[],
  headers: Record<string, string>,
): Promise<RawResponse> {
  return rawRequest(port, `/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
}
