import { beforeEach, describe, expect, it } from 'vitest';
import { xorWithProtoIds } from '#src/model/testing/user-ids';
import { testDocument } from '#src/model/testing/documents';
import type { ModelFile, ResumeState } from '#src/model/types';
import { isDirty, toGraph, toModelFile, useDocument } from './document';

function model(): ModelFile {
  return testDocument({
    nodes: [
      { id: 'input', kind: 'input', params: { features: 2 }, position: { x: 0, y: 0 } },
      { id: 'loss', kind: 'loss', params: { fn: 'mse' }, position: { x: 600, y: 0 } },
    ],
    edges: [],
  });
}

const doc = () => useDocument.getState();
const graph = () => toGraph(doc().nodes, doc().edges);

describe('the document store', () => {
  beforeEach(() => doc().load(model(), { name: 'test' }));

  it('applying the digits gives an Input its image shape, unless it feeds a Dense layer', () => {
    const conv = doc().addNode('conv2d', { x: 200, y: 0 });
    doc().connect('input', conv);
    doc().setData({ builtin: 'digits' }, 64);
    const input = () => graph().nodes.find((n) => n.id === 'input')!.params;
    expect(input()).toEqual({ features: 64, height: 8, width: 8, channels: 1 });
    // Back to flat data: the image shape no longer covers the features and goes.
    doc().setData({ builtin: 'xor' }, 2);
    expect(input()).toEqual({ features: 2 });
    // An MLP keeps taking vectors, so that it still compiles.
    doc().deleteElements([conv], []);
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    doc().connect('input', dense);
    doc().setData({ builtin: 'digits' }, 64);
    expect(input()).toEqual({ features: 64 });
  });

  it('undoes and redoes add, connect, edit, move and delete, one step each', () => {
    const states = [graph()];
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    states.push(graph());
    expect(doc().connect('input', dense)).not.toBeNull();
    states.push(graph());
    doc().connect(dense, 'loss');
    states.push(graph());
    doc().setParam(dense, 'units', 3);
    states.push(graph());
    // A drag is one entry however many position changes it makes.
    doc().beginDrag();
    for (let x = 210; x <= 300; x += 10) {
      doc().onNodesChange([
        { type: 'position', id: dense, position: { x, y: 40 }, dragging: true },
      ]);
    }
    doc().endDrag();
    states.push(graph());
    doc().deleteElements([dense], []);
    states.push(graph());

    expect(graph().nodes.map((n) => n.id)).toEqual(['input', 'loss']);
    expect(graph().edges).toEqual([]);
    expect(doc().past).toHaveLength(states.length - 1);

    for (let i = states.length - 2; i >= 0; i--) {
      doc().undo();
      expect(graph()).toEqual(states[i]);
    }
    expect(isDirty()).toBe(false);
    doc().undo(); // nothing left: a no-op
    expect(graph()).toEqual(states[0]);

    for (let i = 1; i < states.length; i++) {
      doc().redo();
      expect(graph()).toEqual(states[i]);
    }
    expect(isDirty()).toBe(true);
  });

  it('makes an undo entry for a drag that moved a node, as it began, and none for a click', () => {
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    // React Flow leaves positions between pixels (a drag at a low zoom).
    doc().beginDrag();
    doc().onNodesChange([
      { type: 'position', id: dense, position: { x: 250.4, y: 40.3 }, dragging: true },
    ]);
    doc().endDrag();
    const past = doc().past.length;
    const at = graph();
    // Grabbed and let go where it was: nothing to undo.
    doc().beginDrag();
    doc().endDrag();
    expect(doc().past).toHaveLength(past);
    doc().beginDrag();
    doc().onNodesChange([
      { type: 'position', id: dense, position: { x: 250.4, y: 90 }, dragging: true },
    ]);
    // A change made during the drag by something else is not in the drag's entry.
    doc().onNodesChange([{ type: 'select', id: dense, selected: true }]);
    doc().endDrag();
    expect(doc().past).toHaveLength(past + 1);
    doc().undo();
    expect(graph()).toEqual(at);
    expect(graph().nodes.find((n) => n.id === dense)!.position).toEqual({ x: 250, y: 40 });
  });

  it('undoing a move keeps what did not move, and the compiled network', () => {
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    doc().connect('input', dense);
    doc().connect(dense, 'loss');
    const before = { nodes: doc().nodes, edges: doc().edges, compiled: doc().compiled };
    doc().beginDrag();
    doc().onNodesChange([
      { type: 'position', id: dense, position: { x: 260, y: 40 }, dragging: true },
    ]);
    doc().endDrag();
    doc().undo();
    const moved = doc().nodes.find((n) => n.id === dense)!;
    expect(moved.position).toEqual({ x: 200, y: 0 });
    for (const n of doc().nodes.filter((n) => n.id !== dense))
      expect(n).toBe(before.nodes.find((m) => m.id === n.id));
    doc().edges.forEach((e, i) => expect(e).toBe(before.edges[i]));
    expect(doc().compiled).toBe(before.compiled);
    // A step that changed the network compiles it again.
    doc().setParam(dense, 'units', 3);
    const three = doc().compiled;
    doc().undo();
    expect(doc().compiled).not.toBe(three);
    expect(doc().compiled.ok).toBe(true);
  });

  it('compiles as the graph is edited and reports shapes on edges', () => {
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    const e1 = doc().connect('input', dense)!;
    const e2 = doc().connect(dense, 'loss')!;
    doc().setParam(dense, 'units', 1);
    expect(doc().compiled.ok).toBe(true);
    expect(doc().compiled.edgeShapes[e1]).toBe(2);
    expect(doc().compiled.edgeShapes[e2]).toBe(1);
    doc().setParam(dense, 'units', 3);
    // XOR has one target: the compiler flags the connection into the loss.
    expect(doc().compiled.ok).toBe(false);
    expect(doc().problemsByEdge[e2]?.[0].message).toMatch(/1 unit/);
    doc().undo();
    expect(doc().compiled.ok).toBe(true);
  });

  it('refuses cycles and self-loops, and replaces the input of a one-input node', () => {
    const a = doc().addNode('dense', { x: 200, y: 0 });
    const b = doc().addNode('dense', { x: 400, y: 0 });
    doc().connect(a, b);
    expect(doc().connect(b, a)).toBeNull();
    expect(doc().connect(a, a)).toBeNull();
    doc().connect('input', b);
    expect(
      doc()
        .edges.filter((e) => e.target === b)
        .map((e) => e.source),
    ).toEqual(['input']);
  });

  it('does not record selection, and moving without a change records nothing', () => {
    doc().select({ nodes: ['input'] });
    doc().selectAll();
    doc().beginDrag();
    doc().endDrag();
    expect(doc().past).toHaveLength(0);
    expect(isDirty()).toBe(false);
  });

  it('copies and pastes with fresh ids and the internal edges', () => {
    const a = doc().addNode('dense', { x: 200, y: 0 });
    const b = doc().addNode('activation', { x: 400, y: 0 });
    doc().connect(a, b);
    doc().select({ nodes: [a, b] });
    const clip = doc().copySelection()!;
    doc().paste(clip, { x: 30, y: 30 });
    expect(doc().nodes).toHaveLength(6);
    const pasted = doc().nodes.filter((n) => n.selected);
    expect(pasted.map((n) => n.data.kind).sort()).toEqual(['activation', 'dense']);
    expect(pasted.every((n) => n.id !== a && n.id !== b)).toBe(true);
    expect(doc().edges).toHaveLength(2);
    doc().undo();
    expect(doc().nodes).toHaveLength(4);
  });

  it('saves the graph with positions, the viewport, and the data and training unchanged', () => {
    doc().addNode('dense', { x: 200, y: 10 });
    const file = toModelFile({ x: 5, y: 6, zoom: 0.75 });
    expect(file.graph.nodes.find((n) => n.kind === 'dense')?.position).toEqual({ x: 200, y: 10 });
    expect(file.view?.viewport).toEqual({ x: 5, y: 6, zoom: 0.75 });
    expect(file.data).toEqual(model().data);
    expect(file.training).toEqual(model().training);
    doc().markSaved('/tmp/net.bpmodel');
    expect(isDirty()).toBe(false);
    expect(doc().name).toBe('net.bpmodel');
  });

  it('takes node and edge ids like "__proto__" and "toString" as ids like any other', () => {
    doc().load(xorWithProtoIds(), { name: 'proto' });
    expect(doc().compiled.ok).toBe(true);
    expect(doc().compiled.shapes['__proto__']).toBe(4);
    expect(doc().compiled.edgeShapes['toString']).toBe(4);
    expect(doc().problemsByNode['toString']).toBeUndefined();
    expect(doc().problemsByEdge['constructor']).toBeUndefined();

    const trained = { W: Array.from({ length: 4 }, () => [0.5, -0.5]), b: [0, 0, 0, 0] };
    doc().applyWeights(JSON.parse(JSON.stringify({ ['__proto__']: trained })));
    expect(Object.keys(toModelFile(null).weights ?? {})).toEqual(['__proto__']);
    expect(toModelFile(null).weights?.['__proto__']).toEqual(trained);

    const before = toModelFile(null).graph.nodes.find((n) => n.id === 'toString')?.position;
    doc().setPositions({ ['__proto__']: { x: 5, y: 6 } });
    const nodes = toModelFile(null).graph.nodes;
    expect(nodes.find((n) => n.id === '__proto__')?.position).toEqual({ x: 5, y: 6 });
    expect(nodes.find((n) => n.id === 'toString')?.position).toEqual(before);
  });
  it('keeps what training resumes from with the weights it came with, and forgets it with them', () => {
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    doc().connect('input', dense);
    doc().connect(dense, 'loss');
    doc().setParam(dense, 'units', 1);
    const weights = { [dense]: { W: [[0.5, -0.5]], b: [0.25] } };
    const resume: ResumeState = {
      updates: 3,
      passes: 3,
      optimizer: {
        name: 'momentum',
        t: 3,
        moments: { velocity: { [dense]: { W: [[1, 2]], b: [3] } } },
      },
      shuffle: { seed: 1, batch: 4, rng: 7, order: [0, 1, 2, 3], position: 0 },
    };
    doc().applyWeights(weights, resume);
    expect(toModelFile(null).resume).toEqual(resume);
    // A checkpoint without it (a diverged run) forgets it.
    doc().applyWeights(weights);
    expect(toModelFile(null).resume).toBeUndefined();
    doc().applyWeights(weights, resume);
    // The graph changes under the weights: they are dropped on save, and the resume with them.
    doc().setParam(dense, 'units', 2);
    expect(toModelFile(null).weights).toEqual({});
    expect(toModelFile(null).resume).toBeUndefined();
    doc().setParam(dense, 'units', 1);
    expect(toModelFile(null).resume).toEqual(resume);
    doc().resetWeights();
    expect(doc().model.resume).toBeUndefined();
  });

  it('keeps the weights of a Dense node without a bias, which have no b', () => {
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    doc().connect('input', dense);
    doc().connect(dense, 'loss');
    doc().setParam(dense, 'units', 1);
    doc().setParam(dense, 'bias', false);
    const weights = { [dense]: { W: [[0.5, -0.5]] } };
    doc().applyWeights(weights);
    expect(toModelFile(null).weights).toEqual(weights);
  });
});

describe('new nodes fit the data', () => {
  // Five features, two targets: neither is a palette default.
  const data = {
    inline: {
      x: [
        [1, 2, 3, 4, 5],
        [5, 4, 3, 2, 1],
      ],
      y: [
        [0, 1],
        [1, 0],
      ],
    },
  };
  const params = (id: string) => doc().nodes.find((n) => n.id === id)!.data.params;

  beforeEach(() => {
    const m = model();
    m.data = data;
    m.graph.nodes = m.graph.nodes.filter((n) => n.kind !== 'input');
    doc().load(m, { name: 'test' });
  });

  it('gives a new Input the data’s feature count', () => {
    const input = doc().addNode('input', { x: 0, y: 0 });
    expect(params(input).features).toBe(5);
    expect(params(doc().addNode('dense', { x: 0, y: 0 })).units).toBe(4);
  });

  it('gives a Dense the target count when it becomes the last layer, in the same undo step', () => {
    const input = doc().addNode('input', { x: 0, y: 0 });
    const dense = doc().addNode('dense', { x: 200, y: 0 });
    doc().connect(input, dense);
    expect(params(dense).units).toBe(4);
    doc().connect(dense, 'loss');
    expect(params(dense).units).toBe(2);
    expect(doc().compiled.ok).toBe(true);
    doc().undo();
    expect(params(dense).units).toBe(4);
    expect(doc().edges.some((e) => e.target === 'loss')).toBe(false);
  });

  it('looks through activations before the loss, and leaves units the user chose', () => {
    const hidden = doc().addNode('dense', { x: 0, y: 0 });
    const act = doc().addNode('activation', { x: 200, y: 0 });
    const last = doc().addNode('dense', { x: 400, y: 0 });
    doc().setParam(hidden, 'units', 7);
    doc().connect(hidden, act);
    doc().connect(act, 'loss');
    expect(params(hidden).units).toBe(7);
    doc().connect(last, act);
    expect(params(last).units).toBe(2);
  });
});
