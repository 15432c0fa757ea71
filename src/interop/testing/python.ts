/**
 * For the PyTorch export tests: the system Python (and whether it has torch), a harness that
 * loads exported scripts and reports their data, predictions and training, other runs of
 * Python, and comparisons of what they report with the engine's numbers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { checkCommand } from '../../cli/commands';
import { denseWeights, type WeightsRecord } from '../../engine/weights';

export const PYTHON = '/usr/bin/python3';

export function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} cannot be run (${r.error.message})`;
  if (r.status !== 0) return `${PYTHON} cannot import torch (apt-get install python3-torch)`;
  return null;
}

/**
 * Loads each script as a module in one Python process and reports its data
 * (as the network takes it), its predictions on every row, and, with
 * `epochs`, the weights and history after training that many epochs.
 */
const HARNESS = String.raw`
import contextlib, importlib.util, io, json, sys
import torch
out = []
for k, task in enumerate(json.load(open(sys.argv[1]))):
    spec = importlib.util.spec_from_file_location(f"exported{k}", task["script"])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    data = mod.load_data()
    net = mod.Network()
    mod.set_weights(net, mod.WEIGHTS)
    res = {"x": data.x.tolist(), "train": data.train[0].tolist(),
           "validation": data.validation[0].tolist() if data.validation is not None else None}
    with torch.no_grad():
        res["predictions"] = net(data.x).tolist()
    if task.get("epochs"):
        with contextlib.redirect_stdout(io.StringIO()):
            res["history"] = mod.train(net, data, dict(mod.DOCUMENT["training"]), task["epochs"], 1, 0,
                                       torch.device("cpu"))
        res["weights"] = mod.get_weights(net)
    out.append(res)
print(json.dumps(out))
`;

export interface HarnessResult {
  x: number[][];
  train: number[][];
  validation: number[][] | null;
  predictions: number[][];
  history?: { epoch: number; loss: number; accuracy?: number }[];
  weights?: Record<string, { W: number[][]; b: number[] }>;
}

/** Runs the harness over `tasks` (its files written into `dir`, the task list numbered `n`). */
export function runHarness(
  dir: string,
  n: number,
  tasks: { script: string; epochs?: number }[],
): HarnessResult[] {
  const harnessPath = join(dir, 'harness.py');
  const tasksPath = join(dir, `tasks${n}.json`);
  writeFileSync(harnessPath, HARNESS);
  writeFileSync(tasksPath, JSON.stringify(tasks));
  const r = spawnSync(PYTHON, [harnessPath, tasksPath], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`the harness failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as HarnessResult[];
}

/** The largest absolute difference between two tables (Infinity when their shapes differ). */
export function maxDiff(
  a: ArrayLike<number>[] | number[][],
  b: ArrayLike<number>[] | number[][],
): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) return Infinity;
    for (let j = 0; j < a[r].length; j++) worst = Math.max(worst, Math.abs(a[r][j] - b[r][j]));
  }
  return worst;
}

/** A flat m × width table as rows. */
export function rows(x: Float64Array, width: number): number[][] {
  return Array.from({ length: x.length / width }, (_, r) =>
    Array.from(x.subarray(r * width, (r + 1) * width)),
  );
}

/** The largest difference between two records' dense W and b. */
export function weightDiff(a: WeightsRecord, b: WeightsRecord): number {
  let worst = 0;
  for (const id of Object.keys(b)) {
    const [wa, wb] = [denseWeights(a[id])!, denseWeights(b[id])!];
    worst = Math.max(worst, maxDiff(wa.W, wb.W), maxDiff([wa.b], [wb.b]));
  }
  return worst;
}

/** What `backprop-studio check` prints for a file. */
export async function check(path: string): Promise<string> {
  let out = '';
  await checkCommand({ stdout: (s) => (out += s), stderr: () => {}, isTTY: false }, path, {});
  return out;
}

export function runPython(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
