/**
 * PyTorch for the export checks (src/interop/pytorch.test.ts): they run the
 * exported scripts with the system Python, where Debian installs its PyTorch
 * (`python3-torch`). A version manager's `python3` earlier on PATH would not
 * see it, so the checks use /usr/bin/python3.
 *
 * `ensureTorch` (scripts/ensure-torch.ts, run by `npm run test:unit` before
 * vitest) does nothing when that Python imports torch; as root with apt-get it
 * installs python3-torch; otherwise it prints how to, and the checks skip
 * with that reason. It never fails the run.
 */
import { spawnSync } from 'node:child_process';
import { onPath } from './chromium';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export const TORCH_HINT =
  `PyTorch is missing for ${SYSTEM_PYTHON}: the PyTorch export checks will skip. ` +
  'Install it with `sudo apt-get install python3-torch` (Debian, Ubuntu).';

/** What the check touches, so a test can stand in for a machine. */
export interface TorchSystem {
  env: Record<string, string | undefined>;
  isRoot(): boolean;
  /** Whether the system Python imports torch. */
  hasTorch(): boolean;
  /** Runs a command with its output shown; returns its exit status. */
  run(command: string, args: string[], env?: Record<string, string>): number;
  log(line: string): void;
}

export type TorchState = 'present' | 'installed' | 'missing';

export function ensureTorch(sys: TorchSystem = realSystem()): TorchState {
  if (sys.hasTorch()) return 'present';
  const apt =
    sys.isRoot() && sys.env.BPS_TORCH_NO_INSTALL !== '1' ? onPath('apt-get', sys.env) : null;
  if (apt) {
    sys.log(
      `${SYSTEM_PYTHON} cannot import torch: installing Debian’s python3-torch with apt-get.`,
    );
    const quiet = { DEBIAN_FRONTEND: 'noninteractive' };
    if (
      sys.run(apt, ['update'], quiet) === 0 &&
      sys.run(apt, ['install', '-y', '--no-install-recommends', 'python3-torch'], quiet) === 0 &&
      sys.hasTorch()
    ) {
      return 'installed';
    }
  }
  sys.log(TORCH_HINT);
  return 'missing';
}

export function realSystem(): TorchSystem {
  return {
    env: process.env,
    isRoot: () => process.getuid?.() === 0,
    hasTorch: () => spawnSync(SYSTEM_PYTHON, ['-c', 'import torch']).status === 0,
    run: (command, args, env) =>
      spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1,
    log: (line) => console.log(line),
  };
}
