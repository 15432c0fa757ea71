/**
 * What the web host keeps across restarts in the config folder, so a tab whose host was
 * restarted (or killed and started again) reconnects to the same address with the token it
 * has, and keeps its document:
 * - `web-token`: the access token, readable only by the user (0600). A file anyone else could
 *   read, or one that does not hold a token, is replaced with a new token.
 * - `web-port`: the port it last listened on, tried first when no `--port` is given.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TOKEN_FILE = 'web-token';
export const PORT_FILE = 'web-port';
/** 24 random bytes in base64url: 32 characters. */
const TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The kept token, or a new one written with mode 0600. `kept` says which. */
export async function loadOrCreateToken(
  configDir: string,
): Promise<{ token: string; kept: boolean }> {
  const file = join(configDir, TOKEN_FILE);
  try {
    const info = await stat(file);
    const privateFile = process.platform === 'win32' || (info.mode & 0o077) === 0;
    const text = (await readFile(file, 'utf8')).trim();
    if (privateFile && info.isFile() && TOKEN.test(text)) return { token: text, kept: true };
  } catch {
    // missing or unreadable: make a new one
  }
  const token = newToken();
  await mkdir(configDir, { recursive: true });
  await writeFile(file, token + '\n', { mode: 0o600 });
  await chmod(file, 0o600); // writeFile's mode applies only to a file it creates
  return { token, kept: false };
}

/** The port the host last listened on, or null. */
export async function lastPort(configDir: string): Promise<number | null> {
  try {
    const port = Number((await readFile(join(configDir, PORT_FILE), 'utf8')).trim());
    return Number.isInteger(port) && port > 0 && port <= 65535 ? port : null;
  } catch {
    return null;
  }
}

export async function rememberPort(configDir: string, port: number): Promise<void> {
  await mkdir(configDir, { recursive: true });
  await writeFile(join(configDir, PORT_FILE), `${port}\n`);
}
