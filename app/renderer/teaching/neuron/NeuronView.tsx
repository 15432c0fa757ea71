/**
 * The neuron view of one dense node: W and ∂L/∂W as heat maps (one row per
 * unit, one column per input), b and ∂L/∂b as bars beside them, live while
 * training and from the document's weights otherwise. A floating panel over
 * the canvas, not a modal: training goes on while it is open.
 */
import { useEffect, useRef } from 'react';
import { t as tNow, Trans, useTranslation } from '../../common/i18n';
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { formatValue } from '../colour';
import { layerParams, useLiveDraw } from '../source';
import { openNeuronView, useTeaching } from '../../store/teaching';
import { Bars, HeatMap } from './HeatMap';

const MAP_WIDTH = 168;
const MAP_HEIGHT = 300;
const BAR_WIDTH = 56;

function useLayerShape(id: string | null) {
  return useDocument((s) => {
    if (!id || !s.compiled.ok) return null;
    const node = s.compiled.net.nodes.find((n) => n.id === id);
    if (!node || node.kind !== 'dense') return null;
    const cols = s.compiled.edgeShapes[node.inputs[0]?.edgeId];
    return cols ? `${node.width}×${cols}` : null;
  });
}

function Scale({ scaleRef }: { scaleRef: React.RefObject<HTMLSpanElement | null> }) {
  return (
    <div className="bp-scale" aria-hidden="true">
      <span className="bp-scale__bar" />
      <span ref={scaleRef} className="bp-scale__text">
        —
      </span>
    </div>
  );
}

export function NeuronView() {
  const { t } = useTranslation();
  const id = useTeaching((s) => s.neuronView);
  const shape = useLayerShape(id);
  const panel = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLSpanElement>(null);
  const wScale = useRef<HTMLSpanElement>(null);
  const gScale = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!id) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && panel.current?.contains(document.activeElement)) {
        openNeuronView(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id]);

  useLiveDraw(
    () => {
      if (!id || !status.current) return;
      // Drawn outside React, also on a language switch: the catalogue's current language.
      const p = layerParams(id);
      status.current.textContent = !p
        ? tNow('teaching.neuron.status.noCompile')
        : p.source === 'live'
          ? tNow('teaching.neuron.status.live', { step: live.header?.step ?? 0 })
          : p.source === 'document'
            ? tNow('teaching.neuron.status.trained')
            : tNow('teaching.neuron.status.initial');
    },
    4,
    id !== null,
  );

  if (!id) return null;
  const [rows, cols] = shape ? shape.split('×').map(Number) : [0, 0];
  const cell = Math.max(
    1,
    Math.min(22, Math.floor(MAP_WIDTH / cols), Math.floor(MAP_HEIGHT / rows)),
  );
  const setScale = (ref: React.RefObject<HTMLSpanElement | null>) => (max: number) => {
    if (ref.current)
      ref.current.textContent = Number.isFinite(max)
        ? `−${formatValue(max)} … 0 … ${formatValue(max)}`
        : t('teaching.neuron.scaleUnknown');
  };
  const cellName = (name: string) => (r: number, c: number) =>
    t('teaching.neuron.cell', { name, unit: r + 1, input: c + 1 });
  const barName = (name: string) => (r: number) => t('teaching.neuron.bar', { name, unit: r + 1 });

  return (
    <section
      ref={panel}
      className="bp-neuron-view"
      role="dialog"
      aria-modal="false"
      aria-labelledby="neuron-view-title"
    >
      <header className="bp-neuron-view__head">
        <h2 id="neuron-view-title">
          {t('teaching.neuron.title')} <span className="bp-neuron-view__id">{id}</span>
        </h2>
        <button
          type="button"
          className="bp-icon-btn"
          aria-label={t('teaching.neuron.close')}
          onClick={() => openNeuronView(null)}
        >
          ×
        </button>
      </header>
      {!shape ? (
        <p className="bp-muted">{t('teaching.neuron.noShape')}</p>
      ) : (
        <>
          <p className="bp-neuron-view__status">
            <span ref={status} /> · {t('teaching.neuron.shape', { rows, cols })}
          </p>
          <div className="bp-neuron-view__grid">
            <figure>
              <figcaption>
                <Trans
                  i18nKey="teaching.neuron.paramsCaption"
                  components={{ muted: <span className="bp-muted" /> }}
                />
              </figcaption>
              <div className="bp-neuron-view__pair">
                <HeatMap
                  key={`W${shape}`}
                  label={t('teaching.neuron.heatMap', { name: 'W', id, rows, cols })}
                  rows={rows}
                  cols={cols}
                  cell={cell}
                  name={cellName('W')}
                  onScale={setScale(wScale)}
                  read={() => {
                    const p = layerParams(id);
                    return p ? { rows: p.rows, cols: p.cols, values: p.W } : null;
                  }}
                />
                <Bars
                  key={`b${shape}`}
                  label={t('teaching.neuron.bars', { name: 'b', id, rows })}
                  rows={rows}
                  cell={cell}
                  width={BAR_WIDTH}
                  name={barName('b')}
                  read={() => layerParams(id)?.b ?? null}
                />
              </div>
              <Scale scaleRef={wScale} />
            </figure>
            <figure>
              <figcaption>
                <Trans
                  i18nKey="teaching.neuron.gradsCaption"
                  components={{ muted: <span className="bp-muted" /> }}
                />
              </figcaption>
              <div className="bp-neuron-view__pair">
                <HeatMap
                  key={`dW${shape}`}
                  label={t('teaching.neuron.heatMap', { name: '∂L/∂W', id, rows, cols })}
                  rows={rows}
                  cols={cols}
                  cell={cell}
                  name={cellName('∂L/∂W')}
                  onScale={setScale(gScale)}
                  read={() => {
                    const p = layerParams(id);
                    return p?.dW ? { rows: p.rows, cols: p.cols, values: p.dW } : null;
                  }}
                />
                <Bars
                  key={`db${shape}`}
                  label={t('teaching.neuron.bars', { name: '∂L/∂b', id, rows })}
                  rows={rows}
                  cell={cell}
                  width={BAR_WIDTH}
                  name={barName('∂L/∂b')}
                  read={() => layerParams(id)?.db ?? null}
                />
              </div>
              <Scale scaleRef={gScale} />
            </figure>
          </div>
          <p className="bp-neuron-view__legend">
            <span className="bp-swatch is-neg" /> {t('teaching.neuron.negative')}{' '}
            <span className="bp-swatch is-zero" /> 0 <span className="bp-swatch is-pos" />{' '}
            {t('teaching.neuron.positive')} · {t('teaching.neuron.legend')}
          </p>
        </>
      )}
    </section>
  );
}
