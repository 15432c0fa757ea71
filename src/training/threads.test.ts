import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrainingBackend } from '../engine/backends';
import { createSharedKernel } from '../engine/kernels/backend-wasm';
import { Network } from '../engine/network';
import { ThreadGroup, shares, threadsFor } from '../engine/parallel';
import { mlp, mustCompile, randomData } from '../engine/testing/graphs';
import { Trainer, type TrainConfig } from '../engine/train';
import { startThreadGroup, threadCount } from './threads';
import { shardWorkerUrl } from './worker-url';

const groups: ThreadGroup[] = [];
afterEach(() => {
  for (const g of groups.splice(0)) g.close();
});
const group = (threads: number): ThreadGroup => {
  const g = startThreadGroup(threads)!;
  groups.push(g);
  return g;
};

// Big enough that a batch of 64 is worth two threads (threadsFor).
const graph = mustCompile(mlp([200, 64, 10], 'relu', 'softmax', 'cross_entropy'));
const data = randomData(300, 200, 10, 'cross_entropy', 3);
const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({
  optimizer: 'adam',
  learningRate: 0.01,
  batch: { miniBatch: 64 },
  epochs: 1,
  seed: 7,
  l2: 1e-4,
  ...over,
});

function run(threads: number, epochs: number, over: Partial<TrainConfig> = {}) {
  const g = threads > 1 ? group(threads) : null;
  const net = new Network(graph, { seed: 2, backend: g?.backend() ?? createTrainingBackend() });
  const trainer = new Trainer(net, data, config(over), { threads: g ?? undefined });
  const losses = Array.from({ length: epochs }, () => trainer.runEpoch().loss);
  return { net, trainer, losses, weights: net.getWeights() };
}

const flat = (w: Record<string, Record<string, unknown>>): number[] =>
  Object.values(w).flatMap((t) => Object.values(t).flatMap((x) => (x as number[]).flat(3)));

describe('data-parallel training on threads', () => {
  it('shares a batch in contiguous parts, the first threads one row more', () => {
    expect(shares(64, 2)).toEqual([32, 32]);
    expect(shares(7, 3)).toEqual([3, 2, 2]);
    expect(shares(1, 2)).toEqual([1, 0]);
  });

  it('splits only batches worth it: small networks stay on one thread', () => {
    const big = new Network(graph, { backend: createTrainingBackend() });
    expect(threadsFor(big, 64, 2)).toBe(2);
    const xor = new Network(mustCompile(mlp([2, 4, 1], 'tanh', 'sigmoid', 'bce')), {
      backend: createTrainingBackend(),
    });
    expect(threadsFor(xor, 4, 2)).toBe(1);
    expect(threadsFor(big, 64, 1)).toBe(1);
  });

  it('the thread count: every core in the command line, one fewer in the window, at least 1', () => {
    expect(threadCount(3, 'cli')).toBe(3);
    expect(threadCount(0, 'window')).toBe(1);
    expect(threadCount('auto', 'window')).toBe(Math.max(1, threadCount('auto', 'cli') - 1));
  });

  it('the gradient of a batch on two threads is one thread’s, to float rounding', () => {
    const one = run(1, 0, { learningRate: 0, optimizer: 'sgd', l2: 0 });
    const two = run(2, 0, { learningRate: 0, optimizer: 'sgd', l2: 0 });
    expect(two.trainer.threads).toBe(2);
    const l1 = one.trainer.step();
    const l2 = two.trainer.step();
    expect(Math.abs(l1 - l2)).toBeLessThan(1e-5);
    const g1 = flat(one.net.getGradients());
    const g2 = flat(two.net.getGradients());
    expect(g2.length).toBe(g1.length);
    const scale = Math.max(...g1.map(Math.abs));
    let worst = 0;
    g1.forEach((g, i) => (worst = Math.max(worst, Math.abs(g - g2[i]))));
    expect(worst / scale).toBeLessThan(1e-5);
    // Not trivially equal: the sums are in another order.
    expect(g2.some((g, i) => g !== g1[i])).toBe(true);
  });

  it('a fixed thread count gives the same bits every time; training goes as on one thread', () => {
    const a = run(2, 3);
    const b = run(2, 3);
    expect(a.trainer.threads).toBe(2);
    expect(a.losses).toEqual(b.losses);
    expect(a.weights).toEqual(b.weights);
    const one = run(1, 3);
    a.losses.forEach((loss, i) => expect(Math.abs(loss - one.losses[i])).toBeLessThan(1e-3));
    // Training still trains: the loss falls.
    expect(a.losses[2]).toBeLessThan(a.losses[0]);
  });

  it('three threads on batches that do not divide train as one thread, whatever the update rule', () => {
    // 301 samples: the last batch's 45 rows go 15 to a thread; 64 go 22, 21, 21.
    const odd = randomData(301, 200, 10, 'cross_entropy', 3);
    const fit = (threads: number, optimizer: TrainConfig['optimizer']) => {
      const g = threads > 1 ? group(threads) : null;
      const net = new Network(graph, { seed: 2, backend: g?.backend() ?? createTrainingBackend() });
      const t = new Trainer(net, odd, config({ optimizer, l1: 1e-5 }), { threads: g ?? undefined });
      expect(t.threads).toBe(threads);
      return [0, 1, 2].map(() => t.runEpoch().loss);
    };
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      const one = fit(1, optimizer);
      fit(3, optimizer).forEach((loss, i) => expect(Math.abs(loss - one[i])).toBeLessThan(1e-5));
    }
  });

  it('a run on two threads, saved and resumed on two threads, continues bit for bit (the rule’s memory is every thread’s)', () => {
    const straight = run(2, 2);
    const first = run(2, 1);
    const g = group(2);
    const net = new Network(graph, { seed: 2, backend: g.backend(), weights: first.weights });
    const resumed = new Trainer(net, data, config(), { threads: g });
    expect(resumed.importState(first.trainer.exportState())).toEqual({
      optimizer: true,
      shuffle: true,
    });
    expect(resumed.runEpoch().loss).toBe(straight.losses[1]);
    expect(net.getWeights()).toEqual(straight.weights);
    expect(resumed.exportState().optimizer).toEqual(straight.trainer.exportState().optimizer);
  });

  it('a thread group on a network not worth splitting trains exactly as one thread', () => {
    const small = mustCompile(mlp([200, 2, 10], 'relu', 'softmax', 'cross_entropy'));
    const fit = (g: ThreadGroup | null) => {
      const net = new Network(small, { seed: 2, backend: g?.backend() ?? createTrainingBackend() });
      const t = new Trainer(net, data, config({ batch: { miniBatch: 8 } }), {
        threads: g ?? undefined,
      });
      t.runEpoch();
      return { threads: t.threads, weights: net.getWeights() };
    };
    const split = fit(group(2));
    expect(split.threads).toBe(1);
    expect(split.weights).toEqual(fit(null).weights);
  });

  it('close() ends the threads; a thread that fails ends the step with an error, not a hang', async () => {
    const exits: Promise<number>[] = [];
    const spawnWith =
      (broken: boolean) => (init: Parameters<ConstructorParameters<typeof ThreadGroup>[1]>[0]) => {
        const worker = new Worker(shardWorkerUrl(), {
          workerData: broken ? { ...init, graph: { ...init.graph, nodes: [] } } : init,
        });
        worker.on('error', () => {});
        exits.push(new Promise((resolve) => worker.on('exit', resolve)));
        return { terminate: () => void worker.terminate() };
      };
    const make = (broken: boolean) => {
      const g = new ThreadGroup(2, spawnWith(broken), createSharedKernel());
      const net = new Network(graph, { seed: 2, backend: g.backend() });
      return { g, trainer: new Trainer(net, data, config(), { threads: g }) };
    };
    const ok = make(false);
    ok.trainer.step();
    ok.g.close();
    await expect(exits[0]).resolves.toBeTypeOf('number');

    const bad = make(true);
    expect(() => bad.trainer.step()).toThrow(/thread 1 failed/);
    bad.g.close();
    await expect(exits[1]).resolves.toBeTypeOf('number');
  });
});
