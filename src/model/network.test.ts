import { describe, expect, it } from 'vitest';
import { KINDS } from '../engine/registry';
import { Trainer } from '../engine/train';
import { EXAMPLES, newDocument } from './examples';
import { buildNetwork, compileModel, weightsFromNetwork } from './network';
import { parseModel, validateModel } from './parse';
import { prepareModel } from './prepare';
import { MODEL_SCHEMA } from './schema';
import { serializeModel } from './serialize';

describe('schema and engine registry agree', () => {
  it('lists exactly the registry kinds', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const defs = (MODEL_SCHEMA as any).definitions;
    expect(defs.node.properties.kind.enum).toEqual(Object.keys(KINDS));
    expect(Object.keys(defs.params)).toEqual(Object.keys(KINDS));
  });

  // Every parameter's bounds and options, checked by behaviour: the file validator
  // and the engine's compiler must accept and refuse the same values.
  const cases: { kind: string; param: string; value: unknown; valid: boolean }[] = [];
  for (const spec of Object.values(KINDS)) {
    for (const p of spec.params) {
      if (p.type === 'int' || p.type === 'number') {
        cases.push({ kind: spec.kind, param: p.name, value: p.min, valid: true });
        cases.push({ kind: spec.kind, param: p.name, value: p.min - 1, valid: false });
        if (p.max !== undefined)
          cases.push({ kind: spec.kind, param: p.name, value: p.max + 1, valid: false });
        if (p.type === 'int')
          cases.push({ kind: spec.kind, param: p.name, value: p.min + 0.5, valid: false });
      } else if (p.type === 'enum') {
        for (const o of p.options)
          cases.push({ kind: spec.kind, param: p.name, value: o, valid: true });
        cases.push({ kind: spec.kind, param: p.name, value: 'nonsense', valid: false });
      } else {
        cases.push({ kind: spec.kind, param: p.name, value: true, valid: true });
        cases.push({ kind: spec.kind, param: p.name, value: 'true', valid: false });
      }
    }
  }
  it.each(cases)('$kind.$param = $value → valid: $valid', ({ kind, param, value, valid }) => {
    const params: Record<string, unknown> = {};
    for (const p of KINDS[kind as keyof typeof KINDS].params) {
      if (!p.optional)
        params[p.name] = p.type === 'enum' ? p.options[0] : p.type === 'boolean' ? true : p.min;
    }
    params[param] = value;
    const model = newDocument();
    model.graph.nodes.push({ id: 'probe', kind, params });
    const fileResult = validateModel(model);
    expect(fileResult.ok).toBe(valid);
    if (!fileResult.ok) expect(fileResult.problems[0].path).toBe(`graph.nodes[6].params.${param}`);
    const compiled = compileModel(model);
    const paramProblem =
      !compiled.ok && compiled.problems.some((p) => p.path === `graph.nodes[6].params.${param}`);
    expect(paramProblem).toBe(!valid);
  });
});

describe('model ⇄ network', () => {
  it('compile problems are named by JSON path', () => {
    const model = newDocument();
    model.graph.edges = model.graph.edges.filter((e) => e.target !== 'loss');
    const result = compileModel(model);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(
      result.problems.some((p) => p.path === 'graph.nodes[5]' && /no input/i.test(p.message)),
    ).toBe(true);
  });

  it('checks weight shapes against the compiled graph', () => {
    const model = newDocument();
    model.weights = { dense2: { W: [[1, 2, 3]], b: [0] } };
    const result = compileModel(model);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({
      path: 'weights.dense2.W',
      message: 'must be 1 × 5 (units × inputs), got 1 × 3',
    });
  });

  it('reports data that does not fit the network', async () => {
    const model = newDocument();
    model.data = { builtin: 'iris' };
    const result = await prepareModel(model);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.message).join('\n')).toMatch(
      /4 features but the Input expects 3/,
    );
  });

  it('save → load gives the same weights and bit-identical predictions', async () => {
    const model = EXAMPLES.find((e) => e.id === 'iris')!.model();
    model.training.epochs = 5;
    const p = await prepareModel(model);
    if (!p.ok) throw new Error(JSON.stringify(p.problems));
    new Trainer(p.net, p.data.train, model.training).run();
    const saved = { ...model, weights: weightsFromNetwork(p.net) };
    const loaded = parseModel(serializeModel(saved));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    expect(loaded.model).toEqual(saved);
    const again = buildNetwork(loaded.model);
    if (!again.ok) throw new Error('does not build');
    const a = p.net.predict(p.data.all.x, p.data.all.m);
    const b = again.net.predict(p.data.all.x, p.data.all.m);
    expect(Buffer.from(b.buffer)).toEqual(Buffer.from(a.buffer));
  });

  it('initialises missing weights from the seed, deterministically', () => {
    const model = newDocument();
    const a = buildNetwork(model);
    const b = buildNetwork(model);
    const c = buildNetwork(model, { seed: 99 });
    if (!a.ok || !b.ok || !c.ok) throw new Error('does not build');
    expect(a.net.getWeights()).toEqual(b.net.getWeights());
    expect(c.net.getWeights()).not.toEqual(a.net.getWeights());
    // Partial weights: the given node keeps them, the other starts from the seed.
    model.weights = { dense2: { W: [[1, 2, 3, 4, 5]], b: [0.5] } };
    const d = buildNetwork(model);
    if (!d.ok) throw new Error('does not build');
    expect(d.net.getWeights().dense2).toEqual(model.weights.dense2);
    expect(d.net.getWeights().dense1).toEqual(a.net.getWeights().dense1);
  });

  it('the article network learns the article data: a new sample with first feature 1 → ≈ 1', async () => {
    const model = newDocument();
    const p = await prepareModel(model);
    if (!p.ok) throw new Error(JSON.stringify(p.problems));
    const history = new Trainer(p.net, p.data.train, model.training).run();
    expect(history[history.length - 1].loss).toBeLessThan(history[0].loss / 10);
    const [yes, no] = p.net.predict(Float64Array.from([1, 1, 0, 0, 1, 0]), 2);
    expect(yes).toBeGreaterThan(0.95);
    expect(no).toBeLessThan(0.05);
  });

  it('every example trains without diverging', async () => {
    for (const example of EXAMPLES) {
      const model = example.model();
      model.training.epochs = 3;
      const p = await prepareModel(model);
      if (!p.ok) throw new Error(`${example.id}: ${JSON.stringify(p.problems)}`);
      const h = new Trainer(p.net, p.data.train, model.training).run();
      expect(
        h.every((s) => Number.isFinite(s.loss)),
        example.id,
      ).toBe(true);
    }
  });
});
