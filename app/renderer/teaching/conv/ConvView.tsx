/**
 * The convolution view: for one sample of the data, the picture beside the
 * gradient of the loss with respect to it (what backpropagation says each
 * pixel matters), a conv layer's feature maps (its output, one per filter)
 * and its kernels. Computed here in the window with the engine from the
 * document's current weights (trained, untrained or as training's checkpoints
 * arrive), one forward and one backward pass of that sample. A floating panel
 * over the canvas like the neuron view: training goes on while it is open.
 *
 * Canvases hold the images at their natural size (one canvas pixel per
 * value) and CSS scales them with crisp pixels. Each carries `data-digest`, a
 * fingerprint of what it shows, which the end-to-end test reads.
 */
import { useEffect, useRef } from 'react';
import { t as tNow, useTranslation } from '../../common/i18n';
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { useDocumentData } from '../useDocumentData';
import { viewNetwork, useLiveDraw } from '../source';
import { diverging, formatValue, maxAbs } from '../colour';
import {
  argmax,
  channelOf,
  convNodes,
  imageShape,
  kernelPlane,
  kernelsOf,
  sampleBackprop,
} from './compute';
import { chooseSample, closeConvView, openConvView, useConvView } from './store';
import { cellFor, greys, meanOverChannels, paint, Pixels, scaleText } from './pixels';
import { FaceButton } from '../../common/FaceButton';
import { CloseButton } from '../../common/CloseButton';
import { SignLegend } from '../SignLegend';
import { IdSelect } from '../../common/IdSelect';

/** Filters and input channels drawn at most (the rest are counted, not drawn). */
const MAX_FILTERS = 32;
const MAX_CHANNELS = 8;
/** The map grids' test ids (the end-to-end test reads their canvases). */
const TEST_IDS = { maps: 'conv-maps', after: 'conv-maps-after' };

export function ConvView() {
  const open = useConvView((s) => s.open);
  return open ? <ConvViewPanel /> : null;
}

function ConvViewPanel() {
  const { t } = useTranslation();
  const chosen = useConvView((s) => s.layer);
  const sample = useConvView((s) => s.sample);
  const compiled = useDocument((s) => s.compiled);
  const loaded = useDocumentData();
  const panel = useRef<HTMLElement>(null);
  const imageCanvas = useRef<HTMLCanvasElement | null>(null);
  const gradCanvas = useRef<HTMLCanvasElement | null>(null);
  const mapCanvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const afterCanvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const kernelCanvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const status = useRef<HTMLSpanElement>(null);
  const facts = useRef<HTMLSpanElement>(null);
  const gradScale = useRef<HTMLParagraphElement>(null);
  const mapScale = useRef<HTMLParagraphElement>(null);
  const kernelScale = useRef<HTMLParagraphElement>(null);

  const graph = compiled.ok ? compiled.net : null;
  const inputDims = graph ? imageShape(compiled.dims[graph.inputId]) : null;
  const convs = graph ? convNodes(graph) : [];
  const layer = chosen !== null && convs.includes(chosen) ? chosen : (convs[0] ?? null);
  const layerNode = layer ? graph?.nodes.find((n) => n.id === layer) : undefined;
  const mapDims = layer ? imageShape(compiled.dims[layer]) : null;
  // The activation right after the layer, if any: its maps are what the next layer sees.
  const after = layer
    ? graph?.nodes.find((n) => n.kind === 'activation' && n.inputs[0]?.source === layer)
    : undefined;
  const afterId = after && imageShape(compiled.dims[after.id]) ? after.id : null;
  const cinDims = layerNode ? imageShape(compiled.dims[layerNode.inputs[0]?.source]) : null;
  const kernel = typeof layerNode?.params.kernel === 'number' ? layerNode.params.kernel : 3;
  const data = loaded?.ok ? loaded.data : null;
  const fits = !!graph && !!data && data.all.features === graph.features;
  const count = data?.all.m ?? 0;
  const index = count > 0 ? Math.min(sample, count - 1) : 0;

  // Escape closes; ← and → step through the samples (outside the number field and the select).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const active = document.activeElement;
      if (!panel.current?.contains(active)) return;
      if (e.key === 'Escape') closeConvView();
      const typing = active instanceof HTMLInputElement || active instanceof HTMLSelectElement;
      if (!typing && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        e.preventDefault();
        chooseSample(index + (e.key === 'ArrowRight' ? 1 : -1), count);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, count]);

  const draw = () => {
    const net = viewNetwork();
    if (!net || !data || !fits) return;
    const r = sampleBackprop(net, data.all, index);
    if (!r) return;
    // The sample and its gradient.
    paint(
      imageCanvas.current,
      meanOverChannels(r.image),
      r.image.height,
      r.image.width,
      greys(r.image.values),
    );
    const grad = r.inputGradient;
    const gradPlane = grad.channels === 1 ? grad.values : meanOverChannels(grad);
    const gmax = maxAbs(gradPlane);
    paint(gradCanvas.current, gradPlane, grad.height, grad.width, (v) => diverging(v / gmax));
    if (gradScale.current) gradScale.current.textContent = scaleText(gmax);
    // Label, prediction, loss.
    const classes = data.classes;
    const name = (k: number) => classes?.[k] ?? String(k);
    const target = argmax(r.target);
    const predicted = argmax(r.prediction);
    const label = classes ? name(target) : formatValue(r.target[0]);
    const guess = classes
      ? `${name(predicted)} (${(r.prediction[predicted] * 100).toFixed(1)} %)`
      : formatValue(r.prediction[0]);
    const section = panel.current;
    if (section) {
      section.dataset.label = label;
      section.dataset.predicted = classes ? name(predicted) : guess;
      section.dataset.loss = String(r.loss);
    }
    if (facts.current) {
      facts.current.textContent = `${tNow('convview.label')}: ${label} · ${tNow('convview.predicted')}: ${guess} · ${tNow('convview.loss')}: ${formatValue(r.loss)}`;
    }
    if (status.current) {
      const s = useDocument.getState();
      status.current.textContent =
        live.header?.state === 'running'
          ? tNow('convview.status.live')
          : s.model.weights && Object.keys(s.model.weights).length > 0
            ? tNow('convview.status.trained')
            : tNow('convview.status.initial');
    }
    // The layer's feature maps, on one scale.
    if (layer) {
      const map = r.maps[layer];
      if (map) {
        const max = maxAbs(map.values);
        const colour = (v: number) => diverging(v / max);
        const after = afterId ? r.maps[afterId] : undefined;
        for (let f = 0; f < Math.min(map.channels, MAX_FILTERS); f++) {
          paint(mapCanvases.current[f], channelOf(map, f), map.height, map.width, colour);
          // On the same scale: what the activation keeps of each map, and what it zeroes.
          if (after)
            paint(afterCanvases.current[f], channelOf(after, f), map.height, map.width, colour);
        }
        if (mapScale.current) mapScale.current.textContent = scaleText(max);
      }
      const k = kernelsOf(net, layer);
      if (k) {
        const max = maxAbs(k.values);
        const filters = Math.min(k.filters, MAX_FILTERS);
        for (let c = 0; c < Math.min(k.cin, MAX_CHANNELS); c++)
          for (let f = 0; f < filters; f++)
            paint(kernelCanvases.current[c * filters + f], kernelPlane(k, f, c), k.kh, k.kw, (v) =>
              diverging(v / max),
            );
        if (kernelScale.current) kernelScale.current.textContent = scaleText(max);
      }
    }
  };
  useLiveDraw(draw, 5, fits);
  // Another sample or layer: draw it now (the live draw waits for training or the document).
  useEffect(() => {
    if (fits) draw();
  });

  const title = (
    <header className="bp-neuron-view__head">
      <h2 id="conv-view-title">{t('convview.title')}</h2>
      {convs.length > 1 && (
        <IdSelect
          className="bp-conv-view__layer"
          label={t('convview.layer')}
          ids={convs}
          value={layer ?? ''}
          onChange={openConvView}
        />
      )}
      <CloseButton label={t('convview.close')} onClick={closeConvView} />
    </header>
  );

  let body: React.ReactNode;
  if (!graph) body = <p className="bp-muted">{t('convview.noCompile')}</p>;
  else if (!inputDims) body = <p className="bp-muted">{t('convview.notImage')}</p>;
  else if (!loaded) body = <p className="bp-muted">{t('convview.loading')}</p>;
  else if (!loaded.ok) body = <p className="bp-muted">{loaded.message}</p>;
  else if (!fits)
    body = <p className="bp-muted">{t('convview.noFit', { features: graph.features })}</p>;
  else {
    const [h, w] = inputDims;
    const imageCell = cellFor(Math.max(h, w), 120, 16);
    const validation = data!.validationRows?.includes(index) ?? false;
    const filters = mapDims ? Math.min(mapDims[2], MAX_FILTERS) : 0;
    const cin = cinDims ? Math.min(cinDims[2], MAX_CHANNELS) : 0;
    const mapCell = mapDims ? cellFor(Math.max(mapDims[0], mapDims[1]), 64, 12) : 1;
    const mapGrid = (testId: string, canvases: React.RefObject<(HTMLCanvasElement | null)[]>) =>
      mapDims && (
        <div className="bp-conv-view__grid" data-testid={testId}>
          {Array.from({ length: filters }, (_, f) => (
            <div key={`${layer}:${f}`} className="bp-conv-view__cell">
              <Pixels
                canvasRef={(el) => {
                  canvases.current[f] = el;
                }}
                height={mapDims[0]}
                width={mapDims[1]}
                cell={mapCell}
                label={t('convview.mapAlt', { f: f + 1, height: mapDims[0], width: mapDims[1] })}
              />
              <span>{t('convview.filter', { f: f + 1 })}</span>
            </div>
          ))}
        </div>
      );
    const kernelCell = cellFor(kernel, 42, 16);
    body = (
      <>
        <p className="bp-neuron-view__status">
          <span ref={status} />
        </p>
        <div className="bp-conv-view__sample" role="group" aria-label={t('convview.sample.label')}>
          <button
            type="button"
            className="bp-icon-btn"
            aria-label={t('convview.sample.previous')}
            onClick={() => chooseSample(index - 1, count)}
          >
            <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
              <path d="M9 2 4 7l5 5" fill="none" stroke="currentColor" strokeWidth="1.8" />
            </svg>
          </button>
          <label>
            {t('convview.sample.label')}{' '}
            <input
              type="number"
              min={1}
              max={count}
              value={index + 1}
              data-testid="conv-sample"
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isFinite(v) && v >= 1) chooseSample(v - 1, count);
              }}
            />
          </label>
          <span className="bp-muted">
            {t('convview.sample.of', { count })} ·{' '}
            {validation ? t('convview.sample.validation') : t('convview.sample.training')}
          </span>
          <button
            type="button"
            className="bp-icon-btn"
            aria-label={t('convview.sample.next')}
            onClick={() => chooseSample(index + 1, count)}
          >
            <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
              <path d="M5 2l5 5-5 5" fill="none" stroke="currentColor" strokeWidth="1.8" />
            </svg>
          </button>
        </div>
        <p className="bp-conv-view__facts">
          <span ref={facts} data-testid="conv-facts" />
        </p>
        <div className="bp-conv-view__pair">
          <figure>
            <figcaption>{t('convview.image')}</figcaption>
            <Pixels
              canvasRef={imageCanvas}
              height={h}
              width={w}
              cell={imageCell}
              label={t('convview.imageAlt', { n: index + 1, height: h, width: w })}
              testId="conv-image"
            />
          </figure>
          <figure>
            <figcaption>{t('convview.gradient')}</figcaption>
            <Pixels
              canvasRef={gradCanvas}
              height={h}
              width={w}
              cell={imageCell}
              label={t('convview.gradientAlt', { n: index + 1 })}
              testId="conv-gradient"
            />
            <p ref={gradScale} className="bp-conv-view__scale" />
          </figure>
        </div>
        <p className="bp-conv-view__help">{t('convview.gradientHelp')}</p>
        {layer && mapDims && (
          <figure className="bp-conv-view__block">
            <figcaption>{t('convview.maps', { id: layer })}</figcaption>
            {mapGrid(TEST_IDS.maps, mapCanvases)}
            {afterId && (
              <>
                <p className="bp-conv-view__subcaption">
                  {t('convview.mapsAfter', { id: afterId, fn: String(after?.params.fn ?? '') })}
                </p>
                {mapGrid(TEST_IDS.after, afterCanvases)}
              </>
            )}
            {mapDims[2] > filters && (
              <p className="bp-muted">
                {t('convview.shown', { shown: filters, count: mapDims[2] })}
              </p>
            )}
            <p ref={mapScale} className="bp-conv-view__scale" />
          </figure>
        )}
        {layer && cin > 0 && filters > 0 && (
          <figure className="bp-conv-view__block">
            <figcaption>{t('convview.kernels', { id: layer, kh: kernel, kw: kernel })}</figcaption>
            <div
              className="bp-conv-view__kernels"
              data-testid="conv-kernels"
              style={{ gridTemplateColumns: `auto repeat(${filters}, auto)` }}
            >
              {Array.from({ length: cin }, (_, c) => [
                <span key={`c${c}`} className="bp-conv-view__rowhead">
                  {t('convview.channel', { c: c + 1 })}
                </span>,
                ...Array.from({ length: filters }, (_, f) => (
                  <Pixels
                    key={`${layer}:${c}:${f}`}
                    canvasRef={(el) => {
                      kernelCanvases.current[c * filters + f] = el;
                    }}
                    height={kernel}
                    width={kernel}
                    cell={kernelCell}
                    label={t('convview.kernelAlt', { f: f + 1, c: c + 1 })}
                  />
                )),
              ])}
            </div>
            {cinDims![2] > cin && (
              <p className="bp-muted">{t('convview.shown', { shown: cin, count: cinDims![2] })}</p>
            )}
            <p ref={kernelScale} className="bp-conv-view__scale" />
          </figure>
        )}
        <SignLegend note={t('convview.scaleOwn')} />
      </>
    );
  }

  return (
    <section
      ref={panel}
      className="bp-neuron-view bp-conv-view"
      role="dialog"
      aria-modal="false"
      aria-labelledby="conv-view-title"
      data-testid="conv-view"
      data-layer={layer ?? ''}
      data-sample={index}
    >
      {title}
      {body}
    </section>
  );
}

/** Face button of a Conv2D node: opens the view on this layer. */
export function ConvMapsButton({ id }: { id: string }) {
  const { t } = useTranslation();
  const open = useConvView((s) => s.open && s.layer === id);
  return (
    <FaceButton
      label={t('convview.mapsButton')}
      pressed={open}
      title={t('convview.mapsButtonTitle')}
      onClick={() => (open ? closeConvView() : openConvView(id))}
    >
      <rect x="1" y="1" width="5" height="5" />
      <rect x="8" y="1" width="5" height="5" opacity="0.6" />
      <rect x="1" y="8" width="5" height="5" opacity="0.35" />
      <rect x="8" y="8" width="5" height="5" opacity="0.8" />
    </FaceButton>
  );
}

/** Face row of an image Input: a button that opens the view on a sample and its gradient. */
export function InputGradientButton() {
  const { t } = useTranslation();
  const open = useConvView((s) => s.open);
  return (
    <div className="bp-dense-tools bp-conv-tools nodrag">
      <FaceButton
        label={t('convview.gradientButton')}
        pressed={open}
        title={t('convview.gradientButtonTitle')}
        onClick={() => (open ? closeConvView() : openConvView(useConvView.getState().layer))}
      >
        <path d="M1 2h12L7 13Z" fill="none" stroke="currentColor" strokeWidth="1.4" />
      </FaceButton>
      <span className="bp-conv-tools__label">{t('convview.gradientShort')}</span>
    </div>
  );
}
