/**
 * The right-hand panel: inspector, problems and warnings. The user shows or
 * hides it (the button in its head, the one on the canvas, View ▸ Details
 * Panel, Mod+Alt+I), and the choice is remembered. Until they choose, it
 * shows on wide windows, and on a laptop only while there is something to
 * inspect: a selection, a problem or a warning, so the canvas keeps the room.
 */
import { useDeferredValue, type ReactNode } from 'react';
import { formatNumber, useTranslation } from '../common/i18n';
import { LineIcon } from '../common/icons';
import { useDocument, type DocumentState } from '../store/document';
import { useUi, useWideWindow, WIDE_WINDOW } from '../store/ui';
import { useTeaching } from '../store/teaching';

/** Something the panel would show: a selection or a problem. */
const needsDetails = (s: DocumentState) =>
  s.compiled.problems.length > 0 ||
  s.nodes.some((n) => n.selected) ||
  s.edges.some((e) => e.selected);

export function useDetailsShown(): boolean {
  const choice = useUi((s) => s.layout.details);
  const wide = useWideWindow();
  const needed = useDocument(needsDetails);
  const warned = useTeaching((s) => s.warnings.length > 0);
  return choice ?? (wide || needed || warned);
}

/**
 * Whether the panel shows, as the panel and its toggle render it: a render behind the store.
 * Selecting a node on a large canvas is the first frame of dragging it, and opening the panel in
 * that frame (its render, the narrower canvas's style and layout, React Flow's resize) made it a
 * 45–50 ms frame on the 1,000-node benchmark; React opens (or closes) it in the next one, in a
 * render a drag's events may interrupt.
 */
function useShownSoon(): boolean {
  return useDeferredValue(useDetailsShown());
}

/** Shows the panel if hidden, hides it if shown, and remembers that as the user's choice. */
export function toggleDetails() {
  const { layout, setLayout } = useUi.getState();
  const shown =
    layout.details ??
    (window.innerWidth >= WIDE_WINDOW ||
      needsDetails(useDocument.getState()) ||
      useTeaching.getState().warnings.length > 0);
  setLayout({ details: !shown });
}

const PanelIcon = ({ open }: { open: boolean }) => (
  <LineIcon>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M15 4v16" />
    <path d={open ? 'M8 9l3 3-3 3' : 'M11 9l-3 3 3 3'} />
  </LineIcon>
);

export function DetailsPanel({ children }: { children: ReactNode }) {
  const shown = useShownSoon();
  const { t } = useTranslation();
  if (!shown) return null;
  return (
    <aside className="bp-side" aria-label={t('panels.details.label')}>
      <button
        type="button"
        className="bp-side__hide bp-icon-btn"
        aria-label={t('panels.details.hide')}
        title={t('panels.details.hideTitle')}
        aria-expanded
        onClick={toggleDetails}
      >
        <PanelIcon open />
      </button>
      {children}
    </aside>
  );
}

/** On the canvas's top right while the panel is hidden: shows it, with the problem count. */
export function DetailsToggle() {
  const shown = useShownSoon();
  const problems = useDocument((s) => s.compiled.problems.length);
  const { t } = useTranslation();
  if (shown) return null;
  return (
    <button
      type="button"
      className="bp-details-toggle nodrag nopan"
      aria-label={t('panels.details.show')}
      aria-expanded={false}
      title={t('panels.details.showTitle')}
      onClick={toggleDetails}
    >
      <PanelIcon open={false} />
      {t('panels.details.button')}
      {problems > 0 && <span className="bp-count is-danger">{formatNumber(problems)}</span>}
    </button>
  );
}
