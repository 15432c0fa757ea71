/**
 * The training plots: the loss (and accuracy) of every run of the document,
 * overlaid, with the run list beside them; every weight and bias of one layer
 * at every k-th update of the current run (the article's plots); and each
 * layer's gradient norm at the same updates. uPlot draws them from the live
 * buffer; hovering a plot shows the values at that point in its legend.
 */
import { useEffect, useMemo } from 'react';
import uPlot from 'uplot';
import { runSettings } from '#src/model/runs';
import type { RunRecord } from '#src/model/types';
import { TRACE_PARAM_LIMIT } from '#src/training/frame';
import { language } from '#src/i18n';
import { formatNumber, t, useTranslation } from '../common/i18n';
import { useDocument } from '../store/document';
import { clearHighlight, setHighlight, useHighlight } from '../store/highlight';
import { axis, Chart, chartTheme, logAxis, PALETTE, tickLabel, type ChartOptions } from './Chart';
import { formatNorm, live } from '../common/live';
import { emptyLoss, type LossSeries } from '../common/series';
import { clearRuns } from './controller';
import { durationText, ONE_DECIMAL } from './Progress';
import { isActive, useTraining } from '../store/training';
import { useLive } from '../common/useLive';
import { IdSelect } from '../common/IdSelect';

/** Layers with more parameters than this are not drawn one line each (the lines would be unreadable). */
export const MAX_PLOTTED_PARAMS = 512;

const positive = (a: ArrayLike<number | null>) =>
  Array.from(a, (v) => (v !== null && v > 0 ? v : null));
/** Hovering moves the legend's values to the nearest update and brings the nearest line forward. */
const cursor: uPlot.Cursor = { drag: { x: false, y: false }, focus: { prox: 12 } };
const liveLegend: uPlot.Legend = { show: true, live: true };

/**
 * The options every plot here shares (the live legend, the cursor, epochs or updates along x),
 * around its own y axis, y scale and series; `focus` dims the other lines when one is picked.
 */
function plotOptions(o: {
  x: string;
  y: uPlot.Axis;
  yScale?: uPlot.Scale;
  focus: number;
  series: uPlot.Series[];
  hooks?: uPlot.Hooks.Arrays;
}): ChartOptions {
  return {
    legend: liveLegend,
    cursor,
    focus: { alpha: o.focus },
    ...(o.hooks && { hooks: o.hooks }),
    scales: o.yScale ? { x: { time: false }, y: o.yScale } : { x: { time: false } },
    axes: [axis(o.x, { size: 32 }), o.y],
    series: o.series,
  };
}
/** Values in a legend: enough digits to tell lines apart. */
function legendValue(_u: uPlot, v: number | null): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}
/** Dash patterns that tell apart lines which share a colour (every tenth line). */
const DASHES: (number[] | undefined)[] = [undefined, [6, 3], [2, 2], [8, 3, 2, 3]];

function lineStyle(k: number): Pick<uPlot.Series, 'stroke' | 'dash'> {
  return {
    stroke: PALETTE[k % PALETTE.length],
    dash: DASHES[Math.floor(k / PALETTE.length) % DASHES.length],
  };
}

function Empty({ children }: { children: string }) {
  return <p className="bp-hint bp-plot-empty">{children}</p>;
}

/** A chart in the panel's plot box. */
function Plot(props: Parameters<typeof Chart>[0]) {
  return (
    <figure className="bp-plot">
      <Chart {...props} />
    </figure>
  );
}

/** A run's colour: by its number, so it keeps it as runs are shown and hidden. */
const runColor = (id: number) => (id === 0 ? 'var(--muted)' : PALETTE[(id - 1) % PALETTE.length]);
const runStroke = (id: number) => (id === 0 ? chartTheme().text : runColor(id));

/** `0.8 s`, `12 s`, `3 min 05 s`. */
function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 10_000)
    return t('training.duration.seconds', { s: formatNumber(ms / 1000, ONE_DECIMAL) });
  return durationText(Math.round(ms / 1000));
}

/** A run's short name in plots and the run list: `Run 2`; `Earlier` for records from before runs. */
const runLabel = (id: number) =>
  id === 0 ? t('training.plots.earlier') : t('training.plots.run', { id });

/** The runs with at least one epoch, as a key: `1,2,3|val|acc`. */
function runsKey(): string {
  const runs = live.losses.runs.filter((r) => r.series.epoch.length);
  if (!runs.length) return '';
  const val = runs.some((r) => r.series.valLoss.some((v) => v !== null));
  const acc = runs.some((r) => r.series.accuracy.some((v) => v !== null));
  return `${runs.map((r) => r.id).join(',')}|${val ? 'val' : ''}|${acc ? 'acc' : ''}`;
}

/** One plot of every shown run: `pick` reads its two series (training, validation). */
function runsPlot(
  shown: number[],
  hasVal: boolean,
  /** The catalogue key of a run's training series, given its `name`: `Run 2 loss`. */
  what: string,
  pick: (r: LossSeries) => [ArrayLike<number | null>, ArrayLike<number | null>],
): { series: uPlot.Series[]; read: () => uPlot.AlignedData } {
  const series: uPlot.Series[] = [{ label: t('training.plots.epoch') }];
  for (const id of shown) {
    const name = runLabel(id);
    const stroke = runStroke(id);
    series.push({ label: t(what, { name }), stroke, width: 2, value: legendValue });
    if (hasVal)
      series.push({
        label: t('training.plots.seriesValidation', { name }),
        stroke,
        width: 1.3,
        dash: [5, 4],
        value: legendValue,
      });
  }
  const read = (): uPlot.AlignedData => {
    // Looked up at each redraw: a document load replaces the curves.
    const runs = shown.map(
      (id) => live.losses.runs.find((r) => r.id === id)?.series ?? emptyLoss(),
    );
    if (!runs.length) return [[]];
    const tables = runs.map((r): uPlot.AlignedData => {
      const [train, val] = pick(r);
      return hasVal ? [r.epoch, Array.from(train), Array.from(val)] : [r.epoch, Array.from(train)];
    });
    return uPlot.join(tables);
  };
  return { series, read };
}

export function LossPanel() {
  // The plots are made once per series layout: a new language makes them again, relabelled.
  const { t } = useTranslation();
  const key = useLive(runsKey);
  const hidden = useTraining((s) => s.hiddenRuns);
  const [ids, val, acc] = key.split('|');
  const hasVal = val === 'val';
  const hasAcc = acc === 'acc';
  const shownKey = (ids ?? '')
    .split(',')
    .filter((id) => id && !hidden.includes(Number(id)))
    .join(',');

  const plots = useMemo(() => {
    const shown = shownKey.split(',').filter(Boolean).map(Number);
    const loss = runsPlot(shown, hasVal, 'training.plots.seriesLoss', (r) => [
      positive(r.loss),
      positive(r.valLoss),
    ]);
    const accuracy = runsPlot(shown, hasVal, 'training.plots.seriesAccuracy', (r) => [
      r.accuracy,
      r.valAccuracy,
    ]);
    const byEpoch = (y: uPlot.Axis, yScale: uPlot.Scale, series: uPlot.Series[]) =>
      plotOptions({ x: t('training.plots.epochAxis'), y, yScale, focus: 0.5, series });
    const lossOptions = byEpoch(
      logAxis(t('training.plots.lossAxis'), { size: 52 }),
      { distr: 3 },
      loss.series,
    );
    const accOptions = byEpoch(
      axis(t('training.plots.accuracyAxis'), { size: 48 }),
      { range: [0, 1] },
      accuracy.series,
    );
    return { lossOptions, accOptions, readLoss: loss.read, readAcc: accuracy.read };
  }, [shownKey, hasVal, t]);

  if (!key) return <Empty>{t('training.plots.lossEmpty')}</Empty>;
  return (
    <div className="bp-plots">
      {shownKey ? (
        <>
          <Plot
            options={plots.lossOptions}
            read={plots.readLoss}
            label={t('training.plots.lossChart')}
          />
          {hasAcc && (
            <Plot
              options={plots.accOptions}
              read={plots.readAcc}
              label={t('training.plots.accuracyChart')}
            />
          )}
        </>
      ) : (
        <div className="bp-plot">
          <Empty>{t('training.plots.tickRun')}</Empty>
        </div>
      )}
      <RunList ids={(ids ?? '').split(',').filter(Boolean).map(Number)} hidden={hidden} />
    </div>
  );
}

/** The document's runs, newest first: tick to overlay a run's curve. */
function RunList({ ids, hidden }: { ids: number[]; hidden: number[] }) {
  const { t } = useTranslation();
  const runs = useDocument((s) => s.model.runs);
  const busy = useTraining((s) => isActive(s.state));
  const byId = new Map((runs ?? []).map((r) => [r.id, r]));
  const toggle = (id: number, show: boolean) =>
    useTraining.setState((s) => ({
      hiddenRuns: show ? s.hiddenRuns.filter((h) => h !== id) : [...s.hiddenRuns, id],
    }));
  return (
    <section className="bp-runs" aria-label={t('training.runs.region')}>
      <div className="bp-runs__head">
        <h3 className="bp-runs__title">{t('training.runs.title')}</h3>
        <button
          type="button"
          className="bp-runs__clear"
          disabled={busy}
          title={t('training.runs.clearTitle')}
          onClick={() => void clearRuns()}
        >
          {t('training.runs.clear')}
        </button>
      </div>
      <ul className="bp-runs__list">
        {[...ids].reverse().map((id) => {
          const run = byId.get(id) ?? null;
          const name = run
            ? t('training.runs.named', { id, settings: runSettings(run) })
            : t('training.runs.earlier');
          return (
            <li key={id} className="bp-runs__item">
              <label title={run ? runTitle(run) : name}>
                <input
                  type="checkbox"
                  checked={!hidden.includes(id)}
                  onChange={(e) => toggle(id, e.target.checked)}
                  aria-label={t('training.runs.show', { name })}
                />
                <Swatch color={runColor(id)} />
                <span className="bp-runs__name">{run ? runLabel(id) : name}</span>
              </label>
              {run && <RunFacts run={run} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function runTitle(run: RunRecord): string {
  const started = new Date(run.started);
  return t('training.runs.tooltip', {
    id: run.id,
    started: started.toLocaleString(language()),
    settings: runSettings(run),
    from: formatNumber(run.fromEpoch),
  });
}

function RunFacts({ run }: { run: RunRecord }) {
  const { t } = useTranslation();
  const started = new Date(run.started);
  const time = Number.isNaN(started.getTime())
    ? ''
    : started.toLocaleTimeString(language(), { hour: '2-digit', minute: '2-digit' });
  return (
    <span className="bp-runs__facts">
      <span>{runSettings(run)}</span>
      <span>
        {t('training.runs.epochs', { count: run.epochs, n: formatNumber(run.epochs) })}
        {run.finalLoss !== undefined &&
          t('training.runs.loss', { value: formatNorm(run.finalLoss) })}
        {run.durationMs !== undefined && ` · ${formatDuration(run.durationMs)}`}
        {time && ` · ${time}`}
        {run.end === 'diverged' && t('training.runs.diverged')}
      </span>
    </span>
  );
}

function Swatch({ color, dashed }: { color: string; dashed?: boolean }) {
  return (
    <span
      className={`bp-swatch${dashed ? ' is-dashed' : ''}`}
      style={{ borderColor: color }}
      aria-hidden="true"
    />
  );
}

/** Dense node ids in the document, in graph order. */
function useDenseIds(): string {
  return useDocument((s) =>
    s.nodes
      .filter((n) => n.data.kind === 'dense')
      .map((n) => n.id)
      .join(','),
  );
}

const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number) => String(n).replace(/\d/g, (d) => SUBSCRIPT[Number(d)]);

/**
 * The names of a layer's parameters, W row-major then b, as the seed notes
 * write them: `w₁, w₂, w₃, b` for one unit; `w₁₂` (unit 1, input 2) and `b₁`
 * for several (`w₁₂,₃` once an index reaches 10).
 */
export function paramNames(rows: number, cols: number, bias: boolean): string[] {
  const names: string[] = [];
  const pair = (i: number, j: number) =>
    rows < 10 && cols < 10 ? `${sub(i)}${sub(j)}` : `${sub(i)},${sub(j)}`;
  for (let i = 1; i <= rows; i++)
    for (let j = 1; j <= cols; j++) names.push(rows === 1 ? `w${sub(j)}` : `w${pair(i, j)}`);
  if (bias) for (let i = 1; i <= rows; i++) names.push(rows === 1 ? 'b' : `b${sub(i)}`);
  return names;
}

/** Points the canvas at the weight of series `i` (1-based; null: none), and the layer's node at it. */
function focusWeight(layer: string | null, i: number | null) {
  const focus = layer && i ? { layer, index: i - 1 } : null;
  const before = useTraining.getState().focusWeight;
  if (before?.layer === focus?.layer && before?.index === focus?.index) return;
  useTraining.setState({ focusWeight: focus });
  // The node lights up unless a teaching view already points somewhere.
  const h = useHighlight.getState();
  if (focus && !h.nodeId && !h.edgeId) setHighlight({ nodeId: focus.layer });
  else if (!focus && before && h.nodeId === before.layer && !h.edgeId) clearHighlight();
}

export function WeightsPanel() {
  const { t } = useTranslation();
  const ids = useDenseIds().split(',').filter(Boolean);
  const chosen = useTraining((s) => s.weightsLayer);
  const gradients = useTraining((s) => s.weightsGradients);
  const layer = chosen && ids.includes(chosen) ? chosen : (ids[0] ?? null);
  const shape = useLive(() => {
    const t = layer ? live.weights.layers.get(layer) : undefined;
    return t ? `${t.rows}x${t.cols}x${t.bias ? 1 : 0}` : '';
  });
  const size = useDocument((s) => {
    const node = s.nodes.find((n) => n.id === layer);
    const edge = s.edges.find((e) => e.target === layer);
    const inputs = edge ? s.compiled.edgeShapes[edge.id] : undefined;
    const units = node?.data.params.units;
    return typeof units === 'number' && inputs ? units * inputs + units : 0;
  });
  const traced = useLive(() => live.weights.gradSteps.length > 0);
  const options = useMemo<ChartOptions | null>(() => {
    if (!shape) return null;
    const [rows, cols, bias] = shape.split('x').map(Number);
    const names = paramNames(rows, cols, bias === 1);
    const series: uPlot.Series[] = [
      { label: t('training.plots.update'), value: (_u, v) => (v === null ? '—' : String(v)) },
      ...names.map((name, k) => ({
        label: gradients ? `∂L/∂${name}` : name,
        ...lineStyle(k),
        width: 1.5,
        value: legendValue,
      })),
    ];
    return plotOptions({
      x: t('training.plots.update'),
      y: axis(gradients ? t('training.plots.gradientAxis') : t('training.plots.valueAxis'), {
        size: 52,
        values: (_u, splits) => splits.map(tickLabel),
      }),
      focus: 0.45,
      hooks: { setSeries: [(_u, i) => focusWeight(layer, i)] },
      series,
    });
  }, [shape, gradients, layer, t]);
  const read = (): uPlot.AlignedData => {
    const t = layer ? live.weights.layers.get(layer) : undefined;
    if (!t) return [[]];
    const from = gradients ? t.size : 0;
    return [
      t.steps.subarray(0, t.n),
      ...t.series.slice(from, from + t.size).map((s) => s.subarray(0, t.n)),
    ];
  };
  // Leaving the tab (or the layer) stops pointing at its weight.
  useEffect(() => () => focusWeight(null, null), [layer]);
  const tooMany = size > MAX_PLOTTED_PARAMS;
  return (
    <div className="bp-plots bp-plots--column">
      <div className="bp-plot-bar">
        <IdSelect
          label={t('training.plots.layer')}
          ids={ids}
          value={layer ?? ''}
          onChange={(weightsLayer) => useTraining.setState({ weightsLayer })}
        />
        <label>
          {t('training.plots.plot')}{' '}
          <select
            value={gradients ? 'gradients' : 'values'}
            onChange={(e) =>
              useTraining.setState({ weightsGradients: e.target.value !== 'values' })
            }
          >
            <option value="values">{t('training.plots.plotValues')}</option>
            <option value="gradients">{t('training.plots.plotGradients')}</option>
          </select>
        </label>
        <span className="bp-plot-note">{t('training.plots.weightsNote')}</span>
      </div>
      {!layer && <Empty>{t('training.plots.noDense')}</Empty>}
      {layer && tooMany && (
        <Empty>
          {t('training.plots.tooMany', {
            layer,
            size: formatNumber(size),
            max: formatNumber(MAX_PLOTTED_PARAMS),
          })}
        </Empty>
      )}
      {layer && !tooMany && !options && traced && (
        <Empty>{t('training.plots.notTraced', { limit: formatNumber(TRACE_PARAM_LIMIT) })}</Empty>
      )}
      {layer && !tooMany && !options && !traced && (
        <Empty>{t('training.plots.weightsEmpty')}</Empty>
      )}
      {options && !tooMany && (
        <Plot
          options={options}
          read={read}
          label={
            gradients
              ? t('training.plots.gradientsOfWeightsChart', { layer })
              : t('training.plots.weightsChart', { layer })
          }
        />
      )}
    </div>
  );
}

export function GradientsPanel() {
  const { t } = useTranslation();
  const layers = useLive(() => [...live.weights.gradNorms.keys()].join(','));
  const ids = layers.split(',').filter(Boolean);
  const options = useMemo<ChartOptions | null>(() => {
    const list = layers.split(',').filter(Boolean);
    if (!list.length) return null;
    return plotOptions({
      x: t('training.plots.update'),
      y: logAxis(t('training.plots.normAxis'), { size: 52 }),
      yScale: { distr: 3 },
      focus: 0.45,
      series: [
        { label: t('training.plots.update') },
        ...list.map((id, i) => ({ label: id, ...lineStyle(i), width: 1.6, value: legendValue })),
      ],
    });
  }, [layers, t]);
  if (!options) return <Empty>{t('training.plots.gradientsEmpty')}</Empty>;
  const read = (): uPlot.AlignedData => [
    live.weights.gradSteps,
    ...ids.map((id) => positive(live.weights.gradNorms.get(id) ?? [])),
  ];
  return (
    <div className="bp-plots bp-plots--column">
      <span className="bp-plot-note">{t('training.plots.gradientsNote')}</span>
      <Plot options={options} read={read} label={t('training.plots.gradientsChart')} />
    </div>
  );
}
