/**
 * What a training session streams to the window at display rate, and a
 * binary codec for it: a JSON header plus raw typed arrays, so numbers cross
 * IPC and WebSockets as bytes, never as JSON text.
 *
 * Layout: u32 header length | header (UTF-8 JSON) | padding to 8 | array bytes.
 */
import type { EpochRecord } from '../model/types';
import { idTable } from '../engine/table';

export type SessionState =
  'idle' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'error';

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
  /** Dense node ids whose parameters come in this frame. */
  layers: { id: string; rows: number; cols: number; bias: boolean }[];
  /** Per layer ‖∂L/∂W‖ of the last batch. */
  gradNorms: Record<string, number>;
  /**
   * Per activation node, over the last batch: `saturated`, the share of
   * sigmoid/tanh outputs in the flat tails (f′ < 0.06); `dead`, the share of
   * ReLU units whose input was ≤ 0 for every sample (they pass no gradient).
   */
  nodeStats: Record<string, { saturated?: number; dead?: number }>;
  /** Human-readable reason for done/stopped/diverged/error. */
  message?: string;
  /** Where divergence started. */
  nodeId?: string;
}

export interface Frame {
  header: FrameHeader;
  /** EDGE_STATS.length numbers per edge. */
  edgeStats: Float32Array;
  /** Per dense node: W, b, ∂L/∂W, ∂L/∂b. */
  params: Record<string, { W: Float32Array; b: Float32Array; dW: Float32Array; db: Float32Array }>;
}

type ArrayEntry = { name: string; offset: number; length: number };
const EMPTY = new Float32Array(0);

export function encodeFrame(frame: Frame): ArrayBuffer {
  const arrays: [string, Float32Array][] = [['edgeStats', frame.edgeStats]];
  for (const [id, p] of Object.entries(frame.params)) {
    for (const key of ['W', 'b', 'dW', 'db'] as const) arrays.push([`${id}\u0000${key}`, p[key]]);
  }
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
    const [id, key] = entry.name.split('\u0000') as [string, 'W' | 'b' | 'dW' | 'db'];
    frame.params[id] ??= { W: EMPTY, b: EMPTY, dW: EMPTY, db: EMPTY };
    frame.params[id][key] = view;
  }
  return frame;
}
