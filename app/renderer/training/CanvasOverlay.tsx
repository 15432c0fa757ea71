/**
 * What floats over the canvas while training: the overlay switch (which
 * number the edges show) with its colour legend and the animation toggle, and
 * the banner that says why a run ended — an alert naming the node when it
 * diverged, a warning when it ended with its loss higher than it started.
 */
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { OVERLAY_SCALE, OVERLAY_SYMBOL, overlayColour } from '../common/ramp';
import { endingText } from '#src/training/ending';
import { tKey, useTranslation } from '../common/i18n';
import { useDocument } from '../store/document';
import { live, type OverlayStat } from '../common/live';
import { useTraining } from '../store/training';
import { useLive } from '../common/useLive';
import { Segmented } from '../common/Segmented';
import { CloseButton } from '../common/CloseButton';
import { useCentreOn } from '../common/useCentreOn';

/** Each overlay with the catalogue keys of its name and its tooltip. */
const OPTIONS: [OverlayStat, string, string][] = [
  ['activation', tKey('training.overlay.activation'), tKey('training.overlay.activationTitle')],
  ['gradient', tKey('training.overlay.gradient'), tKey('training.overlay.gradientTitle')],
  ['update', tKey('training.overlay.update'), tKey('training.overlay.updateTitle')],
];

const DONE_NOTE_MS = 6000;
/** A power of ten as the legend writes it: `1e-3`. */
const power = (exponent: number) => `1e${exponent}`;
const GRADIENT = Array.from({ length: 6 }, (_, i) => overlayColour(i / 5)).join(', ');

/**
 * The canvas's box: carries the session state and the flow animation's phase (one attribute, so a
 * phase change is one DOM write) for the stylesheet and tests. The dashes themselves are drawn and
 * stepped by the edge layer (canvas/EdgeLayer.tsx).
 */
export function CanvasArea({ children }: { children: ReactNode }) {
  const state = useTraining((s) => s.state);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let shown: string | null = null;
    const paint = () => {
      const phase = live.phase ?? 'none';
      if (phase === shown) return;
      shown = phase;
      el.setAttribute('data-phase', phase);
    };
    paint();
    return live.subscribe(paint);
  }, []);
  return (
    <div ref={ref} className="bp-canvas-area" data-training={state ?? 'none'}>
      {children}
    </div>
  );
}

export function OverlayBar() {
  const { t } = useTranslation();
  const stat = useTraining((s) => s.overlay);
  const animate = useTraining((s) => s.animate);
  const hasFrame = useLive(() => live.frame !== null);
  const [lo, hi] = OVERLAY_SCALE[stat];
  return (
    <div className="bp-overlay-bar nodrag nopan">
      <Segmented
        label={t('training.overlay.group')}
        segments={OPTIONS.map(([value, label, title]) => ({
          value,
          text: t(label),
          title: t(title),
        }))}
        value={stat}
        onChange={(value) => {
          useTraining.setState({ overlay: value });
          live.flush();
        }}
      />
      <label className="bp-overlay-bar__check" title={t('training.overlay.animateTitle')}>
        <input
          type="checkbox"
          checked={animate}
          onChange={(e) => {
            useTraining.setState({ animate: e.target.checked });
            live.setAnimate(e.target.checked);
          }}
        />
        {t('training.overlay.animate')}
      </label>
      {hasFrame && (
        <div className="bp-legend" aria-label={t('training.overlay.scale', { lo, hi })}>
          <span>{`${OVERLAY_SYMBOL[stat]} ${power(lo)}`}</span>
          <span
            className="bp-legend__ramp"
            style={{ background: `linear-gradient(90deg, ${GRADIENT})` }}
          />
          <span>{power(hi)}</span>
        </div>
      )}
    </div>
  );
}

export function TrainingBanner() {
  const { t } = useTranslation();
  const state = useTraining((s) => s.state);
  const message = useTraining((s) => s.message);
  const node = useTraining((s) => s.divergedNode);
  const warning = useTraining((s) => s.warning);
  const nodeExists = useDocument((s) => (node ? s.nodes.some((n) => n.id === node) : false));
  const centreOn = useCentreOn();

  const reveal = useCallback(() => {
    if (!node) return;
    useDocument.getState().select({ nodes: [node] });
    centreOn(node);
  }, [centreOn, node]);

  // A finished run's note fades on its own; warnings, stops and divergence stay until dismissed.
  useEffect(() => {
    if (state !== 'done' || !message || warning) return;
    const timer = setTimeout(() => {
      if (useTraining.getState().message === message) useTraining.setState({ message: null });
    }, DONE_NOTE_MS);
    return () => clearTimeout(timer);
  }, [state, message, warning]);

  if (!message || !state || state === 'running' || state === 'paused' || state === 'starting')
    return null;
  const diverged = state === 'diverged' || state === 'error';
  const kind = diverged ? ' is-danger' : warning ? ' is-warning' : state === 'done' ? ' is-ok' : '';
  return (
    <div className={`bp-banner${kind}`} role={diverged || warning ? 'alert' : 'status'}>
      <div className="bp-banner__text">
        {diverged && <strong>{t('training.banner.diverged')}</strong>}
        {warning && <strong>{t('training.banner.lossRose')}</strong>}
        {typeof message === 'string' ? message : endingText(message)}
      </div>
      {diverged && node && nodeExists && (
        <button type="button" onClick={reveal}>
          {t('training.banner.show', { node })}
        </button>
      )}
      <CloseButton
        className="bp-banner__close"
        label={t('training.banner.dismiss')}
        onClick={() => useTraining.setState({ message: null })}
      />
    </div>
  );
}
