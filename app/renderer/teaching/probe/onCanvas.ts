/**
 * "Show on the canvas": one sample's forward pass drawn on the graph, the
 * value on every edge and on the neurons of small layers. Edges and nodes
 * read it through narrow selectors (`useProbeCanvas((s) => s.edges[id])`, store/probe-canvas.ts).
 *
 * While shown it follows the weights (a run's frames, a checkpoint, a reset)
 * at display rate, whichever panel is open; it is cleared when a run starts,
 * when another document opens, when the graph stops compiling, and when the
 * user closes it.
 */
import type { Standardization } from '#src/model/data';
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { useTraining } from '../../store/training';
import { viewNetwork } from '../source';
import { probeSample } from './probe';
import { EMPTY_PROBE_CANVAS, useProbeCanvas } from '../../store/probe-canvas';

/** Layers at most this wide show each neuron's value on their node. */
export const NODE_VALUES_LIMIT = 8;

let standardization: Standardization | undefined;
let detach: (() => void) | null = null;

function recompute(): void {
  const s = useProbeCanvas.getState();
  if (!s.shown) return;
  const net = viewNetwork();
  if (!net || net.graph.features !== s.raw.length) {
    hideOnCanvas();
    return;
  }
  const r = probeSample(net, s.raw, standardization);
  useProbeCanvas.setState({ edges: r.edges, nodes: r.nodes });
}

/** Draws (or redraws, for a new sample) the sample's forward pass on the canvas. */
export function showOnCanvas(raw: number[], stats: Standardization | undefined): void {
  standardization = stats;
  useProbeCanvas.setState({ shown: true, raw: [...raw] });
  recompute();
  if (detach || !useProbeCanvas.getState().shown) return;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const later = () => {
    timer ??= setTimeout(() => {
      timer = null;
      recompute();
    }, 100);
  };
  const offLive = live.subscribe(later);
  const offDoc = useDocument.subscribe((d, prev) => {
    if (d.loadCount !== prev.loadCount) hideOnCanvas();
    else if (d.compiled !== prev.compiled || d.model.weights !== prev.model.weights) later();
  });
  const offRun = useTraining.subscribe((t, prev) => {
    if (t.state === 'starting' && prev.state !== 'starting') hideOnCanvas();
  });
  detach = () => {
    offLive();
    offDoc();
    offRun();
    if (timer) clearTimeout(timer);
  };
}

export function hideOnCanvas(): void {
  detach?.();
  detach = null;
  useProbeCanvas.setState(EMPTY_PROBE_CANVAS);
}
