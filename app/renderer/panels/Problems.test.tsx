// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { testDocument } from '#src/model/testing/documents';
import type { ModelFile } from '#src/model/types';
import { useDocument } from '../store/document';
import { edgeName, idsAndKinds, nodeNames } from '../store/names';
import { Problems } from './Problems';
import { useTeaching } from '../store/teaching';
import { WarningsList } from '../teaching/warnings/Warnings';

const node = (id: string, kind: string) => ({ id, data: { kind } });

describe('names of nodes and connections', () => {
  it('uses the kind label and the number of the id', () => {
    const names = nodeNames([
      node('input', 'input'),
      node('dense1', 'dense'),
      node('act12', 'activation'),
      node('loss', 'loss'),
    ]);
    expect([...names.values()]).toEqual(['Input', 'Dense 1', 'Activation 12', 'Loss']);
    expect(edgeName(names, { source: 'dense1', target: 'act12' })).toBe('Dense 1 → Activation 12');
  });

  it('quotes the id when there is no number or two nodes would share a name', () => {
    const names = nodeNames([
      node('hidden', 'dense'),
      node('d1', 'dense'),
      node('dense1', 'dense'),
    ]);
    expect([...names.values()]).toEqual(['Dense "hidden"', 'Dense "d1"', 'Dense "dense1"']);
  });

  it('keys the names by ids and kinds, whatever else changed and however often it is asked', () => {
    const nodes = [node('input', 'input'), node('dense1', 'dense')];
    const key = idsAndKinds(nodes);
    expect(key).toBe('input\tinput\ndense1\tdense');
    // A new array of the same nodes (a drag, a selection), asked again: the same key.
    expect(idsAndKinds(nodes.map((n) => ({ ...n, selected: true })))).toBe(key);
    expect(idsAndKinds([node('input', 'input'), node('dense1', 'activation')])).toBe(
      'input\tinput\ndense1\tactivation',
    );
    expect(idsAndKinds([node('input', 'input'), node('dense2', 'activation')])).toBe(
      'input\tinput\ndense2\tactivation',
    );
    expect(idsAndKinds([node('input', 'input')])).toBe('input\tinput');
    expect(idsAndKinds([])).toBe('');
  });
});

function model(): ModelFile {
  return testDocument({
    nodes: [
      { id: 'input', kind: 'input', params: { features: 2 }, position: { x: 0, y: 0 } },
      { id: 'dense1', kind: 'dense', params: { units: 4 }, position: { x: 200, y: 0 } },
      { id: 'add1', kind: 'add', params: {}, position: { x: 400, y: 0 } },
      { id: 'loss', kind: 'loss', params: { fn: 'mse' }, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e-input-dense1-1', source: 'input', target: 'dense1' },
      { id: 'e-dense1-add1-1', source: 'dense1', target: 'add1' },
      { id: 'e-input-add1-1', source: 'input', target: 'add1' },
      { id: 'e-add1-loss-1', source: 'add1', target: 'loss' },
    ],
  });
}

describe('the problems list', () => {
  afterEach(cleanup);

  it('names nodes and connections by their labels, not their ids', () => {
    useDocument.getState().load(model(), { name: 'test' });
    render(
      <ReactFlowProvider>
        <Problems />
      </ReactFlowProvider>,
    );
    const list = screen.getByRole('list', { name: 'Problems' });
    const where = within(list)
      .getAllByRole('button')
      .map((b) => b.querySelector('.bp-problem__where')?.textContent);
    expect(where).toContain('Input → Add 1');
    expect(where.length).toBeGreaterThan(0);
    expect(list.textContent).not.toMatch(/e-input-add1-1|e-dense1-add1-1/);
  });
});

describe('the warnings list', () => {
  afterEach(cleanup);

  it('names the node a warning is about as the problems list does', () => {
    useDocument.getState().load(model(), { name: 'test' });
    useTeaching.setState({
      warnings: [
        {
          key: 'dead:dense1',
          kind: 'dead',
          nodeId: 'dense1',
          title: 'Dead ReLU units',
          explanation: 'x',
          fix: 'y',
        },
      ],
    });
    render(
      <ReactFlowProvider>
        <WarningsList />
      </ReactFlowProvider>,
    );
    const list = screen.getByRole('list', { name: 'Warnings' });
    expect(list.querySelector('.bp-problem__where')?.textContent).toBe('Dense 1');
    useTeaching.setState({ warnings: [] });
  });
});
