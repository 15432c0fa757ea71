import { describe, expect, it } from 'vitest';
import { edgeScene } from './edgeScene';

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
});
