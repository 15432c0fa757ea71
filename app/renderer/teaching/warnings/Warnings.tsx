/**
 * Where warnings show: a badge on the node they concern (its tooltip holds the
 * explanation and the fix) and a list under Problems; clicking a line selects
 * and centres the node.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from '../../common/i18n';
import { useNodeNames } from '../../store/names';
import { useDocument } from '../../store/document';
import { useTeaching } from '../../store/teaching';
import { startWarningMonitor } from './monitor';
import { useCentreOn } from '../../common/useCentreOn';

/** Mount once: runs the warning rules while the window is open. */
export function WarningMonitor() {
  useEffect(() => startWarningMonitor(), []);
  return null;
}

/** The small warning badge in a node's header. */
export function WarningBadge({ id }: { id: string }) {
  const { t } = useTranslation();
  const mine = useTeaching(useShallow((s) => s.warnings.filter((w) => w.nodeId === id)));
  if (!mine.length) return null;
  const text = mine
    .map((w) =>
      t('warnings.list.tooltip', { title: w.title, explanation: w.explanation, fix: w.fix }),
    )
    .join('\n\n');
  return (
    <span
      className="bp-warn-badge"
      role="img"
      aria-label={t('warnings.list.badge', { titles: mine.map((w) => w.title).join('; ') })}
      title={text}
    >
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M8 1.5 15 14H1z" />
        <path d="M8 6v4M8 11.6v.4" className="bp-warn-badge__mark" />
      </svg>
    </span>
  );
}

export function WarningsList() {
  const { t } = useTranslation();
  const warnings = useTeaching((s) => s.warnings);
  const centreOn = useCentreOn();
  const names = useNodeNames();
  if (!warnings.length) return null;
  const reveal = (nodeId: string) => {
    useDocument.getState().select({ nodes: [nodeId] });
    centreOn(nodeId);
  };
  return (
    <section className="bp-warnings" aria-labelledby="warnings-title">
      <h2 className="bp-panel-title" id="warnings-title">
        {t('warnings.list.title')} <span className="bp-count">{warnings.length}</span>
      </h2>
      <ul aria-label={t('warnings.list.title')}>
        {warnings.map((w) => (
          <li key={w.key}>
            <button type="button" className="bp-warning" onClick={() => reveal(w.nodeId)}>
              <span className="bp-warning__title">
                <span className="bp-problem__where" title={w.nodeId}>
                  {names.get(w.nodeId) ?? w.nodeId}
                </span>{' '}
                {w.title}
              </span>
              <span className="bp-warning__msg">{w.explanation}</span>
              <span className="bp-warning__fix">{t('warnings.list.fix', { fix: w.fix })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
