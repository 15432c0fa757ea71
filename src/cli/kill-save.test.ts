/**
 * Crash safety of a save, tested for real: the command line trains a model
 * whose weights make a 50 MB file and is killed with SIGKILL while it writes
 * it, 20 times. Each time the target must be byte for byte the whole old file
 * or the whole new one, and no visible temporary file may be left.
 */
import { spawn } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { parseModel } from '../model/parse';
import { serializeModel } from '../model/serialize';
import { chainEdges, testDocument } from '../model/testing/documents';
import type { ModelFile } from '../model/types';
import { isTempFileName } from '../node/atomic-write';

const BIN = fileURLToPath(new URL('../../bin/backprop-studio.mjs', import.meta.url));
const KILLS = 20;
const FEATURES = 1000;
const UNITS = 2400; // 2.4 million weights: about 50 MB of JSON

/** A model without weights (a small file) whose trained weights fill about 50 MB. */
function bigModel(): ModelFile {
  const rows = [0, 1, 2, 3].map((r) =>
    Array.from({ length: FEATURES }, (_, i) => ((i * 7 + r * 13) % 10) / 10),
  );
  const nodes = [
    { id: 'x', kind: 'input', params: { features: FEATURES } },
    { id: 'd1', kind: 'dense', params: { units: UNITS } },
    { id: 'd2', kind: 'dense', params: { units: 1 } },
    { id: 'L', kind: 'loss', params: { fn: 'mse' } },
  ];
  return testDocument({
    name: 'big',
    nodes,
    edges: chainEdges(nodes, 1),
    data: { inline: { x: rows, y: [[0], [1], [1], [0]] } },
    training: { learningRate: 0.01, epochs: 1 },
  });
}

const dir = mkdtempSync(join(tmpdir(), 'bps-kill-'));
const source = join(dir, 'source.bpmodel');
const target = join(dir, 'out.bpmodel');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Whether two complete runs wrote the same file. Training is seeded, so they match byte for byte
 * except where the file's run list says when the run started and how long it took.
 */
function sameRun(a: Buffer, b: Buffer): boolean {
  const untimed = (file: Buffer) =>
    file.toString('utf8').replace(/"(started|durationMs)": ("[^"]*"|[\d.e+-]+)/g, '"$1": 0');
  return a.length > 0 && untimed(a) === untimed(b);
}

interface Run {
  killed: boolean;
  /** Whether the save had begun (its temporary file appeared) before the process ended. */
  midWrite: boolean;
  /** From the temporary file's appearance to the process's end, in ms. */
  writeMs: number;
}

/**
 * Runs `train source --out target` and resolves when it exits. With `killAfterMs`,
 * kills it with SIGKILL that long after its save begins.
 */
function train(killAfterMs?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'train', source, '--out', target, '--json'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let began: number | undefined;
    // The save begins when its hidden temporary file appears.
    const watcher = watch(dir, (_event, name) => {
      if (began !== undefined || !name || !isTempFileName(name)) return;
      began = performance.now();
      if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      watcher.close();
      const run = {
        killed: signal === 'SIGKILL',
        midWrite: began !== undefined,
        writeMs: began === undefined ? 0 : performance.now() - began,
      };
      if (run.killed || code === 0) resolve(run);
      else reject(new Error(`the CLI exited ${code}: ${stderr}`));
    });
  });
}

it('a save killed with SIGKILL leaves the whole old or the whole new 50 MB file, and no visible temporary file', async () => {
  writeFileSync(source, serializeModel(bigModel()));
  // The new file: training is seeded, so every complete run writes the same bytes (but its times).
  const full = await train();
  expect(full.midWrite).toBe(true);
  const fresh = readFileSync(target);
  expect(fresh.length).toBeGreaterThan(50 * 1000 * 1000);
  const parsed = parseModel(fresh.toString('utf8'));
  expect(parsed.ok && parsed.model.weights?.d1.W.length).toBe(UNITS);
  // The old file: a different, also complete, model in the same place.
  const old = Buffer.from(serializeModel({ ...bigModel(), name: 'old' }));
  writeFileSync(target, old);

  const outcomes = { old: 0, new: 0, finished: 0 };
  // Kill at moments spread over the write. A run that ends before its kill does not count
  // and narrows the spread (this machine's speed varies), up to twice as many runs in all.
  let span = full.writeMs;
  let kills = 0;
  for (let runs = 0; kills < KILLS && runs < 2 * KILLS; runs++) {
    const run = await train(Math.round((kills / (KILLS - 1)) * span));
    const now = readFileSync(target);
    const whole = now.equals(old) ? 'old' : sameRun(now, fresh) ? 'new' : null;
    if (!whole) throw new Error(`run ${runs + 1}: the target is neither the old nor the new file`);
    const visible = readdirSync(dir).filter((n) => !n.startsWith('.'));
    expect(visible.sort()).toEqual(['out.bpmodel', 'source.bpmodel']);
    if (run.killed) {
      kills++;
      outcomes[whole]++;
    } else {
      outcomes.finished++;
      span = Math.min(span, run.writeMs) * 0.8;
    }
    if (whole === 'new') writeFileSync(target, old); // the next run starts from the old file
  }
  console.log(
    `${kills} SIGKILLs during the save: the target was the whole old file ${outcomes.old} times, the whole new one ${outcomes.new} times; ${outcomes.finished} runs ended before their kill (a save took ${Math.round(full.writeMs)} ms)`,
  );
  expect(kills).toBe(KILLS);
  expect(outcomes.old).toBeGreaterThan(0);

  // Hidden leftovers of killed saves go once stale: the CLI's next save clears them.
  const leftovers = readdirSync(dir).filter(isTempFileName);
  const longAgo = new Date(Date.now() - 3600_000);
  expect(leftovers.length).toBeGreaterThan(0);
  for (const name of leftovers) utimesSync(join(dir, name), longAgo, longAgo);
  await train();
  expect(readdirSync(dir).filter(isTempFileName)).toEqual([]);
}, 300_000);
