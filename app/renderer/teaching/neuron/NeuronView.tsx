/**
 * The neuron view of one dense node: W and ∂L/∂W as heat maps (one row per
 * unit, one column per input), b and ∂L/∂b as bars beside them, live while
 * training and from the document's weights otherwise. A floating panel over
 * the canvas, not a modal: training goes on while it is open.
 */
import { useEffect, useRef } from 'react';
import { t as tNow, tKey, Trans, useTranslation } from '../../common/i18n';
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { formatValue } from '../colour';
import { layerParams, useLiveDraw } from '../source';
import { openNeuronView, useTeaching } from '../../store/teaching';
import { Bars, HeatMap } from './HeatMap';
import { CloseButton } from '../../common/CloseButton';
import { SignLegend } from '../SignLegend';

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

/** The two figures: the parameters and their gradients, each a matrix and a vector of LayerParams. */
const FIGURES = {
  params: {
    caption: tKey('teaching.neuron.paramsCaption'),
    names: ['W', 'b'],
    matrix: 'W',
    vector: 'b',
  },
  grads: {
    caption: tKey('teaching.neuron.gradsCaption'),
    names: ['∂L/∂W', '∂L/∂b'],
    matrix: 'dW',
    vector: 'db',
  },
} as const;

/**
 * One figure of the view: a matrix of the layer (W, or ∂L/∂W) as a heat map, its vector (b, or
 * ∂L/∂b) as bars beside it, and the heat map's scale under them. The maps are made again when
 * the layer's shape changes.
 */
function ParamFigure({
  id,
  shape,
  figure: { caption, names, matrix, vector },
}: {
  id: string;
  /** `units×inputs`. */
  shape: string;
  figure: (typeof FIGURES)[keyof typeof FIGURES];
}) {
  const [wName, bName] = names;
  const { t } = useTranslation();
  const scale = useRef<HTMLSpanElement>(null);
  const [rows, cols] = shape.split('×').map(Number);
  const cell = Math.max(
    1,
    Math.min(22, Math.floor(MAP_WIDTH / cols), Math.floor(MAP_HEIGHT / rows)),
  );
  const setScale = (max: number) => {
    if (scale.current)
      scale.current.textContent = Number.isFinite(max)
        ? `−${formatValue(max)} … 0 … ${formatValue(max)}`
        : t('teaching.neuron.scaleUnknown');
  };
  return (
    <figure>
      <figcaption>
        <Trans i18nKey={caption} components={{ muted: <span className="bp-muted" /> }} />
      </figcaption>
      <div className="bp-neuron-view__pair">
        <HeatMap
          key={`W${shape}`}
          label={t('teaching.neuron.heatMap', { name: wName, id, rows, cols })}
          rows={rows}
          cols={cols}
          cell={cell}
          name={(r, c) => t('teaching.neuron.cell', { name: wName, unit: r + 1, input: c + 1 })}
          onScale={setScale}
          read={() => {
            const p = layerParams(id);
            const values = p?.[matrix];
            return p && values ? { rows: p.rows, cols: p.cols, values } : null;
          }}
        />
        <Bars
          key={`b${shape}`}
          label={t('teaching.neuron.bars', { name: bName, id, rows })}
          rows={rows}
          cell={cell}
          width={BAR_WIDTH}
          name={(r) => t('teaching.neuron.bar', { name: bName, unit: r + 1 })}
          read={() => layerParams(id)?.[vector] ?? null}
        />
      </div>
      <div className="bp-scale" aria-hidden="true">
        <span className="bp-scale__bar" />
        <span ref={scale} className="bp-scale__text">
          —
        </span>
      </div>
    </figure>
  );
}

export function NeuronView() {
  const { t } = useTranslation();
  const id = useTeaching((s) => s.neuronView);
  const shape = useLayerShape(id);
  const panel = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLSpanElement>(null);

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
        <CloseButton label={t('teaching.neuron.close')} onClick={() => openNeuronView(null)} />
      </header>
      {!shape ? (
        <p className="bp-muted">{t('teaching.neuron.noShape')}</p>
      ) : (
        <>
          <p className="bp-neuron-view__status">
            <span ref={status} /> · {t('teaching.neuron.shape', { rows, cols })}
          </p>
          <div className="bp-neuron-view__grid">
            <ParamFigure id={id} shape={shape} figure={FIGURES.params} />
            <ParamFigure id={id} shape={shape} figure={FIGURES.grads} />
          </div>
          <SignLegend note={t('teaching.neuron.legend')} />
        </>
      )}
    </section>
  );
}
