/**
 * Auto-layout with ELK's layered algorithm, left to right: the input on the
 * left, the loss on the right, layers in between. Returns top-left positions.
 * The canvas (auto-layout, crowded documents) and the importers (src/interop) use it.
 */
import type { ELK as Elk } from 'elkjs/lib/elk.bundled.js';
import { idTable } from '../engine/table';

// ELK is large (about 1.5 MB); load it the first time a layout is asked for.
let elk: Promise<Elk> | null = null;
function getElk() {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
}

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export async function layoutGraph(
  nodes: LayoutNode[],
  edges: { id: string; source: string; target: string }[],
): Promise<Record<string, { x: number; y: number }>> {
  const result = await (
    await getElk()
  ).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '40',
      // Room between layers for the edge labels (shape, and the training overlay's value).
      'elk.layered.spacing.nodeNodeBetweenLayers': '80',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeRouting': 'SPLINES',
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const out = idTable<{ x: number; y: number }>();
  for (const c of result.children ?? [])
    out[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return out;
}
