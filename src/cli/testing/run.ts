/** The command-line tests' way to run the real bin script in a child process, in a folder. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/backprop-studio.mjs', import.meta.url));

export type RunResult = { code: number; stdout: string; stderr: string };

/** `run(...args)` runs `backprop-studio args…` with `cwd` as its working folder. */
export function runnerIn(cwd: string): (...args: string[]) => Promise<RunResult> {
  return (...args) =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { cwd, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? ((error as { code?: number }).code ?? 1) : 0;
          resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
        },
      );
    });
}
