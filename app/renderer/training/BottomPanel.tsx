/**
 * The panel under the canvas: tabs for the loss, the weights over time, the
 * gradient norms, the predictions, the probe, the fit and the training settings. (The run's
 * progress sits in the top bar, beside the controls, so it shows with the panel collapsed.)
 * Its edge drags (or, focused, takes the arrow keys) to resize it; open or
 * collapsed and its height are remembered (store/ui.ts `layout`). The probe, fit and data tabs
 * are teaching views: App passes them in (`views`), so this folder does not import teaching/.
 */
import { useRef, type ComponentType, type KeyboardEvent, type PointerEvent } from 'react';
import { tKey, useTranslation } from '../common/i18n';
import { LineIcon } from '../common/icons';
import { BOTTOM_HEIGHT, useUi, useWindowHeight } from '../store/ui';
import { GradientsPanel, LossPanel, WeightsPanel } from './Plots';
import { PredictionsPanel } from './PredictionsPanel';
import { SettingsPanel } from './SettingsPanel';
import { useTraining, type BottomTab } from '../store/training';

const TABS: [BottomTab, string][] = [
  ['loss', tKey('training.tabs.loss')],
  ['weights', tKey('training.tabs.weights')],
  ['gradients', tKey('training.tabs.gradients')],
  ['predictions', tKey('training.tabs.predictions')],
  ['probe', tKey('training.tabs.probe')],
  ['fit', tKey('training.tabs.fit')],
  ['data', tKey('training.tabs.data')],
  ['settings', tKey('training.tabs.settings')],
];

/** The tallest the panel may grow: the canvas keeps at least this share of the window. */
const maxHeight = (windowHeight: number) =>
  Math.max(BOTTOM_HEIGHT.min, Math.round(windowHeight * 0.6));
const clamp = (h: number, max: number) => Math.min(max, Math.max(BOTTOM_HEIGHT.min, Math.round(h)));
const KEY_STEP = 24;

/** The panel's top edge: drag it, or focus it and use the arrow keys, Home and End. */
function ResizeHandle({ height, max }: { height: number; max: number }) {
  const { t } = useTranslation();
  const drag = useRef<{ y: number; height: number } | null>(null);
  const setHeight = (h: number) => useUi.getState().setLayout({ bottomHeight: clamp(h, max) });
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { y: e.clientY, height };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current) setHeight(drag.current.height + drag.current.y - e.clientY);
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? KEY_STEP * 4 : KEY_STEP;
    const next =
      e.key === 'ArrowUp'
        ? height + step
        : e.key === 'ArrowDown'
          ? height - step
          : e.key === 'Home'
            ? BOTTOM_HEIGHT.min
            : e.key === 'End'
              ? max
              : null;
    if (next === null) return;
    e.preventDefault();
    setHeight(next);
  };
  return (
    <div
      className="bp-bottom__resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('training.panel.resize')}
      aria-controls="bp-bottom"
      aria-valuenow={height}
      aria-valuemin={BOTTOM_HEIGHT.min}
      aria-valuemax={max}
      tabIndex={0}
      title={t('training.panel.resizeTitle')}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}

/** The tabs another feature draws (teaching/: the probe, the fit, the data views). */
export type BottomViews = Record<'probe' | 'fit' | 'data', ComponentType>;

export function BottomPanel({ views }: { views: BottomViews }) {
  const { probe: ProbePanel, fit: FitPanel, data: DataPanel } = views;
  const { t } = useTranslation();
  const tab = useTraining((s) => s.tab);
  const open = useUi((s) => s.layout.bottomOpen);
  // Kept within the window as it resizes (the saved height stays as the user set it).
  const max = maxHeight(useWindowHeight());
  const height = clamp(
    useUi((s) => s.layout.bottomHeight),
    max,
  );
  const setLayout = useUi((s) => s.setLayout);
  const show = (next: BottomTab) => {
    useTraining.setState({ tab: next });
    setLayout({ bottomOpen: true });
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex(([id]) => id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length][0];
    show(next);
    document.getElementById(`bp-tab-${next}`)?.focus();
  }

  return (
    <section
      id="bp-bottom"
      className={`bp-bottom${open ? '' : ' is-closed'}`}
      style={open ? { height } : undefined}
      aria-label={t('training.panel.region')}
    >
      {open && <ResizeHandle height={height} max={max} />}
      <div className="bp-bottom__head">
        <div
          className="bp-tabs"
          role="tablist"
          aria-label={t('training.panel.tabs')}
          onKeyDown={onKeyDown}
        >
          {TABS.map(([id, label]) => (
            <button
              key={id}
              id={`bp-tab-${id}`}
              type="button"
              role="tab"
              aria-selected={open && tab === id}
              aria-controls="bp-tabpanel"
              tabIndex={tab === id ? 0 : -1}
              className={open && tab === id ? 'is-active' : undefined}
              onClick={() => show(id)}
            >
              {t(label)}
            </button>
          ))}
        </div>
        <span className="bp-spacer" />
        <button
          type="button"
          className="bp-bottom__toggle bp-icon-btn"
          aria-label={open ? t('training.panel.collapse') : t('training.panel.expand')}
          aria-expanded={open}
          title={open ? t('training.panel.hide') : t('training.panel.show')}
          onClick={() => setLayout({ bottomOpen: !open })}
        >
          <LineIcon size={14} weight={2.2}>
            <path d={open ? 'M6 9l6 6 6-6' : 'M6 15l6-6 6 6'} />
          </LineIcon>
        </button>
      </div>
      {open && (
        <div
          className="bp-bottom__body"
          id="bp-tabpanel"
          role="tabpanel"
          aria-labelledby={`bp-tab-${tab}`}
        >
          {tab === 'loss' && <LossPanel />}
          {tab === 'weights' && <WeightsPanel />}
          {tab === 'gradients' && <GradientsPanel />}
          {tab === 'predictions' && <PredictionsPanel />}
          {tab === 'probe' && <ProbePanel />}
          {tab === 'fit' && <FitPanel />}
          {tab === 'data' && <DataPanel />}
          {tab === 'settings' && <SettingsPanel />}
        </div>
      )}
    </section>
  );
}
