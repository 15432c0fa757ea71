/**
 * One sample through the network: the numbers a person types (in the data's
 * own units) are standardised exactly as training standardised the data, then
 * one forward pass gives the prediction and the value every node produced and
 * every edge carried. Pure: a Network in, numbers out.
 */
import type { Network } from '#src/engine/network';
import { applyStandardization, type Standardization } from '#src/model/data';
import { t } from '#src/i18n';
import { formatValue } from '../colour';

export interface ProbeResult {
  /** The network's output for the sample (probabilities for a classifier). */
  output: number[];
  /** What the network saw: the features after standardisation. */
  input: number[];
  /** Each node's output for the sample (the loss node has none). */
  nodes: Record<string, number[]>;
  /** The tensor on each edge: its source node's output. */
  edges: Record<string, number[]>;
}

/** A forward pass of one sample given in the data's units. */
export function probeSample(
  net: Network,
  raw: readonly number[],
  standardization?: Standardization,
): ProbeResult {
  const row = Float64Array.from(raw);
  const x = standardization ? applyStandardization(row, standardization) : row;
  const output = Array.from(net.predict(x, 1));
  const nodes: Record<string, number[]> = {};
  for (const node of net.graph.nodes) {
    const state = net.nodeState(node.id);
    if (state) nodes[node.id] = Array.from(state.value.subarray(0, state.cols));
  }
  const edges: Record<string, number[]> = {};
  for (const edge of net.graph.edges) {
    const values = nodes[edge.source];
    if (values) edges[edge.id] = values;
  }
  return { output, input: Array.from(x), nodes, edges };
}

export type ParsedRow = { ok: true; values: number[] } | { ok: false; message: string };

/** The typed fields as numbers, or a message naming the first field that is not one. */
export function parseRow(texts: readonly string[], names: readonly string[]): ParsedRow {
  const values: number[] = [];
  for (const [i, text] of texts.entries()) {
    const typed = text.trim().replace(/^−/, '-');
    const v = typed === '' ? NaN : Number(typed);
    if (!Number.isFinite(v)) {
      const name = names[i] ?? t('teaching.probe.featureN', { n: i + 1 });
      return {
        ok: false,
        message:
          typed === ''
            ? t('teaching.probe.typeNumber', { name })
            : t('teaching.probe.notNumber', { name, text: text.trim() }),
      };
    }
    values.push(v);
  }
  return { ok: true, values };
}

/** Widest tensor an edge label lists value by value; wider ones show their norm. */
export const LIST_LIMIT = 3;

/** An edge's label: the value for width 1, a short vector, or the norm of a wide tensor. */
export function formatTensor(values: readonly number[]): string {
  if (values.length === 1) return formatValue(values[0]);
  if (values.length <= LIST_LIMIT) return `[${values.map(formatValue).join(', ')}]`;
  return `‖${formatValue(Math.hypot(...values))}‖`;
}
