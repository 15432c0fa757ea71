/**
 * Everything the compiler found wrong, each under the name of its node or connection
 * (store/names.ts); clicking one selects and centres its node (or edge).
 */
import { useCallback } from 'react';
import type { Problem } from '../common/engine';
import { useDocument } from '../store/document';
import { useCentreOn } from '../common/useCentreOn';
import { formatNumber, useTranslation } from '../common/i18n';
import { edgeName, useNodeNames } from '../store/names';

export function Problems() {
  const problems = useDocument((s) => s.compiled.problems);
  const names = useNodeNames();
  const edges = useDocument((s) => s.edges);
  const centreOn = useCentreOn();
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
      if (nodeId) centreOn(nodeId);
    },
    [centreOn],
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
