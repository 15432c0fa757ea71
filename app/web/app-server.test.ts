import { execFileSync } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { language, setLanguage, t } from '#src/i18n';
import type { ModelFile } from '#src/model/types';
import { invokeRequest, rawRequest, useSiteServer } from './testing/site';

/**
 * A static file named `vanishing*` is deleted just before the server opens it (with
 * createReadStream or open, whichever it uses), as a rebuild deletes the old bundle while a page
 * loads: the open then fails with a real ENOENT.
 */
const VANISHING = /[\\/]vanishing[^\\/]*$/;
function vanish(path: unknown): void {
  if (typeof path === 'string' && VANISHING.test(path)) unlinkSync(path);
}
/** `module` with `name` replaced by a version that calls `vanish` on the path first. */
function vanishingFirst<M extends object>(module: M, name: keyof M & string) {
  const f = module[name] as (path: string, ...rest: never[]) => unknown;
  const wrapped = (path: string, ...rest: never[]) => {
    vanish(path);
    return f(path, ...rest);
  };
  return { ...module, default: { ...module, [name]: wrapped }, [name]: wrapped };
}
vi.mock('node:fs', async (original) =>
  vanishingFirst(await original<typeof import('node:fs')>(), 'createReadStream'),
);
vi.mock('node:fs/promises', async (original) =>
  vanishingFirst(await original<typeof import('node:fs/promises')>(), 'open'),
);

const token = 'test-token-0123456789';
const site = useSiteServer('bps-web-', {
  token,
  services: {
    io: {
      read: async () => ({ ok: false as const, problems: [{ path: '', message: 'no' }] }),
      write: async () => undefined,
    },
    examples: {
      list: () => [{ id: 'xor', title: 'XOR', description: '' }],
      load: (id) => (id === 'xor' ? ({ name: 'XOR' } as ModelFile) : undefined),
    },
  },
});

beforeAll(async () => {
  await writeFile(join(site.dir, 'secret.txt'), 'secret');
  // Reading /proc/self/mem from offset 0 fails with EIO after the headers are sent.
  await symlink('/proc/self/mem', join(site.staticDir, 'unreadable.bin'));
});

/** A raw request, so that Host and Origin can be set (fetch forbids it). */
const raw = (path: string, options?: Parameters<typeof rawRequest>[2]) =>
  rawRequest(site.server.port, path, options);

/** Raw bytes over a socket (malformed requests that http.request would refuse to send). */
function rawBytes(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(site.server.port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

const invoke = (channel: string, args: unknown[], headers: Record<string, string> = {}) =>
  invokeRequest(site.server.port, channel, args, { 'x-bps-token': token, ...headers });

describe('web server', () => {
  it('binds to 127.0.0.1 and puts the token in the printed address', () => {
    expect(site.server.url).toBe(`http://127.0.0.1:${site.server.port}/?token=${token}`);
  });

  it('answers service operations with the token', async () => {
    const res = await invoke('examples:list', []);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      ok: true,
      result: [{ id: 'xor', title: 'XOR', description: '' }],
    });
    expect(JSON.parse((await invoke('examples:load', ['xor'])).body).result.name).toBe('XOR');
  });

  it('refuses API calls without the right token (401)', async () => {
    const none = await raw('/api/invoke/examples:list', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[]',
    });
    expect(none.status).toBe(401);
    expect((await invoke('examples:list', [], { 'x-bps-token': 'wrong' })).status).toBe(401);
  });

  it('refuses another Host or Origin (DNS rebinding, cross-site pages)', async () => {
    expect(
      (await invoke('examples:list', [], { host: `evil.example:${site.server.port}` })).status,
    ).toBe(403);
    expect((await invoke('examples:list', [], { origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw('/', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await invoke('examples:list', [], { origin: site.server.origin })).status).toBe(200);
  });

  it('reports unknown operations, desktop-only operations and bad arguments', async () => {
    expect((await invoke('nope', [])).status).toBe(404);
    expect((await invoke('dialog:pickOpen', [])).status).toBe(404);
    const bad = await invoke('document:open', [42]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false });
    const open = await invoke('document:open', [join(site.dir, 'x.bpmodel')]);
    expect(JSON.parse(open.body).result).toMatchObject({
      ok: false,
      problems: [{ message: 'no' }],
    });
  });

  it("takes the window's language for the services, and refuses one it does not have", async () => {
    try {
      expect((await invoke('app:setLanguage', ['zh-CN'])).status).toBe(200);
      expect(language()).toBe('zh-CN');
      expect(t('common.cancel')).toBe('取消');
      const bad = await invoke('app:setLanguage', ['fr']);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).error).toContain('en, zh-CN');
      expect(language()).toBe('zh-CN');
      expect((await invoke('app:setLanguage', ['en'])).status).toBe(200);
      expect(language()).toBe('en');
      // Only the page with the token may change it.
      expect((await invoke('app:setLanguage', ['zh-CN'], { 'x-bps-token': 'wrong' })).status).toBe(
        401,
      );
      expect(language()).toBe('en');
    } finally {
      setLanguage('en');
    }
  });

  it('reads a data file for the window, only with the token', async () => {
    await writeFile(join(site.dir, 'toy.csv'), 'x,y\n1,0\n');
    const read = await invoke('data:readText', [join(site.dir, 'm.bpmodel'), 'toy.csv']);
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toEqual({ ok: true, result: { ok: true, text: 'x,y\n1,0\n' } });
    const missing = await invoke('data:readText', [null, 'missing.csv']);
    expect(JSON.parse(missing.body).result).toMatchObject({ ok: false });
    expect(JSON.parse(missing.body).result.message).toContain(join(site.dir, 'missing.csv'));
    expect((await invoke('data:readText', [null, ''])).status).toBe(400);
    const none = await raw('/api/invoke/data:readText', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([null, 'toy.csv']),
    });
    expect(none.status).toBe(401);
    expect(none.body).not.toContain('x,y');
    expect(
      (await invoke('data:readText', [null, 'toy.csv'], { 'x-bps-token': 'wrong' })).status,
    ).toBe(401);
  });

  it('serves the page with a strict CSP and nothing outside the static folder', async () => {
    const page = await raw('/?token=abc');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(page.headers['content-security-policy'])).toContain(
      `ws://127.0.0.1:${site.server.port}`,
    );
    expect((await raw('/%2e%2e/secret.txt')).status).not.toBe(200);
    expect((await raw('/../secret.txt')).status).not.toBe(200);
    expect((await raw('/missing.js')).status).toBe(404);
  });

  it('pushes host events over the WebSocket, only to a client with the token', async () => {
    const wsUrl = `ws://127.0.0.1:${site.server.port}/api/events`;
    const refused = new WebSocket(`${wsUrl}?token=wrong`);
    const status = await new Promise<number>((resolve) => {
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      refused.on('error', () => resolve(-1));
    });
    expect(status).toBe(401);

    const foreign = new WebSocket(`${wsUrl}?token=${token}`, { origin: 'http://evil.example' });
    const foreignStatus = await new Promise<number>((resolve) => {
      foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      foreign.on('error', () => resolve(-1));
    });
    expect(foreignStatus).toBe(403);

    const ws = new WebSocket(`${wsUrl}?token=${token}`);
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const message = new Promise<unknown>((resolve) =>
      ws.on('message', (data) => resolve(JSON.parse(String(data)))),
    );
    site.services.events.emit('menu:command', { command: 'document.new' });
    expect(await message).toEqual({
      channel: 'menu:command',
      payload: { command: 'document.new' },
    });
    ws.close();
  });

  it('answers a request line it cannot make a URL of with 400 and keeps serving', async () => {
    const host = `Host: 127.0.0.1:${site.server.port}\r\n`;
    const plain = await rawBytes(`GET http:// HTTP/1.1\r\n${host}Connection: close\r\n\r\n`);
    expect(plain).toMatch(/^HTTP\/1\.1 400 /);
    const upgrade = await rawBytes(
      `GET http:// HTTP/1.1\r\n${host}Connection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 /);
    expect((await raw('/')).status).toBe(200);
    expect((await invoke('examples:list', [])).status).toBe(200);
  }, 10_000);

  it('answers 404 for a static file deleted before it is opened, and keeps serving', async () => {
    await writeFile(join(site.dir, 'static', 'vanishing.js'), 'x'.repeat(100_000));
    expect((await raw('/vanishing.js')).status).toBe(404);
    expect((await raw('/')).status).toBe(200);
  }, 10_000);

  it('answers 404 at once for a named pipe among the static files', async () => {
    execFileSync('mkfifo', [join(site.dir, 'static', 'pipe.js')]);
    expect((await raw('/pipe.js')).status).toBe(404);
    expect((await raw('/')).status).toBe(200);
  }, 5000);

  it('survives a static file that fails while it is streamed', async () => {
    // The response may end early or be cut; what matters is the next requests.
    await raw('/unreadable.bin').catch(() => undefined);
    expect((await raw('/')).status).toBe(200);
    expect((await invoke('examples:list', [])).status).toBe(200);
  }, 10_000);
});
