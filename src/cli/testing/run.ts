/** The command-line tests' way to run the real bin script in a child process, in a folder. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/backprop-studio.mjs', import.meta.url));

export type RunResult = { code: number; stdout: string; stderr: string };

/** The locale variables cleared, so a run speaks English whatever the machine's locale. */
export const ENGLISH = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };

/**
 * `run(...args)` runs `backprop-studio args…` with `cwd` as its working folder
 * and the locale variables `locale` set (undefined: removed), the rest of the
 * environment kept.
 */
export function runnerIn(
  cwd: string,
  locale: Record<string, string | undefined> = ENGLISH,
): (...args: string[]) => Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...locale };
  for (const key of Object.keys(locale)) if (locale[key] === undefined) delete env[key];
  return (...args) =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { cwd, timeout: 60_000, env },
        (error, stdout, stderr) => {
          const code = error ? ((error as { code?: number }).code ?? 1) : 0;
          resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
        },
      );
    });
}
