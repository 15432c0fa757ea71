/**
 * Where every edge's drawn path lives, outside React: ShapeEdge registers the
 * path React Flow computed for it (its Bézier between the two handles), and
 * the edge layer (EdgeLayer.tsx) draws all of them as a few SVG paths. A drag
 * re-renders only the edges that moved, and each tells the layer by a `set`
 * here; the layer redraws once per animation frame at most.
 */

class EdgeScene {
  /** Edge id → SVG path data, as getBezierPath returns it. */
  readonly edges = new Map<string, string>();
  /** Edge id → when its path last changed (performance.now()); a new edge counts as moved. */
  readonly movedAt = new Map<string, number>();
  private listeners = new Set<() => void>();

  set(id: string, d: string): void {
    if (this.edges.get(id) === d) return;
    this.edges.set(id, d);
    this.movedAt.set(id, performance.now());
    this.changed();
  }

  delete(id: string): void {
    this.movedAt.delete(id);
    if (this.edges.delete(id)) this.changed();
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
