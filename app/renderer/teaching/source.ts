/**
 * Where the teaching views read parameters: the live training frame while a
 * run streams them (at display rate, never through React state), else the
 * document's weights, else the weights a run would start from (the seed's
 * initialisation). Also a throttled subscription to the live buffer.
 */
import { useEffect, useRef } from 'react';
import type { Network } from '#src/engine/network';
import { frameDense, type Frame } from '#src/training/frame';
import { i18n } from '#src/i18n';
import { useDocument } from '../store/document';
import { cachedNetwork, compiledGraph } from '../store/document-network';
import { live } from '../common/live';
import { own } from '#src/engine/table';

export interface LayerParams {
  /** Units (rows of W). */
  rows: number;
  /** Inputs (columns of W). */
  cols: number;
  /** W, units × inputs row-major. */
  W: ArrayLike<number>;
  b: ArrayLike<number>;
  /** ∂L/∂W and ∂L/∂b of the last batch; null when no step has been taken. */
  dW: ArrayLike<number> | null;
  db: ArrayLike<number> | null;
  /** live: the running (or last) session's frame; document: saved/trained weights; initial: the seed's. */
  source: 'live' | 'document' | 'initial';
}

/** Copies the frame's tensors into the network where their sizes fit; returns how many nodes it took. */
export function applyFrame(net: Network, frame: Frame | null): number {
  if (!frame) return 0;
  let taken = 0;
  for (const [id, tensors] of Object.entries(frame.params)) {
    const kept = net.nodeParams(id);
    let took = false;
    for (const [name, tensor] of Object.entries(tensors)) {
      const p = own(kept, name);
      if (!p || p.value.length !== tensor.value.length) continue;
      p.value.set(tensor.value);
      took = true;
    }
    if (took) taken++;
  }
  return taken;
}

/** The live frame whose weights the views' network holds (null: the document's own). */
let viewFrame: Frame | null = null;

/**
 * The network with the current weights, for views that run forward passes (the Data tab, the
 * probe, the fit): rebuilt when the graph, weights or seed change (or the live frame goes),
 * the live frame's weights copied in when a new frame arrives. One shared instance: copy what
 * you keep of its buffers.
 */
export function viewNetwork(): Network | null {
  const frame = live.frame;
  const { net, fresh } = cachedNetwork('view', viewFrame !== null && frame === null);
  if (fresh) viewFrame = null;
  if (net && frame && frame !== viewFrame) {
    applyFrame(net, frame);
    viewFrame = frame;
  }
  return net;
}

/** The frame's parameters of a dense node, when they fit the node's current shape. */
export function frameLayer(
  frame: Frame | null,
  id: string,
  rows: number,
  cols: number,
): LayerParams | null {
  const p = frameDense(frame, id);
  if (!p || p.rows !== rows || p.cols !== cols) return null;
  return { rows, cols, W: p.W, b: p.b, dW: p.dW, db: p.db, source: 'live' };
}

/**
 * W, b (and their gradients when known) of a dense node: the live frame's
 * when it carries this layer at this shape, else the document's.
 */
export function layerParams(id: string): LayerParams | null {
  const s = useDocument.getState();
  const node = compiledGraph(s)?.nodes.find((n) => n.id === id);
  if (!node || node.kind !== 'dense') return null;
  const rows = node.width;
  const cols = s.compiled.edgeShapes[node.inputs[0]?.edgeId] ?? 0;
  const fromFrame = frameLayer(live.frame, id, rows, cols);
  if (fromFrame) return fromFrame;
  const p = cachedNetwork('params').net?.denseParams(id);
  if (!p) return null;
  return {
    rows,
    cols,
    W: p.W.value,
    b: p.b ? p.b.value : new Float64Array(rows),
    dW: null,
    db: null,
    source: own(s.model.weights, id) ? 'document' : 'initial',
  };
}

/**
 * Calls `draw` now, then after live-buffer changes and document changes, at
 * most `hz` times a second. `draw` is read through a ref: pass a fresh closure freely.
 */
export function useLiveDraw(draw: () => void, hz = 20, enabled = true): void {
  const ref = useRef(draw);
  useEffect(() => {
    ref.current = draw;
  });
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const run = () => {
      timer = null;
      last = performance.now();
      ref.current();
    };
    const request = () => {
      if (timer) return;
      const wait = 1000 / hz - (performance.now() - last);
      timer = setTimeout(run, Math.max(0, wait));
    };
    run();
    const offLive = live.subscribe(request);
    // Text drawn outside React (status lines, canvas labels) follows a language switch.
    i18n.on('languageChanged', request);
    const offDoc = useDocument.subscribe((s, prev) => {
      if (s.compiled !== prev.compiled || s.model !== prev.model) request();
    });
    return () => {
      offLive();
      i18n.off('languageChanged', request);
      offDoc();
      if (timer) clearTimeout(timer);
    };
  }, [hz, enabled]);
}
