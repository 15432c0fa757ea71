/**
 * The edge layer: every edge's line, its training overlay (colour and width
 * by the size of the chosen statistic) and the flow animation's dashes, as a
 * handful of SVG paths in one <svg> under React Flow's nodes — one path for
 * all the lines, one per colour step of the overlay — in place of two SVG
 * paths (in an <svg> of their own) per edge. Painting, layering and
 * re-styling a thousand edge elements on every overlay frame and dash step
 * was what made a large canvas slow to pan, drag and train on (issue 15).
 * (A <canvas> layer was measured too: a composited canvas under the nodes
 * made Chromium's layerisation test every node against it, 4× the cost.)
 *
 * The layer sits in React Flow's edge container, inside the viewport, so
 * panning and zooming move it without a redraw. It is redrawn (at most once
 * per animation frame) when an edge moves (edgeScene), a training frame or
 * phase arrives (live), or the overlay statistic changes.
 *
 * React Flow's own edges stay for what users do with an edge: clicking,
 * selecting, deleting (their invisible interaction paths), and their HTML
 * labels. Their visible path is hidden (styles.css) except for the few edges
 * in a state of their own — selected, focused, with a problem, the step's
 * edge — which draw themselves over this layer as before.
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from '@xyflow/react';
import { live } from '../training/live';
import { useTraining } from '../training/store';
import { overlayColour } from '../training/ramp';
import { edgeScene } from './edgeScene';
import { overlayPosition } from './ShapeEdge';

/** The dash pattern's length (8 on, 6 off), how far one tick moves it, and how often it ticks. */
const DASH_PERIOD = 14;
const DASH_STEP = 3.5;
const DASH_MS = 110;
/** Colour and width in this many steps: the edges of one step are one path. */
const STEPS = 24;
const SVG = 'http://www.w3.org/2000/svg';

const edgeContainer = (s: { domNode: HTMLDivElement | null }) =>
  s.domNode?.querySelector('.react-flow__edges') ?? null;

export function EdgeLayer() {
  const container = useStore(edgeContainer);
  const baseRef = useRef<SVGPathElement>(null);
  const overlayRef = useRef<SVGGElement>(null);

  useEffect(() => {
    const base = baseRef.current;
    const group = overlayRef.current;
    if (!base || !group) return;
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const paths: SVGPathElement[] = [];
    const shown: string[] = [];
    let raf = 0;
    let offset = 0;
    let dashed = false;
    let timer: ReturnType<typeof setInterval> | null = null;

    const stepPath = (step: number) => {
      let p = paths[step];
      if (!p) {
        p = document.createElementNS(SVG, 'path');
        const t = step / STEPS;
        // A style, not an attribute: the colour is a light-dark() pair that follows the theme.
        p.style.stroke = overlayColour(t);
        p.style.strokeWidth = `${(1.5 + 4.5 * t).toFixed(2)}px`;
        p.setAttribute('class', 'bp-edge-layer__overlay');
        paths[step] = p;
        shown[step] = '';
        // Keep paint order by step: thicker, stronger lines over fainter ones.
        const after = paths.slice(step + 1).find(Boolean);
        group.insertBefore(p, after ?? null);
      }
      return p;
    };

    const setDashes = (on: boolean) => {
      if (on === dashed) return;
      dashed = on;
      group.classList.toggle('is-flowing', on);
    };

    const draw = () => {
      raf = 0;
      const stat = useTraining.getState().overlay;
      const withOverlay = live.frame !== null;
      const all: string[] = [];
      const byStep: string[][] = [];
      for (const [id, path] of edgeScene.edges) {
        all.push(path);
        if (!withOverlay) continue;
        const v = live.edgeValue(id, stat);
        if (Number.isNaN(v)) continue;
        (byStep[Math.round(overlayPosition(v, stat) * STEPS)] ??= []).push(path);
      }
      const d = all.join('');
      if (base.getAttribute('d') !== d) base.setAttribute('d', d);
      for (let step = 0; step <= STEPS; step++) {
        const sd = byStep[step]?.join('') ?? '';
        if (sd === (shown[step] ?? '')) continue;
        shown[step] = sd;
        const p = stepPath(step);
        if (sd) p.setAttribute('d', sd);
        else p.removeAttribute('d');
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
      unsubscribeScene();
      unsubscribeLive();
      unsubscribeOverlay();
      for (const p of paths) p?.remove();
    };
  }, [container]);

  if (!container) return null;
  return createPortal(
    <svg className="bp-edge-layer" aria-hidden="true">
      <path ref={baseRef} className="bp-edge-layer__base" />
      <g ref={overlayRef} className="bp-edge-layer__overlays" />
    </svg>,
    container,
  );
}
