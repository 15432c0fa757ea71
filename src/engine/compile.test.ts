import { describe, expect, it } from 'vitest';
import { compile, type Problem } from './compile';
import type { Graph } from './graph';
import { chain } from './testing/graphs';

const valid = (): Graph =>
  chain(
    3,
    [
      ['dense', { units: 5 }],
      ['activation', { fn: 'tanh' }],
      ['dense', { units: 1 }],
    ],
    'mse',
  );

function problems(graph: Graph, options = {}): Problem[] {
  const result = compile(graph, options);
  expect(result.ok).toBe(false);
  return result.problems;
}

describe('compile', () => {
  it('sorts and infers every shape of a valid graph', () => {
    const result = compile(valid());
    if (!result.ok) throw new Error('expected ok');
    expect(result.net.nodes.map((n) => n.id)).toEqual(['in', 'n0', 'n1', 'n2', 'loss']);
    expect(result.shapes).toEqual({ in: 3, n0: 5, n1: 5, n2: 1, loss: 1 });
    expect(result.edgeShapes).toEqual({ e0: 3, e1: 5, e2: 5, e3: 1 });
    expect(result.net.parameterCount).toBe(3 * 5 + 5 + 5 + 1);
    expect(result.net.outputId).toBe('n2');
  });

  it('sorts regardless of the order nodes are listed in', () => {
    const graph = valid();
    graph.nodes.reverse();
    const result = compile(graph);
    expect(result.ok && result.net.nodes.map((n) => n.id)).toEqual([
      'in',
      'n0',
      'n1',
      'n2',
      'loss',
    ]);
  });

  it('reports a cycle on each node in it, naming the path', () => {
    const graph = valid();
    graph.edges.push({ id: 'back', source: 'n1', target: 'n0' });
    const found = problems(graph).filter((p) => p.code === 'cycle');
    expect(found.map((p) => p.nodeId).sort()).toEqual(['n0', 'n1']);
    expect(found[0].message).toMatch(/cycle \(.*→.*→.*\)/);
  });

  it('reports a node not reachable from the input', () => {
    const graph = valid();
    graph.nodes.push({ id: 'lost', kind: 'dense', params: { units: 2 } });
    graph.edges.push({ id: 'x', source: 'lost', target: 'n1' });
    const found = problems(graph);
    expect(found).toContainEqual(expect.objectContaining({ code: 'unreachable', nodeId: 'lost' }));
  });

  it('reports a node whose output goes nowhere', () => {
    const graph = valid();
    graph.nodes.push({ id: 'spare', kind: 'dense', params: { units: 2 } });
    graph.edges.push({ id: 'x', source: 'n0', target: 'spare' });
    expect(problems(graph)).toContainEqual(
      expect.objectContaining({ code: 'dead-end', nodeId: 'spare' }),
    );
  });

  it('reports a loss that is not the last node', () => {
    const graph = valid();
    graph.nodes.push({ id: 'after', kind: 'activation', params: { fn: 'relu' } });
    graph.edges.push({ id: 'x', source: 'loss', target: 'after' });
    const found = problems(graph);
    expect(found).toContainEqual(
      expect.objectContaining({ code: 'loss-not-last', nodeId: 'loss', edgeId: 'x' }),
    );
  });

  it('reports shapes that do not match, with both shapes', () => {
    const graph: Graph = {
      nodes: [
        { id: 'in', kind: 'input', params: { features: 2 } },
        { id: 'a', kind: 'dense', params: { units: 4 } },
        { id: 'b', kind: 'dense', params: { units: 5 } },
        { id: 'sum', kind: 'add', params: {} },
        { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'a' },
        { id: 'e2', source: 'in', target: 'b' },
        { id: 'e3', source: 'a', target: 'sum' },
        { id: 'e4', source: 'b', target: 'sum' },
        { id: 'e5', source: 'sum', target: 'loss' },
      ],
    };
    const found = problems(graph).filter((p) => p.code === 'shape-mismatch');
    expect(found[0]).toMatchObject({ nodeId: 'sum' });
    expect(found[0].message).toContain('m × 4');
    expect(found[0].message).toContain('m × 5');
    expect(found).toContainEqual(expect.objectContaining({ edgeId: 'e4' }));
  });

  it('keeps the message of an Add with thousands of mismatched inputs short', () => {
    const n = 5000;
    const graph: Graph = {
      nodes: [
        { id: 'in', kind: 'input', params: { features: 2 } },
        ...Array.from({ length: n }, (_, i) => ({
          id: `d${i}`,
          kind: 'dense',
          params: { units: i + 1 },
        })),
        { id: 'sum', kind: 'add', params: {} },
        { id: 'loss', kind: 'loss', params: { fn: 'mse' } },
      ],
      edges: [
        ...Array.from({ length: n }, (_, i) => [
          { id: `a${i}`, source: 'in', target: `d${i}` },
          { id: `b${i}`, source: `d${i}`, target: 'sum' },
        ]).flat(),
        { id: 'out', source: 'sum', target: 'loss' },
      ],
    };
    const found = problems(graph).find((p) => p.code === 'shape-mismatch' && p.nodeId === 'sum');
    expect(found?.message).toMatch(
      /^Add needs inputs of the same shape, got m × 1 from Dense "d0", m × 2 from Dense "d1", .*, … and 4,980 more$/,
    );
    expect(found!.message.length).toBeLessThan(2000);
  });

  it('reports a network whose ends do not fit the data', () => {
    const found = problems(valid(), { features: 2, targets: 3 });
    expect(found).toContainEqual(expect.objectContaining({ code: 'data-mismatch', nodeId: 'in' }));
    const out = found.find((p) => p.code === 'data-mismatch' && p.edgeId === 'e3');
    expect(out?.message).toContain('m × 1');
    expect(out?.message).toContain('m × 3');
  });

  it('reports a missing input and a missing loss', () => {
    const graph = valid();
    graph.nodes = graph.nodes.filter((n) => n.kind !== 'input' && n.kind !== 'loss');
    graph.edges = graph.edges.filter((e) => e.id !== 'e0' && e.id !== 'e3');
    const codes = problems(graph).map((p) => p.code);
    expect(codes).toContain('missing-input');
    expect(codes).toContain('missing-loss');
  });

  it('reports an unknown kind by name', () => {
    const graph = valid();
    graph.nodes[1].kind = 'convolution';
    const found = problems(graph).find((p) => p.code === 'unknown-kind');
    expect(found).toMatchObject({ nodeId: 'n0' });
    expect(found?.message).toContain('"convolution"');
  });

  it('reports every bad parameter with its value', () => {
    const graph = valid();
    graph.nodes[1].params = { units: -3 };
    graph.nodes[2].params = { fn: 'swish' };
    const found = problems(graph).filter((p) => p.code === 'bad-param');
    expect(found).toEqual([
      expect.objectContaining({
        nodeId: 'n0',
        param: 'units',
        message: 'Units must be a whole number from 1 to 100,000, got -3',
      }),
      expect.objectContaining({
        nodeId: 'n1',
        param: 'fn',
        message: expect.stringContaining('got "swish"'),
      }),
    ]);
  });

  it('reports edges to missing nodes, duplicate ids, and wrong connection counts', () => {
    const graph = valid();
    graph.edges.push({ id: 'ghost', source: 'n2', target: 'nowhere' });
    graph.nodes.push({ id: 'n0', kind: 'dense', params: { units: 1 } });
    graph.nodes.push({ id: 'lonely', kind: 'dense', params: { units: 1 } });
    graph.edges.push({ id: 'x', source: 'n0', target: 'in' });
    const found = problems(graph);
    expect(found).toContainEqual(
      expect.objectContaining({ code: 'dangling-edge', edgeId: 'ghost' }),
    );
    expect(found).toContainEqual(expect.objectContaining({ code: 'duplicate-id', nodeId: 'n0' }));
    expect(found).toContainEqual(
      expect.objectContaining({ code: 'too-few-inputs', nodeId: 'lonely' }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ code: 'too-many-inputs', nodeId: 'in', edgeId: 'x' }),
    );
  });

  it('asks for a softmax before cross-entropy', () => {
    const graph = chain(2, [['dense', { units: 3 }]], 'cross_entropy');
    expect(problems(graph)).toContainEqual(
      expect.objectContaining({ code: 'needs-softmax', nodeId: 'loss' }),
    );
  });

  it('refuses absurd sizes before allocating anything', () => {
    const graph = chain(3, [['dense', { units: 1_000_000_000 }]], 'mse');
    expect(problems(graph)[0]).toMatchObject({ code: 'bad-param', param: 'units' });
    const big = chain(
      10_000,
      [
        ['dense', { units: 10_000 }],
        ['dense', { units: 1 }],
      ],
      'mse',
    );
    expect(problems(big)).toContainEqual(expect.objectContaining({ code: 'too-large' }));
  });

  it('returns all problems at once', () => {
    const graph = valid();
    graph.nodes[1].params = { units: 0 };
    graph.edges.push({ id: 'back', source: 'n2', target: 'n1' });
    graph.nodes.push({ id: 'weird', kind: 'pooling', params: {} });
    const codes = new Set(problems(graph).map((p) => p.code));
    expect([...codes]).toEqual(expect.arrayContaining(['bad-param', 'cycle', 'unknown-kind']));
  });
});

describe('compile in Chinese', () => {
  it('words every problem in the current language, naming nodes and parameters the same way', async () => {
    const { setLanguage } = await import('../i18n');
    const graph = valid();
    graph.nodes = graph.nodes.filter((n) => n.kind !== 'loss');
    graph.edges = graph.edges.filter((e) => e.target !== 'loss');
    graph.edges.push({ id: 'back', source: 'n2', target: 'n0' });
    graph.nodes[1].params = { units: 0 };
    setLanguage('zh-CN');
    try {
      const found = problems(graph);
      const byCode = (code: string) => found.filter((p) => p.code === code).map((p) => p.message);
      expect(byCode('missing-loss')).toEqual([
        '网络没有损失函数节点：请在最后一层之后添加一个，才能训练',
      ]);
      expect(byCode('bad-param')).toEqual(['神经元数必须是在 1 到 100,000 之间的整数，实际为 0']);
      expect(found.find((p) => p.code === 'bad-param')).toMatchObject({
        nodeId: 'n0',
        param: 'units',
      });
      expect(byCode('cycle')[0]).toMatch(/^这个节点在一个环中（全连接层 "n\d" → .*）：/);
    } finally {
      setLanguage('en');
    }
    expect(problems(graph).find((p) => p.code === 'bad-param')!.message).toBe(
      'Units must be a whole number from 1 to 100,000, got 0',
    );
  });
});
