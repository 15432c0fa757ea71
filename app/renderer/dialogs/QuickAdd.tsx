/** Double-click on the canvas: type a node's name, Enter adds it where you clicked. */
import { useReactFlow } from '@xyflow/react';
import { useState, type KeyboardEvent } from 'react';
import { KINDS, type NodeKind } from '../common/engine';
import { PALETTE_ORDER } from '../common/palette-groups';
import { t, useTranslation } from '../common/i18n';
import { KindIcon } from '../common/icons';
import { useDocument, type FlowEdge, type FlowNode } from '../store/document';
import { useUi } from '../store/ui';

/**
 * Names that start with the query first, then names containing it, then (for longer queries)
 * descriptions. The name in the window's language or the kind's id (`dense`) finds it; a
 * description takes three letters, or one Chinese character or more.
 */
function matchingKinds(query: string): NodeKind[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...PALETTE_ORDER];
  const rank = (k: NodeKind) => {
    const label = t(KINDS[k].label).toLowerCase();
    if (label.startsWith(q) || k.startsWith(q)) return 0;
    if (label.includes(q) || k.includes(q)) return 1;
    if ((q.length >= 3 || /[^ -~]/.test(q)) && t(KINDS[k].description).toLowerCase().includes(q))
      return 2;
    return 3;
  };
  return PALETTE_ORDER.filter((k) => rank(k) < 3).sort((a, b) => rank(a) - rank(b));
}

export function QuickAdd() {
  const at = useUi((s) => s.quickAdd);
  if (!at) return null;
  return <QuickAddPopup x={at.x} y={at.y} />;
}

function QuickAddPopup({ x, y }: { x: number; y: number }) {
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const close = () => useUi.getState().setQuickAdd(null);

  const matches = matchingKinds(query);

  function add(kind: NodeKind) {
    const p = flow.screenToFlowPosition({ x, y });
    useDocument.getState().addNode(kind, { x: Math.round(p.x - 80), y: Math.round(p.y - 30) });
    close();
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, matches.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && matches[active]) add(matches[active]);
  }

  const left = Math.min(x, window.innerWidth - 300);
  const top = Math.min(y, window.innerHeight - 280);
  return (
    <div className="bp-quickadd-backdrop" onMouseDown={close}>
      <div
        className="bp-quickadd"
        role="dialog"
        aria-label={t('dialogs.quickAdd.title')}
        style={{ left, top }}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          autoFocus
          aria-label={t('dialogs.quickAdd.input')}
          placeholder={t('dialogs.quickAdd.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded="true"
          aria-controls="quickadd-list"
          aria-activedescendant={matches[active] ? `quickadd-${matches[active]}` : undefined}
        />
        <ul id="quickadd-list" role="listbox" aria-label={t('dialogs.quickAdd.list')}>
          {matches.map((k, i) => (
            <li
              key={k}
              id={`quickadd-${k}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseEnter={() => setActive(i)}
              onClick={() => add(k)}
            >
              <KindIcon kind={k} />
              <span className="bp-quickadd__label">{t(KINDS[k].label)}</span>
              <span className="bp-quickadd__desc">{t(KINDS[k].description)}</span>
            </li>
          ))}
          {matches.length === 0 && <li className="bp-hint">{t('dialogs.quickAdd.none')}</li>}
        </ul>
      </div>
    </div>
  );
}
