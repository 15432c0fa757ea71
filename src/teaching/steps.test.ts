import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVATION_TABLE } from '../engine/activations';
import { OPS } from '../engine/ops';
import type { ActivationFn } from '../engine/graph';
import { setLanguage } from '../i18n';
import { exampleById } from '../model/examples';
import { prepareModel } from '../model/prepare';
import type { ModelFile } from '../model/types';
import { formatNumber, texNumber } from './format';
import { chooseBatch, describeSteps, traceUpdate, valueText, type Step } from './steps';
import { denseWeights } from '../engine/weights';

async function prepared(id: string, edit?: (m: ModelFile) => void) {
  const model = exampleById(id)!.model();
  edit?.(model);
  const p = await prepareModel(model);
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  return p;
}

async function stepsOf(
  id: string,
  edit?: (m: ModelFile) => void,
  focus = { neuron: 0, sample: 0 },
) {
  const p = await prepared(id, edit);
  const batch = chooseBatch(p.data.all, p.model.training.batch);
  const trace = traceUpdate(p.net, batch, p.model.training);
  return { ...p, batch, trace, steps: describeSteps(trace, focus) };
}

const byKey = (steps: Step[], key: string) => {
  const step = steps.find((s) => s.key === key);
  if (!step) throw new Error(`no step ${key} in ${steps.map((s) => s.key).join(', ')}`);
  return step;
};
const value = (step: Step, key: string) => step.values.find((v) => v.key === key)!;
const formula = (step: Step) => step.formula.join('\n');

describe('step mode on the article’s network', () => {
  it('goes forward node by node, through the loss, backward layer by layer, then updates', async () => {
    const { steps } = await stepsOf('article');
    expect(steps.map((s) => s.key)).toEqual([
      'forward:input',
      'forward:dense1',
      'forward:act1',
      'forward:dense2',
      'forward:act2',
      'loss',
      'backward:loss',
      'backward:act2',
      'backward:dense2:W',
      'backward:dense2:b',
      'backward:dense2:back',
      'backward:act1',
      'backward:dense1:W',
      'backward:dense1:b',
      'update:dense1',
      'update:dense2',
    ]);
    expect(steps.map((s) => s.phase)).toEqual([
      ...Array(5).fill('forward'),
      'loss',
      ...Array(8).fill('backward'),
      'update',
      'update',
    ]);
    // Every step highlights its node, or the edge the gradient travels along.
    for (const s of steps) expect(Boolean(s.nodeId) !== Boolean(s.edgeId)).toBe(true);
    expect(byKey(steps, 'backward:loss').edgeId).toBe('e5');
    expect(byKey(steps, 'backward:dense2:back').edgeId).toBe('e3');
  });

  it('shows the engine’s ∂L/∂W and ∂L/∂b, equal to getGradients, in the formula', async () => {
    const { steps, net, data } = await stepsOf('article');
    const all = net.getGradients();
    const grads = { dense1: denseWeights(all.dense1)!, dense2: denseWeights(all.dense2)! };
    for (const id of ['dense1', 'dense2'] as const) {
      const dW = byKey(steps, `backward:${id}:W`);
      expect(value(dW, 'dW').rows).toEqual(grads[id].W);
      for (const row of grads[id].W)
        for (const v of row) expect(formula(dW)).toContain(texNumber(v));
      const db = byKey(steps, `backward:${id}:b`);
      expect(value(db, 'db').rows).toEqual(grads[id].b.map((v) => [v]));
      for (const v of grads[id].b) expect(formula(db)).toContain(texNumber(v));
    }
    // The whole data set, as `backprop-studio grad` computes it.
    const loss = net.lossAndGradients(data.all);
    expect(net.getGradients()).toEqual(grads);
    expect(value(byKey(steps, 'loss'), 'L').rows).toEqual([[loss]]);
  });

  it('uses the seed notes’ formulas', async () => {
    const { steps } = await stepsOf('article');
    // Each step's first formula: whole, or a part it must contain.
    const whole: [key: string, formula: string][] = [
      [
        'forward:dense1',
        '\\mathbf{z}^{(1)} = \\mathbf{W}^{(1)} \\cdot \\mathbf{a}^{(0)} + \\mathbf{b}^{(1)}',
      ],
      ['loss', 'L = \\frac{1}{m} \\sum_{i=1}^{m} \\left(a^{(2)}_{i} - y_{i}\\right)^2'],
      [
        'backward:loss',
        '\\frac{\\partial L}{\\partial \\mathbf{a}^{(2)}} = \\frac{2}{m}\\left(\\mathbf{a}^{(2)} - \\mathbf{y}\\right)',
      ],
      [
        'backward:dense1:W',
        '\\frac{\\partial L}{\\partial \\mathbf{W}^{(1)}} = \\boldsymbol{\\delta}^{(1)} \\cdot \\left(\\mathbf{a}^{(0)}\\right)^{\\mathsf{T}}',
      ],
      [
        'backward:dense1:b',
        '\\frac{\\partial L}{\\partial \\mathbf{b}^{(1)}} = \\sum_{i=1}^{m} \\boldsymbol{\\delta}^{(1)}_{:,i}',
      ],
      [
        'backward:dense2:back',
        '\\frac{\\partial L}{\\partial \\mathbf{a}^{(1)}} = \\left(\\mathbf{W}^{(2)}\\right)^{\\mathsf{T}} \\cdot \\boldsymbol{\\delta}^{(2)}',
      ],
    ];
    for (const [key, formula] of whole) expect(byKey(steps, key).formula[0], key).toBe(formula);
    const within: [key: string, formula: string][] = [
      ['forward:act1', '\\sigma(z) = \\frac{1}{1 + e^{-z}}'],
      [
        'backward:act1',
        "\\boldsymbol{\\delta}^{(1)} = \\frac{\\partial L}{\\partial \\mathbf{a}^{(1)}} \\odot \\sigma'(\\mathbf{z}^{(1)})",
      ],
      ['update:dense1', '\\mathbf{W}^{(1)} \\leftarrow \\mathbf{W}^{(1)} - \\lambda'],
    ];
    for (const [key, formula] of within)
      expect(byKey(steps, key).formula[0], key).toContain(formula);
  });

  it('shows one neuron and one sample of a batch too large to show whole (64 samples)', async () => {
    const { steps, trace } = await stepsOf('article', undefined, { neuron: 2, sample: 4 });
    const z = byKey(steps, 'forward:dense1');
    expect(z.focus).toEqual({ neuron: { index: 2, count: 5 }, sample: { index: 4, count: 64 } });
    expect(formula(z)).toContain('z^{(1)}_{3,5} = \\sum_{k=1}^{3} W^{(1)}_{3,k}');
    const zValue = trace.nodes.get('dense1')!.value[4 * 5 + 2];
    expect(value(z, 'z').rows).toEqual([[zValue]]);
    expect(formula(z)).toContain(`= ${texNumber(zValue)}`);
    // The output layer has one unit: the neuron is clamped to it.
    const delta2 = byKey(steps, 'backward:act2');
    expect(delta2.focus?.neuron).toEqual({ index: 0, count: 1 });
    expect(value(delta2, 'delta').rows).toEqual([[trace.edges.get('e4')![4]]]);
    // δ of the output: (2/m)(a − y) ⊙ σ′(z), σ′ = a(1 − a), from the engine's numbers.
    const a = trace.nodes.get('act2')!.value[4];
    const y = trace.y[4];
    expect(trace.edges.get('e4')![4]).toBeCloseTo((2 / 64) * (a - y) * a * (1 - a), 15);
    // ∂L/∂W (5 × 3) is small enough to show whole even though the batch is not.
    const dW = byKey(steps, 'backward:dense1:W');
    expect(value(dW, 'dW').rows).toHaveLength(5);
    expect(dW.focus).toEqual({ neuron: { index: 2, count: 5 } });
    expect(formula(dW)).toContain('\\cdots');
  });

  it('applies the update to a copy: the network keeps its weights', async () => {
    const p = await prepared('article');
    const weights = p.net.getWeights();
    const trace = traceUpdate(p.net, chooseBatch(p.data.all, 'full'), p.model.training);
    expect(p.net.getWeights()).toEqual(weights);
    const before = { dense1: denseWeights(weights.dense1)! };
    const steps = describeSteps(trace);
    const lr = p.model.training.learningRate;
    const grads = { dense1: denseWeights(p.net.getGradients().dense1)! };
    const next = value(byKey(steps, 'update:dense1'), 'W').rows;
    next.forEach((row, j) =>
      row.forEach((v, k) =>
        expect(v).toBeCloseTo(before.dense1.W[j][k] - lr * grads.dense1.W[j][k], 14),
      ),
    );
  });
});

describe('step mode on small and large layers', () => {
  it('shows whole matrices, samples as columns, for a small batch (XOR, 4 samples)', async () => {
    const { steps, net } = await stepsOf('xor');
    const z = byKey(steps, 'forward:dense1');
    expect(z.focus).toBeUndefined();
    const W = denseWeights(net.getWeights().dense1)!.W; // 4 units × 2 inputs
    expect(formula(z)).toContain(
      `\\begin{bmatrix}${W.map((r) => r.map((v) => texNumber(v)).join(' & ')).join(' \\\\ ')}\\end{bmatrix}`,
    );
    const zRows = value(z, 'z').rows;
    expect(zRows).toHaveLength(4); // units
    expect(zRows[0]).toHaveLength(4); // samples
    // Input: x is features × samples = 2 × 4, the transpose of the file's rows.
    expect(value(byKey(steps, 'forward:input'), 'x').rows).toEqual([
      [0, 0, 1, 1],
      [0, 1, 0, 1],
    ]);
    // Adam, first update: m̂/√v̂ is the gradient's sign.
    const update = byKey(steps, 'update:dense1');
    expect(formula(update)).toContain('\\hat{\\mathbf{m}}');
    const grads = denseWeights(net.getGradients().dense1)!.W;
    value(update, 'W').rows.forEach((row, j) =>
      row.forEach((v, k) => expect(v).toBeCloseTo(W[j][k] - 0.05 * Math.sign(grads[j][k]), 4)),
    );
  });

  it('shows a chosen row for layers larger than 8 × 8 (spiral, 16 × 16)', async () => {
    const { steps, net, batch } = await stepsOf('spiral', undefined, { neuron: 20, sample: 0 });
    expect(batch.data.m).toBe(16);
    expect(batch.description).toContain('first 16 samples');
    const dW = byKey(steps, 'backward:dense2:W');
    expect(dW.focus?.neuron).toEqual({ index: 15, count: 16 });
    expect(value(dW, 'dW').rows).toEqual([net.getGradients().dense2.W[15]]);
    expect(dW.formula.join('')).toContain('W^{(2)}_{16,:}');
  });

  it('starts backward from δ = (p − y)/m for softmax with cross-entropy', async () => {
    const { steps, trace } = await stepsOf('iris');
    expect(steps.some((s) => s.key === 'backward:loss')).toBe(false);
    const out = byKey(steps, 'backward:act2');
    expect(out.title).toContain('softmax and cross-entropy');
    expect(out.formula[0]).toContain('\\frac{1}{m}\\left(\\mathbf{p} - \\mathbf{y}\\right)');
    const p = trace.nodes.get('act2')!.value;
    expect(value(out, 'delta').rows[0][0]).toBeCloseTo((p[0] - trace.y[0]) / trace.m, 15);
    expect(byKey(steps, 'loss').formula[0]).toContain('y_{k,i} \\log p_{k,i}');
  });

  it('writes momentum’s rule with its numbers', async () => {
    const { steps } = await stepsOf('article', (m) => {
      m.training.optimizer = 'momentum';
      m.training.momentum = 0.8;
    });
    const update = byKey(steps, 'update:dense2');
    expect(update.formula[0]).toContain('\\mathbf{v} \\leftarrow \\mu\\,\\mathbf{v}');
    expect(update.formula[0]).toContain('\\mu = 0.8');
  });

  it('writes L1 into the update: g + l1·sign(W), and Adam’s numbers include it', async () => {
    const { steps, trace } = await stepsOf('article', (m) => {
      m.training.optimizer = 'adam';
      m.training.l1 = 0.5;
    });
    const update = byKey(steps, 'update:dense2');
    expect(update.formula[0]).toContain('+ 0.5\\,\\operatorname{sign}(\\mathbf{W}^{(2)})');
    // t = 1: m = (1 − β₁)·g with g = ∂L/∂W + 0.5·sign(W) for the first weight shown.
    const p = trace.params.get('dense2')!;
    const g = p.dW[0] + 0.5 * Math.sign(p.W[0]);
    expect(update.formula[2]).toContain(`m = ${texNumber(0.1)} \\cdot`);
    expect(update.formula[2]).toContain(`= ${texNumber(0.1 * g)}`);
    const sgd = byKey(
      (await stepsOf('article', (m) => (m.training.l1 = 0.25))).steps,
      'update:dense1',
    );
    expect(sgd.explanation).toMatch(/L1 adding l1·sign\(W\)/);
  });
});

describe('step mode takes every activation’s formulas from the activation table', () => {
  const fns = (Object.keys(ACTIVATION_TABLE) as ActivationFn[]).filter((fn) => fn !== 'softmax');
  it.each(fns)('%s: its definition forward, its derivative and δ backward', async (fn) => {
    const { steps, trace } = await stepsOf('article', (m) => {
      const act1 = m.graph.nodes.find((n) => n.id === 'act1')!;
      act1.params = { fn, ...(fn === 'leaky_relu' ? { alpha: 0.1 } : {}) };
    });
    const tex = ACTIVATION_TABLE[fn].tex;
    expect(byKey(steps, 'forward:act1').formula[0]).toContain(tex.def);
    expect(byKey(steps, 'backward:act1').formula[0]).toContain(tex.der);
    // The δ shown is the engine's: ∂L/∂a ⊙ f′(z), entry by entry.
    const dz = trace.edges.get(trace.graph.nodes.find((n) => n.id === 'act1')!.inputs[0].edgeId)!;
    expect(formula(byKey(steps, 'backward:act1'))).toContain(texNumber(dz[0]));
  });
});

describe('step mode for kinds without steps of their own (their op’s formulas)', () => {
  const insert = (kind: string, params: Record<string, unknown>) => (m: ModelFile) => {
    for (const e of m.graph.edges) if (e.source === 'dense1') e.source = 'norm';
    m.graph.nodes.splice(2, 0, { id: 'norm', kind, params });
    m.graph.edges.push({ id: 'to-norm', source: 'dense1', target: 'norm' });
  };

  it('tracing leaves the network as it was: running statistics and the passes that seed dropout', async () => {
    const p = await prepared('article', insert('batchnorm', {}));
    const before = p.net.getWeights();
    const passes = p.net.passes;
    const batch = chooseBatch(p.data.all, p.model.training.batch);
    traceUpdate(p.net, batch, p.model.training);
    expect(p.net.getWeights()).toEqual(before);
    expect(p.net.passes).toBe(passes);
  });

  it.each([
    ['batchnorm', {}],
    ['layernorm', {}],
    ['dropout', { rate: 0.5 }],
  ] as const)(
    '%s: forward shows its rule and output, backward its rule and gradients',
    async (kind, params) => {
      const { steps, trace, net } = await stepsOf('article', insert(kind, params));
      const forward = byKey(steps, 'forward:norm');
      expect(forward.formula[0]).toBe(OPS[kind].tex.forward);
      // 64 samples: sample i = 1 is shown, a column of the node's 5 values.
      const w = 5;
      expect(value(forward, 'h').rows.flat()).toEqual(
        Array.from(trace.nodes.get('norm')!.value.subarray(0, w)),
      );
      const backward = byKey(steps, 'backward:norm');
      expect(backward.formula[0]).toBe(OPS[kind].tex.backward);
      expect(value(backward, 'dx').rows.flat()).toEqual(
        Array.from(trace.edges.get('to-norm')!.subarray(0, w)),
      );
      // Forward before the activation after it; backward after that activation's.
      const keys = steps.map((s) => s.key);
      expect(keys.indexOf('forward:norm')).toBeLessThan(keys.indexOf('forward:act1'));
      expect(keys.indexOf('backward:norm')).toBeGreaterThan(keys.indexOf('backward:act1'));
      if (kind === 'dropout') return;
      // γ and β: the engine's gradients.
      const grads = net.getGradients().norm;
      expect(value(backward, 'dgamma').rows[0]).toEqual(grads.gamma);
      expect(value(backward, 'dbeta').rows[0]).toEqual(grads.beta);
      // The update (sgd here): γ − λ ∂L/∂γ, shown without being applied.
      expect(trace.training.optimizer).toBe('sgd');
      const update = byKey(steps, 'update:norm');
      const gamma = net.getWeights().norm.gamma as number[];
      const lr = trace.training.learningRate;
      value(update, 'gamma').rows[0].forEach((v, c) =>
        expect(v).toBeCloseTo(gamma[c] - lr * (grads.gamma as number[])[c], 14),
      );
      expect(formula(backward)).toContain('\\frac{\\partial L}{\\partial \\boldsymbol{\\gamma}}');
    },
  );
});

describe('number format', () => {
  it('rounds to four significant digits, as text and as LaTeX', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(-0.5)).toBe('-0.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(12.5)).toBe('12.5');
    expect(formatNumber(-1.23456e-5)).toBe('-1.235e-5');
    expect(formatNumber(123456)).toBe('1.235e5');
    expect(texNumber(-1.23456e-5)).toBe('-1.235 \\times 10^{-5}');
    expect(
      valueText({
        key: 'x',
        label: 'x',
        rows: [
          [1, 2],
          [3, 0.00012346],
        ],
      }),
    ).toBe('[1, 2; 3, 1.235e-4]');
  });
});

describe('step mode in Chinese', () => {
  afterEach(() => setLanguage('en'));

  it('words every step in Chinese with the same formulas and numbers as in English', async () => {
    const { trace } = await stepsOf('article');
    const english = describeSteps(trace);
    setLanguage('zh-CN');
    const chinese = describeSteps(trace);
    expect(chinese.map((s) => s.key)).toEqual(english.map((s) => s.key));
    expect(chinese.map((s) => s.formula)).toEqual(english.map((s) => s.formula));
    expect(chinese.map((s) => s.values.map(valueText))).toEqual(
      english.map((s) => s.values.map(valueText)),
    );
    const han = /[\u4e00-\u9fff]/;
    for (const s of chinese) {
      expect(s.title, s.key).toMatch(han);
      expect(s.explanation, s.key).toMatch(han);
    }
    expect(byKey(chinese, 'backward:act2').title).toBe('δ⁽²⁾ 经过 act2：sigmoid');
    expect(byKey(chinese, 'forward:input').explanation).toContain('数据集的全部 64 个样本');
    // The batch's words follow the language at the time they are read.
    expect(trace.batch.description).toContain('全部 64 个样本');
    setLanguage('en');
    expect(trace.batch.description).toContain('All 64 samples');
  });

  it('keeps words out of the formulas', async () => {
    for (const id of ['article', 'xor', 'spiral', 'iris', 'sine']) {
      const { steps } = await stepsOf(id);
      for (const s of steps)
        for (const line of s.formula) expect(line).not.toMatch(/\\text\{[a-z ]{3,}\}/);
    }
  });
});
