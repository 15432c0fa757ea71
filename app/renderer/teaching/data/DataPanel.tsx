/**
 * The Data tab: what the network does to its data, live while training.
 * Two features: the decision boundary (or regression surface) as a heat map
 * under the training and validation points, and one thumbnail per hidden unit
 * of what it responds to. One feature: the fitted curve over the points.
 * Computed here with the engine from the latest frame's weights a few times a
 * second (never per step, never through React state). Any number of
 * features: the data table (DataTable.tsx), a switch away for one or two.
 */
import { useRef, useState } from 'react';
import type { CompiledGraph } from '#src/engine/compile';
import type { Network } from '#src/engine/network';
import type { LoadedData } from '#src/model/data';
import { useTranslation } from '../../common/i18n';
import { useDocument } from '../../store/document';
import { live } from '../../common/live';
import { CLASS_COLOURS, css, diverging, maxAbs, NEGATIVE, POSITIVE, type Rgb } from '../colour';
import { useLiveDraw, viewNetwork } from '../source';
import { useDocumentData } from '../useDocumentData';
import { DataTable } from './DataTable';
import {
  contour,
  curve,
  domainOf,
  hiddenLayers,
  predictGrid,
  unitImage,
  type Domain,
  type GridResult,
} from './compute';
import { setupCanvas } from '../canvas2d';
import { Segmented } from '../../common/Segmented';

/** Grid points per side of the heat maps. */
export const GRID = 64;
/** Redraws per second at most. */
const RATE_HZ = 4;
const PLOT = 200;
const THUMB = 36;

const lighten = ([r, g, b]: Rgb, k: number): Rgb => [
  Math.round(r + (255 - r) * k),
  Math.round(g + (255 - g) * k),
  Math.round(b + (255 - b) * k),
];

/** Paints n × n colours (row 0 at the top) smoothly over a width × height area. */
function paintGrid(
  ctx: CanvasRenderingContext2D,
  n: number,
  colour: (i: number) => Rgb,
  width: number,
  height: number,
) {
  const off = document.createElement('canvas');
  off.width = n;
  off.height = n;
  const octx = off.getContext('2d');
  if (!octx) return;
  const img = octx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const [r, g, b] = colour(i);
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  octx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, width, height);
}

interface PlaneKind {
  task: LoadedData['task'];
  /** For regression: the targets' range. */
  lo: number;
  hi: number;
}

function targetRange(data: LoadedData): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  const y = data.all.y;
  for (let i = 0; i < y.length; i += data.all.targets) {
    lo = Math.min(lo, y[i]);
    hi = Math.max(hi, y[i]);
  }
  return Number.isFinite(lo) && hi > lo ? { lo, hi } : { lo: 0, hi: 1 };
}

/** Colour of a point's target: class colour, or the regression scale. */
function pointColour(y: Float64Array, i: number, targets: number, kind: PlaneKind): Rgb {
  if (kind.task === 'binary') return y[i * targets] >= 0.5 ? POSITIVE : NEGATIVE;
  if (kind.task === 'multiclass') {
    let best = 0;
    for (let j = 1; j < targets; j++) if (y[i * targets + j] > y[i * targets + best]) best = j;
    return CLASS_COLOURS[best % CLASS_COLOURS.length];
  }
  return diverging((2 * (y[i * targets] - kind.lo)) / (kind.hi - kind.lo) - 1);
}

function drawPoints(
  ctx: CanvasRenderingContext2D,
  data: LoadedData,
  d: Domain,
  kind: PlaneKind,
  size: number,
) {
  const sx = (x: number) => ((x - d.x0) / (d.x1 - d.x0)) * size;
  const sy = (y: number) => ((d.y1 - y) / (d.y1 - d.y0)) * size;
  const parts: [LoadedData['train'], boolean][] = [[data.train, false]];
  if (data.validation) parts.push([data.validation, true]);
  for (const [set, validation] of parts) {
    const f = set.features;
    for (let i = 0; i < set.m; i++) {
      const x = sx(set.x[i * f]);
      const y = sy(set.x[i * f + 1]);
      const c = pointColour(set.y, i, set.targets, kind);
      ctx.beginPath();
      if (validation) {
        ctx.arc(x, y, 3.4, 0, Math.PI * 2);
        ctx.fillStyle = '#ffffff';
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = css(c);
        ctx.stroke();
      } else {
        ctx.arc(x, y, 3.2, 0, Math.PI * 2);
        ctx.fillStyle = css(c);
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = '#ffffff';
        ctx.stroke();
      }
    }
  }
}

/** Background colour of grid point i. */
function surfaceColour(r: GridResult, kind: PlaneKind): (i: number) => Rgb {
  const k = r.outputs;
  const out = r.output;
  if (kind.task === 'multiclass' && k > 1) {
    return (i) => {
      let best = 0;
      for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
      const confidence = Math.max(0, Math.min(1, (out[i * k + best] - 1 / k) / (1 - 1 / k)));
      return lighten(CLASS_COLOURS[best % CLASS_COLOURS.length], 0.85 - 0.5 * confidence);
    };
  }
  if (kind.task === 'regression') {
    return (i) => lighten(diverging((2 * (out[i * k] - kind.lo)) / (kind.hi - kind.lo) - 1), 0.3);
  }
  return (i) => lighten(diverging(2 * out[i * k] - 1), 0.3);
}

/**
 * Draws a plot of the view network at display rate (RATE_HZ) on a canvas of `width × height`
 * CSS pixels, once both exist, and marks the canvas with the step it shows (`data-step`).
 */
function useNetworkPlot(
  plot: React.RefObject<HTMLCanvasElement | null>,
  width: number,
  height: number,
  draw: (ctx: CanvasRenderingContext2D, net: Network, canvas: HTMLCanvasElement) => void,
) {
  useLiveDraw(() => {
    const canvas = plot.current;
    const net = viewNetwork();
    if (!canvas || !net) return;
    const ctx = setupCanvas(canvas, width, height);
    if (!ctx) return;
    draw(ctx, net, canvas);
    canvas.dataset.step = String(live.header?.step ?? 0);
  }, RATE_HZ);
}

/** The legend's rows for the points: training samples and validation samples. */
function SetsLegend({ dots }: { dots: string }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="bp-legend-row">
        <span className={`${dots} is-train`} /> {t('teaching.data.legend.training')}
      </p>
      <p className="bp-legend-row">
        <span className={`${dots} is-val`} /> {t('teaching.data.legend.validation')}
      </p>
    </>
  );
}

function PlaneView({ data, graph }: { data: LoadedData; graph: CompiledGraph }) {
  const { t } = useTranslation();
  const plot = useRef<HTMLCanvasElement>(null);
  const thumbs = useRef(new Map<string, HTMLCanvasElement>());
  const layers = hiddenLayers(graph);
  const domain = domainOf(
    [data.train.x, ...(data.validation ? [data.validation.x] : [])],
    data.all.features,
  );
  const kind: PlaneKind = { task: data.task, ...targetRange(data) };

  useNetworkPlot(plot, PLOT, PLOT, (ctx, net) => {
    const r = predictGrid(net, domain, GRID, layers);
    paintGrid(ctx, GRID, surfaceColour(r, kind), PLOT, PLOT);
    if (kind.task === 'binary' && r.outputs === 1) {
      const segs = contour(r.output, GRID, 0.5);
      const s = PLOT / GRID;
      ctx.beginPath();
      for (let i = 0; i < segs.length; i += 4) {
        ctx.moveTo((segs[i] + 0.5) * s, (segs[i + 1] + 0.5) * s);
        ctx.lineTo((segs[i + 2] + 0.5) * s, (segs[i + 3] + 0.5) * s);
      }
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = 'rgb(29 35 48 / 70%)';
      ctx.stroke();
    }
    drawPoints(ctx, data, domain, kind, PLOT);

    for (const layer of layers) {
      const h = r.hidden.get(layer.id);
      if (!h) continue;
      for (let u = 0; u < h.units; u++) {
        const c = thumbs.current.get(`${layer.id}:${u}`);
        const tctx = c && setupCanvas(c, THUMB, THUMB);
        if (!tctx) continue;
        const img = unitImage(h.values, h.units, u);
        const scale =
          layer.fn === 'tanh'
            ? (v: number) => v
            : layer.fn === 'sigmoid'
              ? (v: number) => 2 * v - 1
              : (
                  (m: number) => (v: number) =>
                    v / m
                )(maxAbs(img));
        paintGrid(tctx, GRID, (i) => diverging(scale(img[i])), THUMB, THUMB);
      }
    }
  });

  const what =
    data.task === 'binary'
      ? t('teaching.data.plane.binary')
      : data.task === 'multiclass'
        ? t('teaching.data.plane.multiclass')
        : t('teaching.data.plane.regression');

  return (
    <div className="bp-dataview">
      <canvas
        ref={plot}
        className="bp-dataview__plot"
        role="img"
        aria-label={
          data.task === 'regression'
            ? t('teaching.data.plane.surface')
            : t('teaching.data.plane.boundary')
        }
        width={PLOT}
        height={PLOT}
      />
      <div className="bp-dataview__legend">
        <p>{what}</p>
        <SetsLegend dots="bp-dot" />
        {data.task === 'binary' && (
          <p className="bp-legend-row">
            <span className="bp-swatch is-neg" /> {t('teaching.data.legend.class', { n: 0 })}{' '}
            <span className="bp-swatch is-pos" /> {t('teaching.data.legend.class', { n: 1 })}
          </p>
        )}
        <p className="bp-muted">
          → {data.featureNames[0]}, ↑ {data.featureNames[1]}
        </p>
      </div>
      {layers.length > 0 && (
        <div className="bp-dataview__units" aria-label={t('teaching.data.units.label')}>
          {layers.map((layer) => (
            <figure key={layer.id} className="bp-units">
              <figcaption>
                {layer.id}{' '}
                <span className="bp-muted">
                  · {layer.fn} · {t('teaching.data.units.caption')}
                </span>
              </figcaption>
              <div className="bp-units__grid">
                {Array.from({ length: layer.units }, (_, u) => (
                  <canvas
                    key={u}
                    ref={(el) => {
                      const key = `${layer.id}:${u}`;
                      if (el) thumbs.current.set(key, el);
                      else thumbs.current.delete(key);
                    }}
                    role="img"
                    aria-label={t('teaching.data.units.unit', { id: layer.id, n: u + 1 })}
                    title={t('teaching.data.units.unitTitle', { id: layer.id, n: u + 1 })}
                    width={THUMB}
                    height={THUMB}
                  />
                ))}
              </div>
            </figure>
          ))}
        </div>
      )}
    </div>
  );
}

const CURVE_W = 460;
const CURVE_H = 196;
const M = { left: 36, right: 8, top: 8, bottom: 20 };

function CurveView({ data }: { data: LoadedData }) {
  const { t } = useTranslation();
  const plot = useRef<HTMLCanvasElement>(null);
  const d = domainOf([data.all.x], 1, 0.04);
  const { lo, hi } = targetRange(data);
  const pad = (hi - lo) * 0.15;
  const y0 = lo - pad;
  const y1 = hi + pad;

  useNetworkPlot(plot, CURVE_W, CURVE_H, (ctx, net, canvas) => {
    const w = CURVE_W - M.left - M.right;
    const h = CURVE_H - M.top - M.bottom;
    const sx = (x: number) => M.left + ((x - d.x0) / (d.x1 - d.x0)) * w;
    const sy = (y: number) => M.top + ((y1 - y) / (y1 - y0)) * h;
    ctx.clearRect(0, 0, CURVE_W, CURVE_H);
    const muted = getComputedStyle(canvas).color || '#667085';
    ctx.strokeStyle = 'rgb(152 162 179 / 50%)';
    ctx.fillStyle = muted;
    ctx.font = '10px system-ui, sans-serif';
    ctx.lineWidth = 1;
    for (const v of [y0 + pad, (y0 + y1) / 2, y1 - pad]) {
      ctx.beginPath();
      ctx.moveTo(M.left, sy(v));
      ctx.lineTo(CURVE_W - M.right, sy(v));
      ctx.stroke();
      ctx.textAlign = 'right';
      ctx.fillText(v.toFixed(2), M.left - 4, sy(v) + 3);
    }
    const ticks: [number, CanvasTextAlign][] = [
      [d.x0, 'left'],
      [(d.x0 + d.x1) / 2, 'center'],
      [d.x1, 'right'],
    ];
    for (const [v, align] of ticks) {
      ctx.textAlign = align;
      ctx.fillText(v.toFixed(2), sx(v), CURVE_H - 6);
    }

    const parts: [LoadedData['train'], boolean][] = [[data.train, false]];
    if (data.validation) parts.push([data.validation, true]);
    for (const [set, validation] of parts) {
      for (let i = 0; i < set.m; i++) {
        ctx.beginPath();
        ctx.arc(sx(set.x[i]), sy(set.y[i * set.targets]), validation ? 3 : 2.6, 0, Math.PI * 2);
        if (validation) {
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = css(POSITIVE);
          ctx.stroke();
        } else {
          ctx.fillStyle = css(POSITIVE, 0.55);
          ctx.fill();
        }
      }
    }
    const c = curve(net, d.x0, d.x1, 200);
    ctx.save();
    ctx.beginPath();
    ctx.rect(M.left, M.top, w, h);
    ctx.clip();
    ctx.beginPath();
    for (let i = 0; i < c.x.length; i++) {
      const y = Math.max(y0 - 10 * (y1 - y0), Math.min(y1 + 10 * (y1 - y0), c.y[i]));
      if (i === 0) ctx.moveTo(sx(c.x[i]), sy(y));
      else ctx.lineTo(sx(c.x[i]), sy(y));
    }
    ctx.lineWidth = 2.2;
    ctx.strokeStyle = css(NEGATIVE);
    ctx.stroke();
    ctx.restore();
  });

  return (
    <div className="bp-dataview">
      <canvas
        ref={plot}
        className="bp-dataview__curve"
        role="img"
        aria-label={t('teaching.data.curve.label')}
        width={CURVE_W}
        height={CURVE_H}
      />
      <div className="bp-dataview__legend">
        <p>{t('teaching.data.curve.what')}</p>
        <SetsLegend dots="bp-dot is-blue" />
        <p className="bp-legend-row">
          <span className="bp-line" /> {t('teaching.data.legend.curve')}
        </p>
        <p className="bp-muted">
          → {data.featureNames[0]}, ↑ {data.targetNames[0]}
        </p>
      </div>
    </div>
  );
}

const VIEWS = ['plot', 'table'] as const;

export function DataPanel() {
  const { t } = useTranslation();
  const loaded = useDocumentData();
  const graph = useDocument((s) => (s.compiled.ok ? s.compiled.net : null));
  const [view, setView] = useState<'plot' | 'table'>('plot');
  if (!loaded) return <p className="bp-hint bp-plot-empty">{t('teaching.loading')}</p>;
  if (!loaded.ok) return <p className="bp-hint bp-plot-empty">{loaded.message}</p>;
  const f = loaded.data.all.features;
  // Plots exist for one or two features; the table for any number.
  const plottable = f <= 2;
  const shown = plottable ? view : 'table';
  let plot = null;
  if (shown === 'plot') {
    plot = !graph ? (
      <p className="bp-hint bp-plot-empty">{t('teaching.data.problems')}</p>
    ) : f === 2 ? (
      <PlaneView data={loaded.data} graph={graph} />
    ) : (
      <CurveView data={loaded.data} />
    );
  }
  return (
    <div className="bp-datatab">
      {plottable && (
        <Segmented
          className="bp-datatab__switch"
          label={t('teaching.data.view')}
          segments={VIEWS.map((v) => ({
            value: v,
            text: v === 'plot' ? t('teaching.data.plot') : t('teaching.data.table'),
          }))}
          value={shown}
          onChange={setView}
        />
      )}
      {plot ?? <DataTable data={loaded.data} />}
    </div>
  );
}
