/**
 * The training plots: loss (and accuracy) per epoch, every weight and bias of
 * one layer over time (the article's plots), and each layer's gradient norm
 * over time. uPlot draws them from the live buffer.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useDocument } from '../store/document';
import { axis, Chart, chartTheme, logAxis, PALETTE, type ChartOptions } from './Chart';
import { live, MAX_TRACKED_PARAMS } from './live';
import { useTraining } from './store';
import { useLive } from './useLive';

const positive = (a: (number | null)[]) => a.map((v) => (v !== null && v > 0 ? v : null));
const noLegend = { show: false };
const cursor: uPlot.Cursor = { drag: { x: false, y: false } };

function Empty({ children }: { children: string }) {
  return <p className="bp-hint bp-plot-empty">{children}</p>;
}

export function LossPanel() {
  // The layout of the charts changes when validation or accuracy first appear.
  const layout = useLive(() => {
    const l = live.loss;
    if (!l.epoch.length) return 'empty';
    const val = l.valLoss.some((v) => v !== null);
    const acc = l.accuracy.some((v) => v !== null);
    return `${val ? 'val' : ''}|${acc ? 'acc' : ''}`;
  });
  const hasVal = layout.startsWith('val');
  const hasAcc = layout.endsWith('acc');
  const lossOptions = useMemo<ChartOptions>(() => {
    const t = chartTheme();
    return {
      legend: noLegend,
      cursor,
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [axis('epoch', { size: 32 }), logAxis('loss (log)', { size: 52 })],
      series: [
        { label: 'epoch' },
        { label: 'training loss', stroke: t.accent, width: 2 },
        ...(hasVal
          ? [{ label: 'validation loss', stroke: t.second, width: 1.5, dash: [5, 4] }]
          : []),
      ],
    };
  }, [hasVal]);
  const accOptions = useMemo<ChartOptions>(() => {
    const t = chartTheme();
    return {
      legend: noLegend,
      cursor,
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: [axis('epoch', { size: 32 }), axis('accuracy', { size: 48 })],
      series: [
        { label: 'epoch' },
        { label: 'training accuracy', stroke: t.accent, width: 2 },
        ...(hasVal
          ? [{ label: 'validation accuracy', stroke: t.second, width: 1.5, dash: [5, 4] }]
          : []),
      ],
    };
  }, [hasVal]);
  if (layout === 'empty') return <Empty>Press Train to watch the loss fall, epoch by epoch.</Empty>;
  const readLoss = (): uPlot.AlignedData => {
    const l = live.loss;
    return hasVal ? [l.epoch, positive(l.loss), positive(l.valLoss)] : [l.epoch, positive(l.loss)];
  };
  const readAcc = (): uPlot.AlignedData => {
    const l = live.loss;
    return hasVal ? [l.epoch, l.accuracy, l.valAccuracy] : [l.epoch, l.accuracy];
  };
  return (
    <div className="bp-plots">
      <figure className="bp-plot">
        <figcaption>
          <Swatch color="var(--accent)" /> training loss
          {hasVal && (
            <>
              <Swatch color="var(--k-activation)" dashed /> validation loss
            </>
          )}
        </figcaption>
        <Chart options={lossOptions} read={readLoss} label="Loss per epoch" />
      </figure>
      {hasAcc && (
        <figure className="bp-plot">
          <figcaption>
            <Swatch color="var(--accent)" /> training accuracy
            {hasVal && (
              <>
                <Swatch color="var(--k-activation)" dashed /> validation accuracy
              </>
            )}
          </figcaption>
          <Chart options={accOptions} read={readAcc} label="Accuracy per epoch" />
        </figure>
      )}
    </div>
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

export function WeightsPanel() {
  const ids = useDenseIds().split(',').filter(Boolean);
  const chosen = useTraining((s) => s.weightsLayer);
  const layer = chosen && ids.includes(chosen) ? chosen : (ids[0] ?? null);
  const shape = useLive(() => {
    const t = layer ? live.layers.get(layer) : undefined;
    return t ? `${t.rows}x${t.cols}x${t.bias ? 1 : 0}` : '';
  });
  const size = useDocument((s) => {
    const node = s.nodes.find((n) => n.id === layer);
    const edge = s.edges.find((e) => e.target === layer);
    const inputs = edge ? s.compiled.edgeShapes[edge.id] : undefined;
    const units = node?.data.params.units;
    return typeof units === 'number' && inputs ? units * inputs + units : 0;
  });
  const options = useMemo<ChartOptions | null>(() => {
    if (!shape) return null;
    const [rows, cols, bias] = shape.split('x').map(Number);
    const series: uPlot.Series[] = [{ label: 'step' }];
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++)
        series.push({
          label: `W[${i + 1},${j + 1}]`,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.4,
        });
    if (bias)
      for (let i = 0; i < rows; i++)
        series.push({
          label: `b[${i + 1}]`,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.4,
          dash: [4, 3],
        });
    return {
      legend: noLegend,
      cursor,
      scales: { x: { time: false } },
      axes: [axis('step', { size: 32 }), axis('value', { size: 48 })],
      series,
    };
  }, [shape]);
  const read = (): uPlot.AlignedData => {
    const t = layer ? live.layers.get(layer) : undefined;
    return t ? [t.x, ...t.values] : [[]];
  };
  return (
    <div className="bp-plots bp-plots--column">
      <div className="bp-plot-bar">
        <label>
          Layer{' '}
          <select
            value={layer ?? ''}
            onChange={(e) => useTraining.setState({ weightsLayer: e.target.value })}
          >
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <span className="bp-plot-note">
          Each line is one weight W[unit, input] (solid) or bias b[unit] (dashed); a unit’s
          parameters share a colour.
        </span>
      </div>
      {!layer && <Empty>The network has no dense layer.</Empty>}
      {layer && size > MAX_TRACKED_PARAMS && (
        <Empty>{`${layer} has ${size} parameters: too many to draw one line each (up to ${MAX_TRACKED_PARAMS}).`}</Empty>
      )}
      {layer && size <= MAX_TRACKED_PARAMS && !options && (
        <Empty>Train (or Step) to plot every weight and bias of this layer over time.</Empty>
      )}
      {options && (
        <figure className="bp-plot">
          <Chart options={options} read={read} label={`Weights and biases of ${layer} over time`} />
        </figure>
      )}
    </div>
  );
}

export function GradientsPanel() {
  const layers = useLive(() => [...live.gradNorms.keys()].join(','));
  const ids = layers.split(',').filter(Boolean);
  const options = useMemo<ChartOptions | null>(() => {
    const list = layers.split(',').filter(Boolean);
    if (!list.length) return null;
    return {
      legend: noLegend,
      cursor,
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [axis('step', { size: 32 }), logAxis('‖∂L/∂W‖ (log)', { size: 52 })],
      series: [
        { label: 'step' },
        ...list.map((id, i) => ({ label: id, stroke: PALETTE[i % PALETTE.length], width: 1.6 })),
      ],
    };
  }, [layers]);
  if (!options) return <Empty>Train to see how strongly each layer’s weights are pushed.</Empty>;
  const read = (): uPlot.AlignedData => [
    live.gradSteps,
    ...ids.map((id) => positive(live.gradNorms.get(id) ?? [])),
  ];
  return (
    <div className="bp-plots bp-plots--column">
      <figure className="bp-plot">
        <figcaption>
          {ids.map((id, i) => (
            <span key={id} className="bp-legend-item">
              <Swatch color={PALETTE[i % PALETTE.length]} /> {id}
            </span>
          ))}
          <span className="bp-plot-note">‖∂L/∂W‖ of each dense layer, per step</span>
        </figcaption>
        <Chart options={options} read={read} label="Gradient norm per layer over time" />
      </figure>
    </div>
  );
}
