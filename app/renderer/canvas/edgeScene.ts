/**
 * Where every edge's drawn path lives, outside React: ShapeEdge registers the
 * path React Flow computed for it (its Bézier between the two handles), and
 * the edge layer (EdgeLayer.tsx) draws all of them as a few SVG paths. A drag
 * re-renders only the edges that moved, and each tells the layer by a `set`
 * here; the layer redraws once per animation frame at most.
 *
 * An edge React Flow stops rendering because it left the view (a large graph
 * renders only what is in view, Canvas.tsx) is parked, not deleted: its path
 * stays drawn, so a pan that brings edges in and out of view leaves the layer
 * untouched (rewriting the path of every edge repainted the whole graph, on
 * every frame of a pan). A parked edge is dropped once `prune` finds it stale:
 * deleted, or one of its nodes moved or changed size while out of view.
 */

/**
 * An edge end's coordinate, snapped to half a pixel. React Flow measures handles again each time
 * a node comes back into view, at whatever the zoom is, and the result differs in the last
 * digits (2609.39060 then 2609.39056 at zoom 0.1): unsnapped, every edge brought back into
 * view by a pan has a "new" path, and the layer redraws the whole graph. The grid is offset
 * (0.1) so that no boundary falls on the 1/128 px steps layout positions take: a jitter never
 * flips a snap.
 */
export function snapEnd(v: number): number {
  return Math.round(v * 2 + 0.1) / 2;
}

/** What an edge's path depends on (its nodes' positions and sizes), compared with ===. */
export type EdgeEnds = readonly unknown[];

/** The parts of React Flow's store `edgeEnds` reads. */
interface FlowLookups {
  edgeLookup: ReadonlyMap<string, { source: string; target: string }>;
  nodeLookup: ReadonlyMap<
    string,
    { position: unknown; measured?: { width?: number; height?: number } }
  >;
}

/** An edge's ends as React Flow's store has them now; null once the edge is gone. */
export function edgeEnds(flow: FlowLookups, id: string): EdgeEnds | null {
  const edge = flow.edgeLookup.get(id);
  if (!edge) return null;
  const s = flow.nodeLookup.get(edge.source);
  const t = flow.nodeLookup.get(edge.target);
  return [
    s?.position,
    s?.measured?.width,
    s?.measured?.height,
    t?.position,
    t?.measured?.width,
    t?.measured?.height,
  ];
}

class EdgeScene {
  /** Edge id → SVG path data, as getBezierPath returns it. */
  readonly edges = new Map<string, string>();
  /** Edge id → when its path last changed (performance.now()); a new edge counts as moved. */
  readonly movedAt = new Map<string, number>();
  /** Edge id → the ends its path was drawn for. */
  private ends = new Map<string, EdgeEnds | null>();
  /** Edges React Flow does not render now. */
  private parked = new Set<string>();
  private listeners = new Set<() => void>();

  /** The edge runs along `d`, drawn for `ends` (edgeEnds: what a parked edge is checked against). */
  set(id: string, d: string, ends: EdgeEnds | null = null): void {
    this.parked.delete(id);
    this.ends.set(id, ends);
    if (this.edges.get(id) === d) return;
    this.edges.set(id, d);
    this.movedAt.set(id, performance.now());
    this.changed();
  }

  /** React Flow stopped rendering the edge (out of view): its path stays until `prune` finds it stale. */
  park(id: string): void {
    if (this.edges.has(id)) this.parked.add(id);
  }

  delete(id: string): void {
    this.movedAt.delete(id);
    this.parked.delete(id);
    this.ends.delete(id);
    if (this.edges.delete(id)) this.changed();
  }

  /** Deletes the parked edges whose ends now (`endsNow`: null once the edge is gone) differ from their path's. */
  prune(endsNow: (id: string) => EdgeEnds | null): void {
    const stale: string[] = [];
    for (const id of this.parked) {
      const was = this.ends.get(id);
      const now = endsNow(id);
      if (!was || !now || now.length !== was.length || now.some((v, i) => v !== was[i]))
        stale.push(id);
    }
    for (const id of stale) {
      this.parked.delete(id);
      this.ends.delete(id);
      this.movedAt.delete(id);
      this.edges.delete(id);
    }
    if (stale.length) this.changed();
  }

  /** Forgets every edge (the canvas went away). */
  clear(): void {
    this.parked.clear();
    this.ends.clear();
    this.movedAt.clear();
    if (this.edges.size === 0) return;
    this.edges.clear();
    this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

/** The one edge scene of the window (one canvas per window). */
export const edgeScene = new EdgeScene();
