/** The command line on a file a scenario saved: `backprop-studio ARGS…`, its JSON output parsed. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';

const run = promisify(execFile);

export async function cli<T>(...args: string[]): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    [join(repoRoot, 'bin/backprop-studio.mjs'), ...args],
    { cwd: repoRoot },
  );
  return JSON.parse(stdout) as T;
}
