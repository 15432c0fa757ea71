import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTorch, TORCH_HINT, type TorchSystem } from './torch';

/** A folder holding an executable `apt-get` stand-in, to put on PATH. */
function aptFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bps-torch-'));
  writeFileSync(join(dir, 'apt-get'), '#!/bin/sh\n');
  chmodSync(join(dir, 'apt-get'), 0o755);
  return dir;
}

function machine(opts: { torch: boolean; root: boolean; installs: boolean; path?: string }) {
  let torch = opts.torch;
  const commands: string[] = [];
  const lines: string[] = [];
  const sys: TorchSystem = {
    env: { PATH: opts.path ?? '' },
    isRoot: () => opts.root,
    hasTorch: () => torch,
    run: (command, args) => {
      commands.push([command.split('/').pop(), ...args].join(' '));
      if (args[0] === 'install' && opts.installs) torch = true;
      return 0;
    },
    log: (line) => lines.push(line),
  };
  return { sys, commands, lines };
}

describe('ensureTorch', () => {
  it('does nothing when the system Python imports torch', () => {
    const m = machine({ torch: true, root: true, installs: true, path: aptFolder() });
    expect(ensureTorch(m.sys)).toBe('present');
    expect(m.commands).toEqual([]);
  });

  it('installs python3-torch with apt-get as root', () => {
    const m = machine({ torch: false, root: true, installs: true, path: aptFolder() });
    expect(ensureTorch(m.sys)).toBe('installed');
    expect(m.commands).toEqual([
      'apt-get update',
      'apt-get install -y --no-install-recommends python3-torch',
    ]);
  });

  it('says how to install it when it cannot (not root, or the install did not give torch)', () => {
    const user = machine({ torch: false, root: false, installs: true, path: aptFolder() });
    expect(ensureTorch(user.sys)).toBe('missing');
    expect(user.commands).toEqual([]);
    expect(user.lines).toEqual([TORCH_HINT]);
    const failed = machine({ torch: false, root: true, installs: false, path: aptFolder() });
    expect(ensureTorch(failed.sys)).toBe('missing');
    expect(failed.lines.at(-1)).toBe(TORCH_HINT);
  });
});
