/**
 * Everything the compiler found wrong, each under the name of its node or connection
 * (store/names.ts); clicking one selects and centres its node (or edge).
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import type { Problem } from '../common/engine';
import { useDocument, type FlowEdge, type FlowNode } from '../store/document';
import { formatNumber, useTranslation } from '../common/i18n';
import { edgeName, useNodeNames } from '../store/names';

export function Problems() {
  const problems = useDocument((s) => s.compiled.problems);
  const names = useNodeNames();
  const edges = useDocument((s) => s.edges);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const { t } = useTranslation();
  const where = (p: Problem) => {
    if (p.nodeId) return names.get(p.nodeId) ?? p.nodeId;
    const edge = edges.find((e) => e.id === p.edgeId);
    return edge ? edgeName(names, edge) : (p.edgeId ?? '');
  };

  const reveal = useCallback(
    (p: Problem) => {
      const { select, edges } = useDocument.getState();
      select({ nodes: p.nodeId ? [p.nodeId] : [], edges: p.edgeId ? [p.edgeId] : [] });
      const nodeId = p.nodeId ?? edges.find((e) => e.id === p.edgeId)?.target;
      const node = nodeId ? flow.getInternalNode(nodeId) : undefined;
      if (node) {
        const { x, y } = node.internals.positionAbsolute;
        const w = node.measured.width ?? 0;
        const h = node.measured.height ?? 0;
        void flow.setCenter(x + w / 2, y + h / 2, { zoom: flow.getZoom(), duration: 250 });
      }
    },
    [flow],
  );

  return (
    <section className="bp-problems" aria-labelledby="problems-title">
      <h2 className="bp-panel-title" id="problems-title">
        {t('panels.problems.title')}{' '}
        <span className="bp-count">{formatNumber(problems.length)}</span>
      </h2>
      <ul aria-label={t('panels.problems.title')}>
        {problems.map((p, i) => (
          <li key={`${p.nodeId ?? p.edgeId ?? ''}:${p.code}:${i}`}>
            {p.nodeId || p.edgeId ? (
              <button type="button" className="bp-problem" onClick={() => reveal(p)}>
                <span className="bp-problem__where" title={p.nodeId ?? p.edgeId}>
                  {where(p)}
                </span>
                <span className="bp-problem__msg">{p.message}</span>
              </button>
            ) : (
              <div className="bp-problem">
                <span className="bp-problem__msg">{p.message}</span>
              </div>
            )}
          </li>
        ))}
      </ul>
      {problems.length === 0 && <p className="bp-ok">{t('panels.problems.none')}</p>}
    </section>
  );
}
