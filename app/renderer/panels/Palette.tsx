/**
 * The node kinds, as a narrow column of icons with their names in sections
 * (basic, image, regularise; palette-groups.ts): drag one onto the canvas, or
 * click to place it in view. Each kind's description shows on hover (and is
 * the button's accessible description). Names wrap onto a second line rather
 * than end in an ellipsis.
 */
import { useCallback, type DragEvent } from 'react';
import { KINDS, type NodeKind } from '../common/engine';
import { useTranslation } from '../common/i18n';
import { KindIcon, kindStyle } from '../common/icons';
import { groupLabel, PALETTE_MIME, paletteSections } from '../common/palette-groups';
import { dispatch } from '../actions/registry';

/** A name with a break opportunity inside each CamelCase word (`Max|Pool2D`), so it wraps rather than overflow. */
function breakable(label: string) {
  const parts = label.split(/(?<=[a-z])(?=[A-Z])/);
  return parts.flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

export function Palette() {
  const onDragStart = useCallback((e: DragEvent, kind: NodeKind) => {
    e.dataTransfer.setData(PALETTE_MIME, kind);
    e.dataTransfer.effectAllowed = 'copy';
  }, []);
  // `edit.addNode` (canvas/actions.ts) places it in the free space nearest the view's centre.
  const onClick = useCallback((kind: NodeKind) => void dispatch('edit.addNode', kind), []);
  const { t } = useTranslation();
  return (
    <nav className="bp-palette" aria-label={t('panels.palette.label')}>
      <h2 className="bp-panel-title">{t('panels.palette.title')}</h2>
      {paletteSections.map(({ group, kinds }) => (
        <section
          key={group}
          className="bp-palette__group"
          aria-labelledby={`palette-group-${group}`}
        >
          <h3 className="bp-palette__group-title" id={`palette-group-${group}`}>
            {t(groupLabel(group))}
          </h3>
          <ul>
            {kinds.map((kind) => {
              const label = t(KINDS[kind].label);
              const description = t(KINDS[kind].description);
              return (
                <li key={kind}>
                  <button
                    type="button"
                    className="bp-palette__item"
                    draggable
                    onDragStart={(e) => onDragStart(e, kind)}
                    onClick={() => onClick(kind)}
                    aria-label={label}
                    aria-describedby={`palette-desc-${kind}`}
                    title={`${t('panels.palette.tooltip', { label, description })}\n${t('panels.palette.how')}`}
                  >
                    <span className="bp-palette__icon bp-kind" style={kindStyle(kind)}>
                      <KindIcon kind={kind} size={17} />
                    </span>
                    <span className="bp-palette__label">{breakable(label)}</span>
                    <span className="bp-visually-hidden" id={`palette-desc-${kind}`}>
                      {description}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}
