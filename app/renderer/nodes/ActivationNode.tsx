import { memo, useMemo } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import type { NodeData } from '../store/document';
import { fnName, NodeShell } from './NodeShell';
import { useTranslation } from '../common/i18n';
import { ACTIVATION_TABLE } from '#src/engine/activations';

export type ActivationNodeType = Node<NodeData, 'activation'>;

/** Shapes to sketch each function (for the face only; the engine computes the real thing). */
const sketches: Record<string, (z: number, alpha: number) => number> = {
  linear: (z) => z / 3,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: (z) => Math.tanh(z),
  relu: (z) => Math.max(0, z) / 3,
  leaky_relu: (z, a) => (z > 0 ? z : Math.max(a, 0.08) * z) / 3,
  elu: (z) => ACTIVATION_TABLE.elu.fn(z, 0) / 3,
  gelu: (z) => ACTIVATION_TABLE.gelu.fn(z, 0) / 3,
  softplus: (z) => ACTIVATION_TABLE.softplus.fn(z, 0) / 3,
  // Softmax acts on a whole row; for two classes it is the sigmoid of the difference.
  softmax: (z) => 1 / (1 + Math.exp(-z)),
};

const W = 64;
const H = 28;

export function ActivationPlot({ fn, alpha = 0.01 }: { fn: string; alpha?: number }) {
  const d = useMemo(() => {
    const f = sketches[fn];
    if (!f) return '';
    const pts: string[] = [];
    for (let i = 0; i <= 32; i++) {
      const z = -3 + (6 * i) / 32;
      const y = Math.max(-1, Math.min(1, f(z, alpha)));
      pts.push(`${((i / 32) * W).toFixed(1)},${(H / 2 - (y * (H - 4)) / 2).toFixed(1)}`);
    }
    return `M${pts.join('L')}`;
  }, [fn, alpha]);
  return (
    <svg className="bp-plot" width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true">
      <line x1="0" y1={H / 2} x2={W} y2={H / 2} className="bp-plot__axis" />
      <line x1={W / 2} y1="0" x2={W / 2} y2={H} className="bp-plot__axis" />
      <path d={d} className="bp-plot__curve" />
    </svg>
  );
}

export const ActivationNode = memo(function ActivationNode({
  id,
  data,
  selected,
}: NodeProps<ActivationNodeType>) {
  useTranslation(); // the function's name follows the language
  const fn = String(data.params.fn ?? '?');
  const name = fnName('activation', data.params.fn);
  const alpha = typeof data.params.alpha === 'number' ? data.params.alpha : undefined;
  return (
    <NodeShell id={id} kind="activation" selected={selected}>
      <div className="bp-face-row">
        <div className="bp-face-main">{name}</div>
        <ActivationPlot fn={fn} alpha={alpha} />
      </div>
    </NodeShell>
  );
});
