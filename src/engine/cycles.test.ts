import { describe, expect, it } from 'vitest';
import { findCycles } from './cycles';

function outgoing(edges: [string, string][], nodes: string[]) {
  const out = new Map(nodes.map((id) => [id, [] as { target: string }[]]));
  for (const [source, target] of edges) out.get(source)!.push({ target });
  return out;
}

describe('findCycles', () => {
  it('reports each strongly connected component once, as a shortest cycle through its first node', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e', 'f'];
    // a → b → c → a with a shortcut c → b; d → d; e → f (no cycle).
    const out = outgoing(
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'b'],
        ['d', 'd'],
        ['e', 'f'],
      ],
      nodes,
    );
    const cycles = findCycles(new Set(nodes), out);
    expect(cycles).toHaveLength(2);
    const abc = cycles.find((c) => c.members.includes('a'))!;
    expect(abc.members.sort()).toEqual(['a', 'b', 'c']);
    // The component pops c first; the shortcut makes c → b → c the shortest cycle through it.
    expect(abc.path).toEqual(['c', 'b']);
    expect(cycles.find((c) => c.members.includes('d'))).toEqual({ path: ['d'], members: ['d'] });
  });

  it('looks only at the candidates', () => {
    const out = outgoing(
      [
        ['a', 'b'],
        ['b', 'a'],
      ],
      ['a', 'b'],
    );
    expect(findCycles(new Set(['a']), out)).toEqual([]);
  });
});
