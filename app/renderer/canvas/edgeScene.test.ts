import { describe, expect, it } from 'vitest';
import { edgeEnds, edgeScene, snapEnd } from './edgeScene';

describe('edgeScene', () => {
  it('keeps each edge path and tells listeners of changes only', () => {
    let told = 0;
    const off = edgeScene.subscribe(() => told++);
    edgeScene.set('a', 'M0,0 C50,0 50,100 100,100');
    edgeScene.set('a', 'M0,0 C50,0 50,100 100,100');
    expect(told).toBe(1);
    edgeScene.set('a', 'M0,0 C60,0 60,120 120,120');
    expect(told).toBe(2);
    expect(edgeScene.edges.get('a')).toBe('M0,0 C60,0 60,120 120,120');
    edgeScene.delete('a');
    edgeScene.delete('a');
    expect(told).toBe(3);
    expect(edgeScene.edges.has('a')).toBe(false);
    off();
    edgeScene.set('b', 'M0,0');
    expect(told).toBe(3);
    edgeScene.delete('b');
  });

  it('keeps a parked edge until it is gone or one of its nodes changes', () => {
    const p1 = { x: 0, y: 0 };
    const p2 = { x: 200, y: 0 };
    const flow = {
      edgeLookup: new Map([
        ['e1', { source: 'n1', target: 'n2' }],
        ['e2', { source: 'n2', target: 'n1' }],
      ]),
      nodeLookup: new Map([
        ['n1', { position: p1, measured: { width: 136, height: 80 } }],
        ['n2', { position: p2, measured: { width: 136, height: 80 } }],
      ]),
    };
    edgeScene.set('e1', 'M136,40 L200,40', edgeEnds(flow, 'e1'));
    edgeScene.set('e2', 'M336,40 L0,40', edgeEnds(flow, 'e2'));
    edgeScene.park('e1');
    edgeScene.park('e2');
    let told = 0;
    const off = edgeScene.subscribe(() => told++);
    // Nothing changed (a new node object with the same position object and size is the same).
    flow.nodeLookup.set('n1', { position: p1, measured: { width: 136, height: 80 } });
    edgeScene.prune((id) => edgeEnds(flow, id));
    expect([...edgeScene.edges.keys()]).toEqual(['e1', 'e2']);
    expect(told).toBe(0);
    // n2 grew while out of view: both its edges are stale.
    flow.nodeLookup.set('n2', { position: p2, measured: { width: 136, height: 96 } });
    edgeScene.set('e2', 'M336,48 L0,40', edgeEnds(flow, 'e2'));
    edgeScene.prune((id) => edgeEnds(flow, id));
    expect([...edgeScene.edges.keys()]).toEqual(['e2']);
    // e2 is rendered again (set unparks it): it stays whatever its ends do, until parked.
    flow.nodeLookup.set('n1', { position: { x: 10, y: 0 }, measured: { width: 136, height: 80 } });
    edgeScene.prune((id) => edgeEnds(flow, id));
    expect(edgeScene.edges.has('e2')).toBe(true);
    edgeScene.park('e2');
    flow.edgeLookup.delete('e2');
    edgeScene.prune((id) => edgeEnds(flow, id));
    expect(edgeScene.edges.size).toBe(0);
    expect(told).toBe(3);
    // Parking an edge the scene does not have keeps nothing.
    edgeScene.park('e3');
    edgeScene.clear();
    off();
  });

  it('snaps edge ends to half pixels, so jitter in the last digits keeps the path', () => {
    expect(snapEnd(2609.3906088579606)).toBe(snapEnd(2609.3905639648438));
    expect(snapEnd(40.5)).toBe(snapEnd(40.49996));
    expect(snapEnd(40.484375)).toBe(40.5);
    expect(snapEnd(37.28125)).toBe(37.5);
    expect(Math.abs(snapEnd(12.7) - 12.7)).toBeLessThan(0.31);
  });
});
