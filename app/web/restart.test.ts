import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lastPort, loadOrCreateToken, rememberPort, TOKEN_FILE } from './restart';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bps-token-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const posix = process.platform !== 'win32';

describe('what the web host keeps across restarts', () => {
  it('is made once, readable only by the user, and kept across restarts', async () => {
    const config = join(dir, 'config');
    const first = await loadOrCreateToken(config);
    expect(first.kept).toBe(false);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    if (posix) expect((await stat(join(config, TOKEN_FILE))).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateToken(config);
    expect(second).toEqual({ token: first.token, kept: true });
  });

  it.skipIf(!posix)('replaces a token file others can read, and makes it private', async () => {
    const file = join(dir, TOKEN_FILE);
    await writeFile(file, 'A'.repeat(32));
    await chmod(file, 0o644);
    const { token, kept } = await loadOrCreateToken(dir);
    expect(kept).toBe(false);
    expect(token).not.toBe('A'.repeat(32));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(token);
  });

  it('replaces a file that does not hold a token', async () => {
    await writeFile(join(dir, TOKEN_FILE), 'short', { mode: 0o600 });
    const { token, kept } = await loadOrCreateToken(dir);
    expect(kept).toBe(false);
    expect(token).toHaveLength(32);
  });

  it('remembers the port, and has none before the first run or for a bad file', async () => {
    expect(await lastPort(dir)).toBeNull();
    await rememberPort(dir, 41234);
    expect(await lastPort(dir)).toBe(41234);
    await writeFile(join(dir, 'web-port'), '70000');
    expect(await lastPort(dir)).toBeNull();
  });
});
