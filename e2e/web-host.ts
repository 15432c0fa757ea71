/**
 * The web host as a child process, for the e2e fixtures and the browser benchmarks: started
 * on a port with its own work and config folders, its tokened address read from its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, webDist } from './paths';

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/;

/**
 * Starts app/web/server.ts on `port` (0: a free one) serving `staticDir` (the e2e build unless
 * given) and resolves with the address it prints, token included.
 */
export async function startWebServer(
  workDir: string,
  configDir: string,
  { port = 0, staticDir = webDist }: { port?: number; staticDir?: string } = {},
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  // One process (tsx as a loader, not its CLI, which runs the server in a child): a signal
  // sent to `child` reaches the server itself.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'app/web/server.ts'),
      '--port',
      String(port),
      '--no-open',
      '--dir',
      workDir,
      '--config-dir',
      configDir,
      '--static',
      staticDir,
    ],
    { cwd: repoRoot, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web server did not start:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_PATTERN.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web server exited (${code}):\n${output}`));
    });
  });
  return { url, child, output: () => output };
}

/** Ends the server: SIGTERM, then SIGKILL after 5 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
