import { describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import {
  toGraph,
  toFlowNode,
  toFlowEdge,
  connected,
  movedSince,
  clipboardOf,
  pastedElements,
  nodesFittingData,
} from './graph';

/** XOR as React Flow has it: input → dense1 → act1 → dense2 → act2 → loss, edges e1…e5. */
function xor() {
  const model = exampleById('xor')!.model();
  return {
    data: model.data,
    nodes: model.graph.nodes.map((n) => toFlowNode(n)),
    edges: model.graph.edges.map((e) => toFlowEdge(e)),
  };
}

describe('the graph helpers', () => {
  it('convert to a Graph and back', () => {
    const { nodes, edges } = xor();
    const graph = toGraph(nodes, edges);
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'input',
      'dense1',
      'act1',
      'dense2',
      'act2',
      'loss',
    ]);
    expect(graph.edges[0]).toEqual({ id: 'e1', source: 'input', target: 'dense1' });
  });

  it('connect: refuse a cycle, replace a one-input node’s input, fit a new last Dense', () => {
    const { nodes, edges, data } = xor();
    expect(connected(nodes, edges, 'act2', 'dense1', data)).toBeNull();
    // dense1 → act2 replaces act2's input (dense2), and dense2 no longer feeds anything.
    const made = connected(nodes, edges, 'dense1', 'act2', data)!;
    expect(made.edges.filter((e) => e.target === 'act2').map((e) => e.source)).toEqual(['dense1']);
    expect(made.id).toBe('e-dense1-act2-1');
    // dense1 is now the last Dense before the loss: it takes XOR's one target.
    expect(made.nodes.find((n) => n.id === 'dense1')!.data.params.units).toBe(1);
    expect(nodes.find((n) => n.id === 'dense1')!.data.params.units).toBe(4);
  });

  it('tell whether a node moved, by its rounded position', () => {
    const { nodes, edges } = xor();
    const before = toGraph(nodes, edges);
    const nudged = nodes.map((n) =>
      n.id === 'act1' ? { ...n, position: { ...n.position, x: n.position.x + 0.4 } } : n,
    );
    expect(movedSince(before, nudged)).toBe(false);
    const moved = nodes.map((n) =>
      n.id === 'act1' ? { ...n, position: { ...n.position, x: n.position.x + 1 } } : n,
    );
    expect(movedSince(before, moved)).toBe(true);
  });

  it('copy the selection with its internal edges, paste under fresh ids and offset', () => {
    const { nodes, edges } = xor();
    const selected = nodes.map((n) =>
      n.id === 'dense1' || n.id === 'act1' ? { ...n, selected: true } : n,
    );
    const clip = clipboardOf(selected, edges)!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['dense1', 'act1']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
    expect(clipboardOf(nodes, edges)).toBeNull();

    const taken = new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)]);
    const pasted = pastedElements(clip, { x: 10, y: 20 }, taken);
    // Fresh ids are the kind and the first free number.
    expect(pasted.nodes.map((n) => n.id)).toEqual(['dense3', 'activation1']);
    expect(pasted.nodes[0].position).toEqual({
      x: clip.nodes[0].position!.x + 10,
      y: clip.nodes[0].position!.y + 20,
    });
    expect(pasted.edges.map((e) => [e.source, e.target])).toEqual([['dense3', 'activation1']]);
    expect(pasted.nodes.every((n) => n.selected) && pasted.edges.every((e) => e.selected)).toBe(
      true,
    );
    expect(taken.has('activation1') && taken.has(pasted.edges[0].id)).toBe(true);
  });

  it('fit the Input to new data and apply the params patch in one pass', () => {
    const { nodes, edges } = xor();
    const fitted = nodesFittingData(nodes, edges, { builtin: 'circle' }, 3, {
      dense2: { units: 2 },
    });
    expect(fitted.find((n) => n.id === 'input')!.data.params.features).toBe(3);
    expect(fitted.find((n) => n.id === 'dense2')!.data.params.units).toBe(2);
    // Nodes without a change are the same objects.
    expect(fitted.find((n) => n.id === 'act1')).toBe(nodes.find((n) => n.id === 'act1'));
  });
});
