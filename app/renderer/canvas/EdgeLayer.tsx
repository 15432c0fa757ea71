/**
 * The edge layer: every edge's line, its training overlay (colour and width
 * by the size of the chosen statistic) and the flow animation's dashes, in
 * one <svg> under React Flow's nodes: all the lines as two paths (the edges
 * that just moved, and the rest), and while training one plain path per edge
 * whose dashes step by one style on their group. Before, each edge was an
 * <svg> of its own (a stacking context to layer) with two paths, and the dash
 * step restyled the whole canvas: that was what made a large canvas slow to
 * pan, drag and train on (issue 15). Measured and dropped: a <canvas> layer
 * (composited under the nodes, it made Chromium's layerisation test every
 * node against it, 4× the cost), and the overlay as one path per colour step
 * (each spans the whole graph, so every dash step repainted all of it).
 *
 * The layer sits in React Flow's edge container, inside the viewport, so
 * panning and zooming move it without a redraw. It is redrawn (at most once
 * per animation frame) when an edge moves (edgeScene), a training frame or
 * phase arrives (live), or the overlay statistic changes.
 *
 * React Flow's own edges stay for what users do with an edge: clicking,
 * selecting, deleting (their invisible interaction paths), and their HTML
 * labels. Their visible path is hidden (canvas/canvas.css) except for the few edges
 * in a state of their own — selected, focused, with a problem, the step's
 * edge — which draw themselves over this layer as before.
 */
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useStoreApi } from '@xyflow/react';
import { live } from '../common/live';
import { useTraining } from '../store/training';
import { overlayColour } from '../common/ramp';
import { edgeEnds, edgeScene } from './edgeScene';
import { overlayPosition } from './ShapeEdge';

/** The dash pattern's length (8 on, 6 off), how far one tick moves it, and how often it ticks. */
const DASH_PERIOD = 14;
const DASH_STEP = 3.5;
const DASH_MS = 110;
/** Colour and width in this many steps. */
const STEPS = 24;
/**
 * Edges that moved in the last HOT_MS are one path, the rest another: a drag rewrites only the
 * short path of the dragged node's edges, so the browser repaints only where they run.
 */
const HOT_MS = 500;
const SVG = 'http://www.w3.org/2000/svg';

/**
 * React Flow's edge container, looked up once it exists (a selector that queried the DOM would
 * run on every store change: dozens per frame of a drag).
 */
function useEdgeContainer(): Element | null {
  const store = useStoreApi();
  const [container, setContainer] = useState<Element | null>(null);
  useEffect(() => {
    const find = () => store.getState().domNode?.querySelector('.react-flow__edges') ?? null;
    const found = find();
    if (found) {
      setContainer(found);
      return;
    }
    const unsubscribe = store.subscribe(() => {
      const later = find();
      if (!later) return;
      unsubscribe();
      setContainer(later);
    });
    return unsubscribe;
  }, [store]);
  return container;
}

/**
 * Drops the lines of edges out of view (parked, edgeScene.ts) once they are deleted or their
 * nodes change, and every line when the canvas goes away.
 */
function usePruneParked() {
  const store = useStoreApi();
  useEffect(() => {
    const unsubscribe = store.subscribe((s, before) => {
      if (s.edges !== before.edges || s.nodes !== before.nodes)
        edgeScene.prune((id) => edgeEnds(s, id));
    });
    return () => {
      unsubscribe();
      edgeScene.clear();
    };
  }, [store]);
}

export function EdgeLayer() {
  const container = useEdgeContainer();
  usePruneParked();
  const coldRef = useRef<SVGPathElement>(null);
  const hotRef = useRef<SVGPathElement>(null);
  const overlayRef = useRef<SVGGElement>(null);

  useEffect(() => {
    const cold = coldRef.current;
    const hot = hotRef.current;
    const group = overlayRef.current;
    if (!cold || !hot || !group) return;
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    /** Each edge's overlay path and what it shows (path data and colour step). */
    const overlays = new Map<string, { el: SVGPathElement; d: string; step: number }>();
    let raf = 0;
    let offset = 0;
    let dashed = false;
    let timer: ReturnType<typeof setInterval> | null = null;
    let cooling: ReturnType<typeof setTimeout> | null = null;

    const setDashes = (on: boolean) => {
      if (on === dashed) return;
      dashed = on;
      group.classList.toggle('is-flowing', on);
    };

    const draw = () => {
      raf = 0;
      const now = performance.now();
      const stat = useTraining.getState().overlay;
      const withOverlay = live.frame !== null;
      const coldParts: string[] = [];
      const hotParts: string[] = [];
      const seen = new Set<string>();
      for (const [id, path] of edgeScene.edges) {
        (now - (edgeScene.movedAt.get(id) ?? 0) < HOT_MS ? hotParts : coldParts).push(path);
        if (!withOverlay) continue;
        const v = live.edgeValue(id, stat);
        if (Number.isNaN(v)) continue;
        seen.add(id);
        const step = Math.round(overlayPosition(v, stat) * STEPS);
        let o = overlays.get(id);
        if (!o) {
          const el = document.createElementNS(SVG, 'path');
          el.setAttribute('class', 'bp-edge-layer__overlay');
          group.appendChild(el);
          o = { el, d: '', step: -1 };
          overlays.set(id, o);
        }
        if (o.d !== path) {
          o.d = path;
          o.el.setAttribute('d', path);
        }
        if (o.step !== step) {
          o.step = step;
          const t = step / STEPS;
          // A style, not an attribute: the colour is a light-dark() pair that follows the theme.
          o.el.style.stroke = overlayColour(t);
          o.el.style.strokeWidth = `${(1.5 + 4.5 * t).toFixed(2)}px`;
        }
      }
      for (const [id, o] of overlays) {
        if (seen.has(id)) continue;
        o.el.remove();
        overlays.delete(id);
      }
      const coldD = coldParts.join('');
      const hotD = hotParts.join('');
      if (cold.getAttribute('d') !== coldD) cold.setAttribute('d', coldD);
      if (hot.getAttribute('d') !== hotD) hot.setAttribute('d', hotD);
      // Edges that stopped moving join the still path a moment later.
      if (hotParts.length && !cooling) {
        cooling = setTimeout(() => {
          cooling = null;
          schedule();
        }, HOT_MS);
      }
      const phase = live.phase;
      setDashes(phase === 'forward' || phase === 'backward');
      group.style.setProperty('stroke-dashoffset', String(offset));
    };
    const schedule = () => {
      raf ||= requestAnimationFrame(draw);
    };

    // The flow animation: the dashes step a few times a second while a phase plays.
    const onLive = () => {
      const phase = live.phase;
      const moving = (phase === 'forward' || phase === 'backward') && !still;
      if (moving && !timer) {
        timer = setInterval(() => {
          offset =
            (offset + (live.phase === 'backward' ? DASH_STEP : DASH_PERIOD - DASH_STEP)) %
            DASH_PERIOD;
          group.style.setProperty('stroke-dashoffset', String(offset));
        }, DASH_MS);
      } else if (!moving && timer) {
        clearInterval(timer);
        timer = null;
      }
      schedule();
    };

    const unsubscribeScene = edgeScene.subscribe(schedule);
    const unsubscribeLive = live.subscribe(onLive);
    const unsubscribeOverlay = useTraining.subscribe((s, before) => {
      if (s.overlay !== before.overlay) schedule();
    });
    onLive();
    return () => {
      cancelAnimationFrame(raf);
      if (timer) clearInterval(timer);
      if (cooling) clearTimeout(cooling);
      unsubscribeScene();
      unsubscribeLive();
      unsubscribeOverlay();
      for (const o of overlays.values()) o.el.remove();
    };
  }, [container]);

  if (!container) return null;
  return createPortal(
    <svg className="bp-edge-layer" aria-hidden="true">
      <path ref={coldRef} className="bp-edge-layer__base" />
      <path ref={hotRef} className="bp-edge-layer__base" />
      <g ref={overlayRef} className="bp-edge-layer__overlays" />
    </svg>,
    container,
  );
}
