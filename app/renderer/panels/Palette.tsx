/**
 * The node kinds, as a narrow column of icons with their names: drag one onto
 * the canvas, or click to place it in view. Each kind's description shows on
 * hover (and is the button's accessible description).
 */
import { useCallback, type DragEvent } from 'react';
import { t } from '../i18n';
import { KINDS, PALETTE_KINDS, type NodeKind } from '../engine';
import { KindIcon } from '../nodes/icons';
import { PALETTE_MIME } from '../canvas/Canvas';
import { addNodeInView } from '../actions/editor';
import { getActionContext } from '../actions/registry';

const HOW =
  'Drag onto the canvas or click to add. (Double-click the canvas to add a node by name.)';

export function Palette() {
  const onDragStart = useCallback((e: DragEvent, kind: NodeKind) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  }, []);
  const onClick = useCallback((kind: NodeKind) => {
    const ctx = getActionContext();
    if (ctx) addNodeInView(ctx, kind);
  }, []);
  return (
    <nav className="bp-palette" aria-label="Node palette">
      <h2 className="bp-panel-title">Nodes</h2>
      <ul>
        {PALETTE_KINDS.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              className="bp-palette__item"
              draggable
              onDragStart={(e) => onDragStart(e, kind)}
              onClick={() => onClick(kind)}
              aria-label={t(KINDS[kind].label)}
              aria-describedby={`palette-desc-${kind}`}
              title={`${t(KINDS[kind].label)}: ${t(KINDS[kind].description)}\n${HOW}`}
            >
              <span className={`bp-palette__icon bp-kind--${kind}`}>
                <KindIcon kind={kind} size={20} />
              </span>
              <span className="bp-palette__label">{t(KINDS[kind].label)}</span>
              <span className="bp-visually-hidden" id={`palette-desc-${kind}`}>
                {t(KINDS[kind].description)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
