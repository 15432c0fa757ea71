import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './examples';
import { MAX_PROBLEMS, parseModel, validateModel } from './parse';
import { serializeModel } from './serialize';
import { good, node, RUN, type Case, type Loose } from './testing/files';
import { GRAPH_CASES } from './testing/malformed-graphs';
import { SECTION_CASES } from './testing/malformed-sections';

const CASES: Case[] = [...GRAPH_CASES, ...SECTION_CASES];

describe('parseModel: malformed files', () => {
  it('has at least 50 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(CASES)('$name → $path', ({ text, edit, path, message }) => {
    let input = text;
    if (input === undefined) {
      const m: Loose = JSON.parse(JSON.stringify(good()));
      edit!(m);
      input = JSON.stringify(m);
    }
    const result = parseModel(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const match = result.problems.find((p) => p.path === path && message.test(p.message));
    expect(
      match,
      `problems were:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`,
    ).toBeDefined();
    for (const p of result.problems) {
      expect(p.message).not.toMatch(/\n\s+at /); // never a stack trace
      expect(p.message.length).toBeLessThan(400);
    }
  });

  it('reports every problem at once, not just the first', () => {
    const m: Loose = good();
    node(m, 'dense1').params.units = -3;
    m.training.learningRate = 'NaN';
    m.data.builtin = 'mnist';
    const result = parseModel(JSON.stringify(m));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'graph.nodes[1].params.units',
        'training.learningRate',
        'data.builtin',
      ]),
    );
  });

  it('caps a flood of problems and counts the rest', () => {
    const m: Loose = good();
    m.weights.dense1.W = Array.from({ length: 5 }, () => Array.from({ length: 100 }, () => 'x'));
    const result = parseModel(JSON.stringify(m));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.length).toBe(MAX_PROBLEMS + 1);
    expect(result.problems[MAX_PROBLEMS].message).toMatch(/and 400 more problems/);
  });

  it('refuses a billion units without allocating them', () => {
    const m: Loose = good();
    node(m, 'dense1').params.units = 1_000_000_000;
    delete m.weights;
    const before = process.memoryUsage().heapUsed;
    const result = parseModel(JSON.stringify(m));
    expect(result.ok).toBe(false);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('parseModel: good files', () => {
  it('accepts the good file and every example', () => {
    expect(parseModel(serializeModel(good())).ok).toBe(true);
    for (const example of EXAMPLES) {
      const result = validateModel(example.model());
      expect(result.ok, `${example.id}: ${JSON.stringify(result)}`).toBe(true);
    }
  });

  it('accepts a byte order mark and a dense node without bias (and so without b)', () => {
    const m = good();
    m.graph.nodes[1].params.bias = false;
    delete (m.weights!.dense1 as { b?: number[] }).b;
    expect(parseModel(`\uFEFF${serializeModel(m)}`).ok).toBe(true);
  });

  it('round-trips text: parse(serialize(m)) equals m, and serialize is stable', () => {
    const m = good();
    const W = m.weights!.dense1.W as number[][];
    W[0][0] = 0.1 + 0.2; // not representable exactly in decimal
    W[0][1] = -Math.PI * 1e-300;
    W[0][2] = 5e-324;
    const text = serializeModel(m);
    const back = parseModel(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.model).toEqual(m);
    expect(Object.is((back.model.weights!.dense1.W as number[][])[0][0], 0.1 + 0.2)).toBe(true);
    expect(serializeModel(back.model)).toBe(text);
  });

  it('round-trips a run list, and opens a file from before runs', () => {
    const m = good();
    m.runs = [{ ...RUN, batch: { miniBatch: 16 } }];
    m.history = [{ epoch: 1, loss: 0.5, run: 1 }];
    const back = parseModel(serializeModel(m));
    expect(back.ok && back.model).toEqual(m);
    const old = good();
    delete old.runs;
    expect(parseModel(serializeModel(old)).ok).toBe(true);
  });

  it('refuses to write a non-finite value, naming where it is', () => {
    const m = good();
    (m.weights!.dense2.W as number[][])[0][3] = NaN;
    expect(() => serializeModel(m)).toThrow(/weights.dense2.W\[0\]\[3\]: is NaN/);
  });
});
