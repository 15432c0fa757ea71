/**
 * A uPlot chart fed from the live buffer: created once per series layout,
 * resized with its box, and given new data at display rate (at most
 * `CHART_HZ` times a second) without any React render.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { live } from '../common/live';

/** Charts redraw less often than the canvas: a curve's shape reads fine at this rate. */
const CHART_HZ = 10;

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

/** Colours the charts draw with, read from the theme's variables. */
export function chartTheme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--muted', '#667085'),
    grid: v('--border', '#dfe3e8'),
    accent: v('--accent', '#3b6fe0'),
    second: v('--k-activation', '#c4320a'),
    font: '11px system-ui, sans-serif',
  };
}

/** Distinct series colours that read on light and dark panels. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#8cd17d',
];

export function axis(label?: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  const t = chartTheme();
  return {
    stroke: t.text,
    font: t.font,
    labelFont: t.font,
    label,
    labelSize: label ? 16 : 0,
    size: 44,
    grid: { stroke: t.grid, width: 1 },
    ticks: { stroke: t.grid, width: 1, size: 4 },
    ...extra,
  };
}

/** A tick as people read it: `0.5`, `120`, `1e-13`, `3e+46`. */
export function tickLabel(v: number | null): string {
  // uPlot passes null for splits it has filtered out.
  if (v === null || !Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) {
    const [m, e] = v.toExponential(0).split('e');
    return `${m}e${Number(e)}`;
  }
  return String(Number(v.toPrecision(3)));
}

/** A logarithmic value axis: ticks only at powers of ten (at most about six of them). */
export function logAxis(label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return axis(label, {
    splits: (_u, _i, min, max) => {
      if (!(min > 0) || !(max > 0)) return [];
      const lo = Math.ceil(Math.log10(min) - 1e-9);
      const hi = Math.floor(Math.log10(max) + 1e-9);
      const every = Math.max(1, Math.ceil((hi - lo + 1) / 6));
      const out: number[] = [];
      for (let k = lo; k <= hi; k += every) out.push(10 ** k);
      return out.length ? out : [min];
    },
    values: (_u, splits) => splits.map(tickLabel),
    ...extra,
  });
}

/** Whether this environment can draw on a canvas (jsdom cannot). */
function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

export function Chart({
  options,
  read,
  label,
}: {
  /** A new object rebuilds the chart (series added or removed); keep it memoised. */
  options: ChartOptions;
  read: () => uPlot.AlignedData;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const readRef = useRef(read);
  useEffect(() => {
    readRef.current = read;
  }, [read]);

  useEffect(() => {
    const el = box.current;
    if (!el || !canDraw()) return;
    // A legend (shown under the plot) takes its height from the box.
    const legend = (p?: uPlot) =>
      p?.root.querySelector<HTMLElement>('.u-legend')?.offsetHeight ?? 0;
    const size = (p?: uPlot) => ({
      width: Math.max(100, Math.floor(el.clientWidth)),
      height: Math.max(60, Math.floor(el.clientHeight - legend(p))),
    });
    // How many points the chart holds, for people reading the DOM (and the e2e tests).
    const count = (data: uPlot.AlignedData) => (el.dataset.points = String(data[0].length));
    const first = readRef.current();
    count(first);
    const plot = new uPlot({ ...options, ...size() }, first, el);
    if (legend(plot)) plot.setSize(size(plot));
    let version = live.version;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const update = () => {
      timer = null;
      last = performance.now();
      version = live.version;
      const data = readRef.current();
      count(data);
      plot.setData(data);
    };
    const unsubscribe = live.subscribe(() => {
      if (live.version === version || timer) return;
      const wait = 1000 / CHART_HZ - (performance.now() - last);
      if (wait <= 0) update();
      else timer = setTimeout(update, wait);
    });
    const observer = new ResizeObserver(() => plot.setSize(size(plot)));
    observer.observe(el);
    return () => {
      unsubscribe();
      observer.disconnect();
      if (timer) clearTimeout(timer);
      plot.destroy();
    };
  }, [options]);

  return <div className="bp-chart" ref={box} role="img" aria-label={label} />;
}
