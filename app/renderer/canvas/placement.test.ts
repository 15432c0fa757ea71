import { describe, expect, it } from 'vitest';
import { freeSpot, PLACEMENT_GAP, type Box } from './placement';

const size = { width: 150, height: 66 };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('placing a clicked node', () => {
  it('centres the first node on the view’s middle', () => {
    expect(freeSpot({ x: 400, y: 300 }, size, [])).toEqual({ x: 325, y: 267 });
  });

  it('puts each next node in free space nearby, never on another', () => {
    const taken: Box[] = [];
    for (let i = 0; i < 12; i++) {
      const at = freeSpot({ x: 400, y: 300 }, size, taken);
      const box = { ...at, ...size };
      for (const other of taken) expect(overlap(box, other)).toBe(false);
      // Near the middle: within a few node sizes.
      expect(Math.hypot(at.x + 75 - 400, at.y + 33 - 300)).toBeLessThan(4 * (150 + PLACEMENT_GAP));
      taken.push(box);
    }
    expect(new Set(taken.map((b) => `${b.x},${b.y}`)).size).toBe(12);
  });

  it('steps around a node the user put in the middle, keeping the gap', () => {
    const user: Box = { x: 300, y: 250, width: 200, height: 120 };
    const at = freeSpot({ x: 400, y: 300 }, size, [user]);
    const box = { ...at, ...size };
    const grown = {
      x: user.x - PLACEMENT_GAP,
      y: user.y - PLACEMENT_GAP,
      width: user.width + 2 * PLACEMENT_GAP,
      height: user.height + 2 * PLACEMENT_GAP,
    };
    expect(overlap(box, grown)).toBe(false);
  });
});
