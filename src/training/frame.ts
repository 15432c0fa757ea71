/**
 * What a training session streams to the window at display rate, and a
 * binary codec for it: a JSON header plus raw typed arrays, so numbers cross
 * IPC and WebSockets as bytes, never as JSON text.
 *
 * Layout: u32 header length | header (UTF-8 JSON) | padding to 8 | array bytes.
 */
import type { EpochRecord } from '../model/types';
import { idTable, own } from '../engine/table';

export type SessionState =
  'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'error';

/** Networks with more trainable parameters than this record no per-weight history (trace.ts). */
export const TRACE_PARAM_LIMIT = 4096;

/** Per-edge overlay statistics, three numbers an edge, in `edgeIds` order. */
export const EDGE_STATS = ['activation', 'gradient', 'update'] as const;
export type EdgeStat = (typeof EDGE_STATS)[number];

export interface FrameHeader {
  state: SessionState;
  epoch: number;
  /** Epochs this run is asked for. */
  epochs: number;
  step: number;
  /** Samples in the current epoch so far / per epoch. */
  position: number;
  samplesPerEpoch: number;
  samplesPerSecond: number;
  /** Estimated milliseconds left, when known. */
  etaMs: number | null;
  learningRate: number;
  /** Loss of the last batch. */
  batchLoss: number;
  /** Epoch records completed since the previous frame. */
  history: EpochRecord[];
  /** Edge ids, in the order of `edgeStats` (sent with the first frame of a run, then omitted). */
  edgeIds?: string[];
  /** The tensors whose arrays come in this frame (`Frame.params`), node by node, with their shapes. */
  tensors: FrameTensorInfo[];
  /** Nodes whose tensors are too large to stream (runner.ts STREAM_PARAM_LIMIT): the frame lacks them. */
  unstreamed?: string[];
  /**
   * Per node that trains tensors, ‖∂L/∂θ‖ of the last batch over its weights (those that decay:
   * a dense layer's W, a convolution's kernel), or over all it trains when none decay.
   */
  gradNorms: Record<string, number>;
  /**
   * Per activation node, over the last batch: `saturated`, the share of
   * sigmoid/tanh outputs in the flat tails (f′ < 0.06); `dead`, the share of
   * ReLU units whose input was ≤ 0 for every sample (they pass no gradient).
   */
  nodeStats: Record<string, { saturated?: number; dead?: number }>;
  /** Human-readable reason for done/stopped/diverged/error (in English; see `ending`). */
  message?: string;
  /** Why the run ended, as facts a window words in its own language (`message` is the English). */
  ending?: RunEnding;
  /** Where divergence started. */
  nodeId?: string;
  /**
   * Samples of every weight's history taken since the previous frame (trace.ts): the updates
   * they were taken after, and the layers laid out in the `trace` array, per sample and per
   * layer W (row-major), b, ∂L/∂W, ∂L/∂b; `traceNorms` holds ‖∂L/∂W‖ per sample per `normIds`.
   */
  trace?: {
    every: number;
    steps: number[];
    layers: { id: string; rows: number; cols: number; bias: boolean }[];
    normIds: string[];
  };
  /** The pace the run trains at, in updates per second; null at full speed. */
  updatesPerSecond?: number | null;
  /** The run ended (done) but did not learn: its loss rose. `message` says how; show it as a warning. */
  warning?: boolean;
}

export interface Frame {
  header: FrameHeader;
  /** EDGE_STATS.length numbers per edge. */
  edgeStats: Float32Array;
  /** Per node, per tensor name (as `header.tensors` lists them): value, gradient, value before a single step. */
  params: Record<string, Record<string, FrameTensor>>;
  /** With `header.trace`: the sampled parameters and gradient norms. */
  trace?: { values: Float32Array; norms: Float32Array };
}

/** A tensor a node keeps (a weight, or state such as a running mean), as a frame lists it. */
export interface FrameTensorInfo {
  id: string;
  name: string;
  /** Its shape (dense W: units × inputs; a convolution's W: kh × kw × in × filters). */
  shape: number[];
  /** False for state the optimizer leaves alone: it has no gradient. */
  trainable: boolean;
}

/** One tensor's numbers, row-major. */
export interface FrameTensor {
  value: Float32Array;
  /** ∂L/∂value of the last batch (trained tensors). */
  grad?: Float32Array;
  /** After a single step: the value before it. */
  before?: Float32Array;
}

const PARTS = ['value', 'grad', 'before'] as const;
type Part = (typeof PARTS)[number];

/** A dense layer's tensors in a frame, as its views read them (b zeros when the layer has none). */
export interface FrameDense {
  rows: number;
  cols: number;
  W: Float32Array;
  b: Float32Array;
  dW: Float32Array;
  db: Float32Array;
  /** After a single step: W and b before it. */
  W0?: Float32Array;
  b0?: Float32Array;
}

/** A dense node's W and b (and gradients) from a frame, or null when the frame lacks them. */
export function frameDense(frame: Frame | null | undefined, id: string): FrameDense | null {
  const info = frame?.header.tensors.find((x) => x.id === id && x.name === 'W');
  const p = own(frame?.params, id);
  if (!info || info.shape.length !== 2 || !p?.W) return null;
  const [rows, cols] = info.shape;
  const zeros = new Float32Array(rows);
  const W = p.W;
  const b = p.b;
  return {
    rows,
    cols,
    W: W.value,
    b: b?.value ?? zeros,
    dW: W.grad ?? new Float32Array(W.value.length),
    db: b?.grad ?? zeros,
    ...(W.before ? { W0: W.before, b0: b?.before ?? zeros } : {}),
  };
}

type ArrayEntry = { name: string; offset: number; length: number };
const EMPTY = new Float32Array(0);

export function encodeFrame(frame: Frame): ArrayBuffer {
  const arrays: [string, Float32Array][] = [['edgeStats', frame.edgeStats]];
  for (const [id, tensors] of Object.entries(frame.params)) {
    for (const [name, tensor] of Object.entries(tensors)) {
      for (const part of PARTS) {
        const a = tensor[part];
        if (a) arrays.push([`${id}\u0000${name}\u0000${part}`, a]);
      }
    }
  }
  if (frame.trace) arrays.push(['trace', frame.trace.values], ['traceNorms', frame.trace.norms]);
  let offset = 0;
  const entries: ArrayEntry[] = arrays.map(([name, a]) => {
    const entry = { name, offset, length: a.length };
    offset += a.length * 4;
    return entry;
  });
  const header = new TextEncoder().encode(
    JSON.stringify({ header: frame.header, arrays: entries }),
  );
  const start = Math.ceil((4 + header.length) / 8) * 8;
  const buffer = new ArrayBuffer(start + offset);
  new DataView(buffer).setUint32(0, header.length, true);
  new Uint8Array(buffer, 4, header.length).set(header);
  arrays.forEach(([, a], i) =>
    new Float32Array(buffer, start + entries[i].offset, a.length).set(a),
  );
  return buffer;
}

/** A frame's header alone (no arrays viewed): what a relay needs to follow a run. */
export function decodeFrameHeader(buffer: ArrayBuffer): FrameHeader {
  const length = new DataView(buffer).getUint32(0, true);
  return (
    JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length))) as {
      header: FrameHeader;
    }
  ).header;
}

export function decodeFrame(buffer: ArrayBuffer): Frame {
  const length = new DataView(buffer).getUint32(0, true);
  const parsed = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length))) as {
    header: FrameHeader;
    arrays: ArrayEntry[];
  };
  const start = Math.ceil((4 + length) / 8) * 8;
  const frame: Frame = { header: parsed.header, edgeStats: new Float32Array(0), params: idTable() };
  for (const entry of parsed.arrays) {
    const view = new Float32Array(buffer, start + entry.offset, entry.length);
    if (entry.name === 'edgeStats') {
      frame.edgeStats = view;
      continue;
    }
    if (entry.name === 'trace' || entry.name === 'traceNorms') {
      frame.trace ??= { values: EMPTY, norms: EMPTY };
      frame.trace[entry.name === 'trace' ? 'values' : 'norms'] = view;
      continue;
    }
    const [id, name, part] = entry.name.split('\u0000') as [string, string, Part];
    const tensors = (frame.params[id] ??= idTable());
    (tensors[name] ??= { value: EMPTY })[part] = view;
  }
  return frame;
}

/** The loss of a finished run rose: it ended above its first epoch's (`ended`), or rose far on the way. */
export interface LossRise {
  how: 'ended' | 'rose';
  first: number;
  max: number;
  last: number;
  learningRate: number;
}

/**
 * Why a run ended, as facts: `done` (all its epochs; `rose` when it did not learn), `target`
 * (the target loss reached), `stopped` (by the user) and `diverged` (a value went non-finite:
 * where, and the learning rate to blame). Non-finite numbers are null (frames are JSON).
 */
export type RunEnding =
  | { kind: 'done'; epochs: number; rose?: LossRise }
  | { kind: 'target'; targetLoss: number; epoch: number }
  | { kind: 'stopped' }
  | {
      kind: 'diverged';
      epoch: number;
      step: number;
      cause: 'loss' | 'weights';
      /** An infinite loss, by its sign; null: NaN (or the weights went bad). */
      loss: 'Infinity' | '-Infinity' | null;
      /** The node where the first non-finite value appeared: its kind's label and its id. */
      node?: { label: string; id: string };
      pass: 'forward' | 'backward' | 'weights';
      learningRate: number;
      safeStep: number;
    };
