import { afterEach, describe, expect, it } from 'vitest';
import { exampleById } from '#src/model/examples';
import { useDocument } from '../../store/document';
import { useTraining } from '../../store/training';
import { hideOnCanvas, showOnCanvas } from './onCanvas';
import { useProbeCanvas } from '../../store/probe-canvas';

afterEach(() => {
  hideOnCanvas();
  useTraining.setState({ state: null });
});

describe('the probe on the canvas', () => {
  it('puts the sample’s values on every edge and on the small layers’ nodes', () => {
    useDocument.getState().load(exampleById('article')!.model());
    showOnCanvas([1, 0, 0], undefined);
    const s = useProbeCanvas.getState();
    expect(s.shown).toBe(true);
    expect(Object.keys(s.edges).sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(s.edges.e1).toEqual([1, 0, 0]);
    expect(s.nodes.act1).toHaveLength(5);
    // A new sample replaces the old.
    showOnCanvas([0, 1, 1], undefined);
    expect(useProbeCanvas.getState().edges.e1).toEqual([0, 1, 1]);
  });

  it('is cleared when a run starts, and when another document opens', () => {
    useDocument.getState().load(exampleById('article')!.model());
    showOnCanvas([1, 0, 0], undefined);
    useTraining.setState({ state: 'starting' });
    expect(useProbeCanvas.getState()).toMatchObject({ shown: false, edges: {}, nodes: {} });

    useTraining.setState({ state: null });
    showOnCanvas([1, 0, 0], undefined);
    expect(useProbeCanvas.getState().shown).toBe(true);
    useDocument.getState().load(exampleById('xor')!.model());
    expect(useProbeCanvas.getState()).toMatchObject({ shown: false, edges: {} });
  });

  it('does not draw a sample the network cannot take', () => {
    useDocument.getState().load(exampleById('xor')!.model());
    showOnCanvas([1, 0, 0], undefined);
    expect(useProbeCanvas.getState().shown).toBe(false);
  });
});
