/**
 * "Show on the canvas": the probe's sample and its forward pass's values by edge and node, which
 * the canvas's edges and node faces read through narrow selectors
 * (`useProbeCanvas((s) => s.edges[id])`) and lessons check. teaching/probe/onCanvas.ts computes it.
 */
import { create } from 'zustand';

export interface ProbeCanvas {
  shown: boolean;
  /** The sample, in the data's units. */
  raw: number[];
  edges: Record<string, number[]>;
  nodes: Record<string, number[]>;
}

/** Nothing shown. */
export const EMPTY_PROBE_CANVAS: ProbeCanvas = { shown: false, raw: [], edges: {}, nodes: {} };

export const useProbeCanvas = create<ProbeCanvas>()(() => EMPTY_PROBE_CANVAS);
