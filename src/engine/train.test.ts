import { describe, expect, it } from 'vitest';
import type { Backend } from './backend';
import { Network } from './network';
import { createTrainingBackend } from './backends';
import { createWasmBackend } from './kernels/backend-wasm';
import { Trainer, type TrainConfig } from './train';
import { datasetFromRows } from './dataset';
import { articleData, chain, chainNetwork, mlp, mustCompile, spiralData } from './testing/graphs';
import { denseWeights } from './weights';

const config = (overrides: Partial<TrainConfig>): TrainConfig => ({
  optimizer: 'sgd',
  learningRate: 0.05,
  batch: 'full',
  epochs: 100,
  seed: 1,
  l2: 0,
  ...overrides,
});

/** The article's unseen sample: first feature 1, the others never seen together with it. */
const UNSEEN = [1, 0, 0];
const predictOne = (net: Network, row: number[]): number =>
  net.predict(Float64Array.from(row), 1)[0];

describe("the article's experiments (seed notes §1–4)", () => {
  const neuron = () => mustCompile(chain(3, [['dense', { units: 1 }]], 'mse'));
  const data = articleData(60, 7, UNSEEN);

  for (const [name, batch, epochs] of [
    ['full-batch', 'full', 1500],
    ['stochastic', 'stochastic', 60],
    ['mini-batch', { miniBatch: 8 }, 300],
  ] as const) {
    it(`a single linear neuron learns w ≈ (1, 0, 0), b ≈ 0 with ${name} descent`, () => {
      const net = new Network(neuron(), { seed: 3 });
      new Trainer(net, data, config({ batch, epochs })).run();
      const { W, b } = denseWeights(net.getWeights().n0)!;
      expect(W[0][0]).toBeCloseTo(1, 1);
      expect(Math.abs(W[0][0] - 1)).toBeLessThan(0.05);
      expect(Math.abs(W[0][1])).toBeLessThan(0.05);
      expect(Math.abs(W[0][2])).toBeLessThan(0.05);
      expect(Math.abs(b[0])).toBeLessThan(0.05);
      expect(predictOne(net, UNSEEN)).toBeGreaterThan(0.95);
    });
  }

  it('the gradient of one neuron on one sample is 2(a − y)·x and 2(a − y)', () => {
    const net = new Network(neuron(), { weights: { n0: { W: [[0.3, -0.2, 0.5]], b: [0.1] } } });
    const x = [1, 1, 0];
    const a = 0.3 - 0.2 + 0.1;
    const loss = net.lossAndGradients(datasetFromRows([x], [[1]]));
    expect(loss).toBeCloseTo((a - 1) ** 2, 12);
    const g = net.getGradients().n0;
    expect(g.W[0]).toEqual(x.map((xi) => expect.closeTo(2 * (a - 1) * xi, 12)));
    expect(g.b[0]).toBeCloseTo(2 * (a - 1), 12);
  });

  it('a sigmoid neuron separates the samples', () => {
    const net = chainNetwork(
      3,
      [
        ['dense', { units: 1 }],
        ['activation', { fn: 'sigmoid' }],
      ],
      'mse',
      3,
    );
    new Trainer(net, data, config({ batch: { miniBatch: 8 }, learningRate: 2, epochs: 600 })).run();
    expect(predictOne(net, UNSEEN)).toBeGreaterThan(0.95);
    expect(predictOne(net, [0, 1, 1])).toBeLessThan(0.05);
  });

  it('the deep network [3, 5, 1] predicts the unseen sample', () => {
    const net = new Network(mustCompile(mlp([3, 5, 1], 'tanh', 'sigmoid', 'mse')), { seed: 3 });
    new Trainer(net, data, config({ batch: { miniBatch: 8 }, learningRate: 1, epochs: 400 })).run();
    expect(predictOne(net, UNSEEN)).toBeGreaterThan(0.95);
    expect(predictOne(net, [0, 1, 1])).toBeLessThan(0.05);
  });
});

describe('harder problems', () => {
  const xorNet = () =>
    new Network(mustCompile(mlp([2, 4, 1], 'tanh', 'linear', 'mse')), { seed: 1 });
  const xorData = () =>
    datasetFromRows(
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      [[0], [1], [1], [0]],
    );

  it('XOR with a 2-4-1 tanh network reaches mse < 0.01', () => {
    const net = xorNet();
    const xor = xorData();
    new Trainer(net, xor, config({ learningRate: 0.1, epochs: 2000 })).run();
    expect(net.evaluate(xor).loss).toBeLessThan(0.01);
  });

  it('a two-class spiral with a deeper ReLU network and softmax cross-entropy', () => {
    const spiral = spiralData(100, 0.02, 5);
    const net = new Network(
      mustCompile(mlp([2, 32, 32, 2], 'relu', 'softmax', 'cross_entropy', 'he')),
      { seed: 2 },
    );
    new Trainer(
      net,
      spiral,
      config({ optimizer: 'adam', learningRate: 0.01, batch: { miniBatch: 16 }, epochs: 400 }),
    ).run();
    expect(net.evaluate(spiral).accuracy).toBeGreaterThan(0.95);
  });

  for (const optimizer of ['momentum', 'adam'] as const) {
    it(`${optimizer} also solves XOR`, () => {
      const net = xorNet();
      const xor = xorData();
      new Trainer(net, xor, config({ optimizer, learningRate: 0.05, epochs: 1000 })).run();
      expect(net.evaluate(xor).loss).toBeLessThan(0.01);
    });
  }
});

describe('gradient descent modes', () => {
  const data = articleData(20, 3);
  const neuron = () => chainNetwork(3, [['dense', { units: 1 }]], 'mse', 1);

  it('takes m, 1 and k samples per step', () => {
    const count = (batch: TrainConfig['batch']) => {
      const t = new Trainer(neuron(), data, config({ batch }));
      t.runEpoch();
      return { steps: t.steps, size: t.batchSize };
    };
    expect(count('full')).toEqual({ steps: 1, size: 20 });
    expect(count('stochastic')).toEqual({ steps: 20, size: 1 });
    expect(count({ miniBatch: 6 })).toEqual({ steps: 4, size: 6 });
  });

  it('a full-batch step equals one update with the whole-data gradient', () => {
    const a = neuron();
    const b = neuron();
    a.lossAndGradients(data);
    const g = denseWeights(a.getGradients().n0)!;
    const before = denseWeights(a.getWeights().n0)!;
    new Trainer(b, data, config({ learningRate: 0.1 })).step();
    const after = denseWeights(b.getWeights().n0)!;
    after.W[0].forEach((w, j) => expect(w).toBeCloseTo(before.W[0][j] - 0.1 * g.W[0][j], 14));
    expect(after.b[0]).toBeCloseTo(before.b[0] - 0.1 * g.b[0], 14);
  });

  it('reshuffles mini-batches every epoch', () => {
    const t = new Trainer(neuron(), data, config({ batch: { miniBatch: 5 } }));
    const firstRows = () => {
      t.step();
      return Array.from(t.net.nodeState('in')!.value);
    };
    const epoch1 = firstRows();
    while (t.position !== 0) t.step();
    const epoch2 = firstRows();
    expect(epoch2).not.toEqual(epoch1);
  });

  it('is reproducible bit for bit for a seed, and differs for another', () => {
    const run = (seed: number) => {
      const net = new Network(mustCompile(mlp([3, 5, 1], 'tanh', 'linear', 'mse')), { seed });
      new Trainer(
        net,
        data,
        config({
          batch: { miniBatch: 4 },
          epochs: 20,
          seed,
          optimizer: 'adam',
          learningRate: 0.01,
        }),
      ).run();
      return net.getWeights();
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('L2 decay shrinks weights but not biases', () => {
    const a = neuron();
    const b = neuron();
    const zero = datasetFromRows([[0, 0, 0]], [[0]]);
    new Trainer(a, zero, config({ l2: 0.5, learningRate: 0.1, epochs: 1 })).run();
    new Trainer(b, zero, config({ l2: 0, learningRate: 0.1, epochs: 1 })).run();
    const wa = denseWeights(a.getWeights().n0)!.W[0];
    const wb = denseWeights(b.getWeights().n0)!.W[0];
    wa.forEach((w, j) => expect(w).toBeCloseTo(wb[j] * (1 - 0.1 * 0.5), 14));
  });

  it('changes the learning rate between steps', () => {
    const t = new Trainer(neuron(), data, config({ learningRate: 0.1 }));
    t.setLearningRate(0);
    const before = t.net.getWeights();
    t.step();
    expect(t.net.getWeights()).toEqual(before);
  });

  it('stops at a target loss', () => {
    const t = new Trainer(
      neuron(),
      data,
      config({ epochs: 10_000, targetLoss: 0.01, learningRate: 0.1 }),
    );
    const history = t.run();
    expect(history.length).toBeLessThan(10_000);
    expect(history[history.length - 1].loss).toBeLessThanOrEqual(0.01);
  });

  it('refuses data that does not fit the network', () => {
    expect(() => new Trainer(neuron(), datasetFromRows([[1, 2]], [[1]]), config({}))).toThrow(
      /2 features.*expects 3/,
    );
  });
});

describe('training backends', () => {
  it('the float32 WebAssembly backend trains like the float64 reference', () => {
    const spiral = spiralData(50, 0.02, 5);
    const run = (backend: ReturnType<typeof createTrainingBackend> | undefined) => {
      const net = new Network(
        mustCompile(mlp([2, 16, 16, 2], 'tanh', 'softmax', 'cross_entropy')),
        { seed: 2, backend },
      );
      const t = new Trainer(
        net,
        spiral,
        config({ optimizer: 'adam', learningRate: 0.02, batch: { miniBatch: 10 }, epochs: 5 }),
      );
      return t.run().map((s) => s.loss);
    };
    const wasm = createTrainingBackend();
    expect(wasm.name).toBe('wasm-simd-float32');
    const f32 = run(wasm);
    const f64 = run(undefined);
    f32.forEach((loss, i) => expect(Math.abs(loss - f64[i]) / f64[i]).toBeLessThan(1e-3));
  });
});

describe('exact resume: exportState / importState', () => {
  const data = articleData(20, 3);
  const build = (backend: 'float64' | 'training') =>
    new Network(mustCompile(mlp([3, 5, 2, 1], 'tanh', 'linear', 'mse')), {
      seed: 4,
      ...(backend === 'training' ? { backend: createTrainingBackend() } : {}),
    });
  const settings = (optimizer: 'sgd' | 'momentum' | 'adam') =>
    config({
      optimizer,
      learningRate: optimizer === 'adam' ? 0.01 : 0.05,
      batch: { miniBatch: 7 },
      l2: 0.001,
      l1: 0.001,
    });

  for (const backend of ['float64', 'training'] as const) {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      it(`${optimizer} (${backend}): 100 epochs, save, load, 100 more = 200 in one go, bit for bit`, () => {
        const once = new Trainer(build(backend), data, { ...settings(optimizer), epochs: 200 });
        const history = once.run();

        const first = new Trainer(build(backend), data, { ...settings(optimizer), epochs: 100 });
        const firstHistory = first.run();
        const weights = first.net.snapshot();
        const state = first.exportState();
        // A new network from the same file: other initial weights until the saved ones arrive.
        const net = build(backend);
        net.restore(weights);
        const second = new Trainer(net, data, { ...settings(optimizer), epochs: 100 });
        expect(second.importState(state)).toEqual({ optimizer: true, shuffle: true });
        const secondHistory = second.run();

        expect(net.snapshot()).toEqual(once.net.snapshot());
        expect([...firstHistory, ...secondHistory].map((h) => h.loss)).toEqual(
          history.map((h) => h.loss),
        );
        expect(second.updates).toBe(once.steps);
      });
    }
  }

  it('resumes mid-epoch: the shuffle position and the epoch sums so far carry over', () => {
    const once = new Trainer(build('float64'), data, settings('adam'));
    for (let i = 0; i < 40; i++) once.step();
    const first = new Trainer(build('float64'), data, settings('adam'));
    for (let i = 0; i < 17; i++) first.step();
    expect(first.position).not.toBe(0);
    const net = build('float64');
    net.restore(first.net.snapshot());
    const second = new Trainer(net, data, settings('adam'));
    second.importState(first.exportState());
    expect(second.position).toBe(first.position);
    // The network's training passes seed each pass's draws (dropout): they continue too.
    expect(net.passes).toBe(first.net.passes);
    expect(net.passes).toBeGreaterThan(0);
    for (let i = 0; i < 23; i++) second.step();
    expect(net.snapshot()).toEqual(once.net.snapshot());
    expect(second.lastEpoch).toEqual({ ...once.lastEpoch!, epoch: second.lastEpoch!.epoch });
  });

  it('without the state, a second run differs (the test above can fail)', () => {
    const once = new Trainer(build('float64'), data, { ...settings('adam'), epochs: 20 });
    once.run();
    const first = new Trainer(build('float64'), data, { ...settings('adam'), epochs: 10 });
    first.run();
    const net = build('float64');
    net.restore(first.net.snapshot());
    new Trainer(net, data, { ...settings('adam'), epochs: 10 }).run();
    expect(net.snapshot()).not.toEqual(once.net.snapshot());
  });

  it('takes only the parts that fit: another rule, seed or batch size starts that part afresh', () => {
    const first = new Trainer(build('float64'), data, settings('adam'));
    first.runEpoch();
    first.step();
    const state = first.exportState();
    const fresh = (overrides: Partial<TrainConfig>) =>
      new Trainer(build('float64'), data, { ...settings('adam'), ...overrides });
    expect(fresh({ optimizer: 'momentum' }).importState(state)).toEqual({
      optimizer: false,
      shuffle: true,
    });
    expect(fresh({ seed: 2 }).importState(state)).toEqual({ optimizer: true, shuffle: false });
    expect(fresh({ batch: { miniBatch: 5 } }).importState(state)).toEqual({
      optimizer: true,
      shuffle: false,
    });
    const other = new Trainer(
      new Network(mustCompile(mlp([3, 4, 1], 'tanh', 'linear', 'mse')), { seed: 4 }),
      data,
      settings('adam'),
    );
    expect(other.importState(state).optimizer).toBe(false);
    // An order that is not a permutation of the samples is not taken.
    const broken = { ...state, shuffle: { ...state.shuffle, order: new Int32Array(20) } };
    const t = fresh({});
    expect(t.importState(broken).shuffle).toBe(false);
    expect(t.position).toBe(0);
    t.step();
    expect(() => t.importState(state)).toThrow(/started/);
  });
});

describe('the batch copy and the updates in the kernel', () => {
  // The training backend gathers batches from a float32 copy of the data and updates in the
  // kernel; before, the trainer copied float64 → float32 per batch and updated in JavaScript.
  // The same bits, for every rule, with L2, with and without L1.
  const before = () => ({ ...createWasmBackend(), updates: undefined });
  const data = spiralData(40, 0.05, 3);
  const train = (backend: Backend, optimizer: 'sgd' | 'momentum' | 'adam', l1: number) => {
    const net = new Network(mustCompile(mlp([2, 41, 9, 2], 'tanh', 'softmax', 'cross_entropy')), {
      seed: 5,
      backend,
    });
    const t = new Trainer(
      net,
      data,
      config({ optimizer, learningRate: 0.03, batch: { miniBatch: 9 }, l2: 1e-3, l1 }),
    );
    const losses = [0, 1, 2].map(() => t.runEpoch().loss);
    return { losses, weights: net.getWeights() };
  };
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
    for (const l1 of [0, 1e-4]) {
      it(`${optimizer}, L1 ${l1}: the training backend's run is today's, bit for bit`, () => {
        const now = train(createTrainingBackend(), optimizer, l1);
        const then = train(before(), optimizer, l1);
        expect(now.losses).toEqual(then.losses);
        expect(now.weights).toEqual(then.weights);
      });
    }
  }

  it('the training backend really uses the kernels (its arrays live in its memory)', () => {
    const backend = createTrainingBackend();
    expect(backend.gatherRows).toBeTypeOf('function');
    expect(backend.allocF64).toBeTypeOf('function');
    const w = backend.alloc(3);
    const g = backend.alloc(3);
    w.set([1, -2, 0]);
    g.set([0.5, 0.5, 0.5]);
    expect(backend.updates!.sgd(w, g, 0.1, 0, 0)).toBe(true);
    expect(Array.from(w)).toEqual([Math.fround(0.95), Math.fround(-2.05), Math.fround(-0.05)]);
    // Arrays outside its memory: the kernel declines and the JavaScript loop runs instead.
    expect(backend.updates!.sgd(new Float32Array(3), g, 0.1, 0, 0)).toBe(false);
  });
});
