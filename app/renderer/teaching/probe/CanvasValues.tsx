/**
 * The probe's values on the graph: a line in an edge's label (the value, a
 * short vector or the norm of what it carries) and, on nodes of small
 * layers, each neuron's output. Each subscribes to its own formatted text,
 * so a new sample re-renders only what changed.
 */
import { useTranslation } from '../../common/i18n';
import { formatValue } from '../colour';
import { formatTensor } from './probe';
import { NODE_VALUES_LIMIT } from './onCanvas';
import { useProbeCanvas } from '../../store/probe-canvas';

export function ProbeEdgeValue({ id }: { id: string }) {
  const { t } = useTranslation();
  const text = useProbeCanvas((s) => (s.edges[id] ? formatTensor(s.edges[id]) : null));
  if (text === null) return null;
  return (
    <span
      className="bp-edge-label__probe"
      data-testid={`edge-probe-${id}`}
      title={t('teaching.probe.edgeTitle')}
    >
      {text}
    </span>
  );
}

export function ProbeNodeValues({ id }: { id: string }) {
  const { t } = useTranslation();
  const text = useProbeCanvas((s) => {
    const v = s.nodes[id];
    return v && v.length <= NODE_VALUES_LIMIT ? v.map(formatValue).join(' ') : null;
  });
  if (text === null) return null;
  return (
    <div
      className="bp-node__probe nodrag"
      data-testid={`node-probe-${id}`}
      title={t('teaching.probe.nodeTitle')}
    >
      {text.split(' ').map((v, i) => (
        <span key={i}>{v}</span>
      ))}
    </div>
  );
}
