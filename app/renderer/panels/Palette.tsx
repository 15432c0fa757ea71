/** The node kinds: drag one onto the canvas, or click to place it in view. */
import { useCallback, type DragEvent } from 'react';
import { KINDS, PALETTE_KINDS, type NodeKind } from '../engine';
import { KindIcon } from '../nodes/icons';
import { PALETTE_MIME } from '../canvas/Canvas';
import { addNodeInView } from '../actions/editor';
import { getActionContext } from '../actions/registry';

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
              aria-label={KINDS[kind].label}
              aria-describedby={`palette-desc-${kind}`}
              title={`${KINDS[kind].label}: drag onto the canvas, or click to add`}
            >
              <span className={`bp-palette__icon bp-kind--${kind}`}>
                <KindIcon kind={kind} size={20} />
              </span>
              <span className="bp-palette__text">
                <span className="bp-palette__label">{KINDS[kind].label}</span>
                <span className="bp-palette__desc" id={`palette-desc-${kind}`}>
                  {KINDS[kind].description}
                </span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="bp-hint">Double-click the canvas to add a node by name.</p>
    </nav>
  );
}
