/**
 * Where a data-parallel step of workload B (784-128-64-10, mini-batch 64) spends its time:
 * the parts of one step timed alone on this thread (a share of 64 and of 32 rows, the update,
 * the sum of two gradients), then whole steps on 1 and 2 threads, each step timed alone.
 * The mean is what a run's throughput sees; the low percentiles what the code costs.
 * `npx tsx bench/profile-threads.ts`. Prints figures; not a test.
 */
import { compile, Network, Trainer, type Graph } from '../src/engine';
import { createTrainingBackend } from '../src/engine/backends';
import { createOptimizer } from '../src/engine/optimizers';
import { startThreadGroup } from '../src/training/threads';

const layers = [784, 128, 64, 10];
const nodes: Graph['nodes'] = [{ id: 'x', kind: 'input', params: { features: 784 } }];
const edges: Graph['edges'] = [];
const link = (id: string, kind: string, params: Record<string, unknown>): void => {
  const source = nodes[nodes.length - 1].id;
  nodes.push({ id, kind, params });
  edges.push({ id: `${source}->${id}`, source, target: id });
};
layers.slice(1).forEach((units, i) => {
  link(`d${i}`, 'dense', { units });
  link(`a${i}`, 'activation', { fn: i === layers.length - 2 ? 'softmax' : 'relu' });
});
link('loss', 'loss', { fn: 'cross_entropy' });
const compiled = compile({ nodes, edges });
if (!compiled.ok) throw new Error('B does not compile');

const m = 10_000;
let s = 2;
const next = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
const x = new Float64Array(m * 784).map(next);
const y = new Float64Array(m * 10);
for (let i = 0; i < m; i++) y[i * 10 + Math.floor(next() * 10)] = 1;
const data = { x, y, m, features: 784, targets: 10 };
const config = {
  optimizer: 'sgd' as const,
  learningRate: 0.05,
  batch: { miniBatch: 64 },
  epochs: 1,
  seed: 1,
  l2: 0,
};

/** Best of `repeats` of the mean time of `n` calls, in µs. */
function time(n: number, f: () => void, repeats = 60): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, (performance.now() - t0) / n);
  }
  return best * 1000;
}

const net = new Network(compiled.net, { backend: createTrainingBackend(), seed: 1 });
net.ensureCapacity(64);
const b = net.backend;
const xs = b.alloc(m * 784);
xs.set(x);
const ys = b.alloc(m * 10);
ys.set(y);
const idx = b.allocI32!(64);
for (let i = 0; i < 64; i++) idx[i] = i * 7;
for (const rows of [64, 32]) {
  const load = time(20, () => net.loadRows(xs, ys, idx, rows));
  const fwd = time(20, () => net.forward());
  const bwd = time(20, () => {
    net.forward();
    net.backward();
  });
  console.log(
    `rows ${rows}: loadRows ${load.toFixed(1)} µs, forward ${fwd.toFixed(1)} µs, forward+backward ${bwd.toFixed(1)} µs`,
  );
}
const opt = createOptimizer(net.params(), { ...config }, b);
console.log(`sgd update (kernel): ${time(20, () => opt.update(1e-9)).toFixed(1)} µs`);
const g0 = net.params()[0].grad;
const other = b.alloc(g0.length);
console.log(
  `axpby over W1 (${g0.length}): ${time(20, () => b.axpby!(g0, other, g0.length, 0.5, 0.5)).toFixed(1)} µs`,
);

/**
 * Whole steps on 1 and 2 threads, each timed alone: on a shared machine most steps are
 * slowed by other jobs, so the low percentiles (p10, p25) show what the code costs.
 */
for (const threads of [1, 2]) {
  const group = threads > 1 ? startThreadGroup(threads) : null;
  const n = new Network(compiled.net, {
    backend: group?.backend() ?? createTrainingBackend(),
    seed: 1,
  });
  const trainer = new Trainer(n, data, config, { threads: group ?? undefined });
  // Four warm epochs, as the bench's WARM_EPOCHS (a new thread's code is optimized for ≈ 520 steps).
  for (let e = 0; e < 4; e++) trainer.runEpoch();
  const times: number[] = [];
  for (let e = 0; e < 6; e++) {
    do {
      const t0 = performance.now();
      trainer.step();
      times.push((performance.now() - t0) * 1000);
    } while (trainer.position !== 0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): string => times[Math.floor(q * (times.length - 1))].toFixed(0);
  const mean = (times.reduce((a, b) => a + b) / times.length).toFixed(0);
  console.log(
    `${threads} thread(s), µs per step: min ${at(0)}, p10 ${at(0.1)}, p25 ${at(0.25)}, ` +
      `median ${at(0.5)}, p90 ${at(0.9)}, p99 ${at(0.99)}, max ${at(1)}, mean ${mean}; ` +
      `loss ${trainer.lastEpoch?.loss}`,
  );
  group?.close();
}
