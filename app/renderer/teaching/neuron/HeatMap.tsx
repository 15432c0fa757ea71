/**
 * A matrix as a heat map and a vector as bars, drawn on a canvas from a read
 * function at display rate (no React render per frame), with the value under
 * the pointer in a tooltip. Rows are units; the bars line up with the rows.
 */
import { useRef, useState } from 'react';
import { css, diverging, formatValue, maxAbs, ZERO } from '../colour';
import { useLiveDraw } from '../source';
import { setupCanvas } from '../canvas2d';

export interface MatrixData {
  rows: number;
  cols: number;
  values: ArrayLike<number>;
}

interface Hover {
  row: number;
  col: number;
  x: number;
  y: number;
}

/**
 * A canvas of `rows × cols` cells of `cell` CSS pixels, drawn at display rate by `paint`, with
 * the value of the cell under the pointer in a tooltip. `paint` draws the picture (the hovered
 * cell given) and returns the values it drew (row-major), or null while it has none.
 */
function CellCanvas({
  rows,
  cols,
  cell,
  width,
  label,
  name,
  paint,
}: {
  rows: number;
  cols: number;
  cell: number;
  width: number;
  label: string;
  name: (row: number, col: number) => string;
  paint: (ctx: CanvasRenderingContext2D, hover: Hover | null) => MatrixData | null;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const hover = useRef<Hover | null>(null);
  const [hovering, setHovering] = useState(false);
  const height = rows * cell;

  const draw = () => {
    const c = canvas.current;
    if (!c) return;
    const ctx = setupCanvas(c, width, height);
    if (!ctx) return;
    ctx.clearRect(0, 0, width, height);
    const data = paint(ctx, hover.current);
    const h = hover.current;
    const el = tip.current;
    if (!el || !h) return;
    const v =
      data && h.row < data.rows && h.col < data.cols ? data.values[h.row * data.cols + h.col] : NaN;
    el.textContent = `${name(h.row, h.col)} = ${data ? formatValue(v) : '—'}`;
    el.style.left = `${h.x + 12}px`;
    el.style.top = `${h.y + 12}px`;
  };
  useLiveDraw(draw);

  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const col = Math.min(cols - 1, Math.max(0, Math.floor(x / cell)));
    const row = Math.min(rows - 1, Math.max(0, Math.floor(y / cell)));
    hover.current = { row, col, x, y };
    if (!hovering) setHovering(true);
    draw();
  };
  const leave = () => {
    hover.current = null;
    setHovering(false);
    draw();
  };

  return (
    <div className="bp-heat">
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        onPointerMove={move}
        onPointerLeave={leave}
      />
      <div ref={tip} className="bp-heat__tip" role="tooltip" hidden={!hovering} />
    </div>
  );
}

/** Heat map of `rows × cols` values (row-major); `name(row, col)` names a cell in the tooltip. */
export function HeatMap({
  read,
  rows,
  cols,
  cell,
  label,
  name,
  onScale,
}: {
  read: () => MatrixData | null;
  rows: number;
  cols: number;
  /** Cell size in CSS pixels. */
  cell: number;
  label: string;
  name: (row: number, col: number) => string;
  /** Told the scale (max |value|) after each draw. */
  onScale?: (max: number) => void;
}) {
  const width = cols * cell;
  const height = rows * cell;
  const paint = (ctx: CanvasRenderingContext2D, h: Hover | null) => {
    const data = read();
    if (!data || data.rows !== rows || data.cols !== cols) {
      ctx.fillStyle = css(ZERO, 0.5);
      ctx.fillRect(0, 0, width, height);
      onScale?.(NaN);
      return null;
    }
    const max = maxAbs(data.values);
    const gap = cell >= 8 ? 1 : 0;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < cols; k++) {
        ctx.fillStyle = css(diverging(data.values[r * cols + k] / max));
        ctx.fillRect(k * cell, r * cell, cell - gap, cell - gap);
      }
    }
    if (h) {
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(h.col * cell + 0.75, h.row * cell + 0.75, cell - gap - 1.5, cell - gap - 1.5);
    }
    onScale?.(max);
    return data;
  };
  return (
    <CellCanvas
      rows={rows}
      cols={cols}
      cell={cell}
      width={width}
      label={label}
      name={name}
      paint={paint}
    />
  );
}

/** One horizontal bar per row, from a zero line in the middle; rows line up with a heat map's. */
export function Bars({
  read,
  rows,
  cell,
  width,
  label,
  name,
}: {
  read: () => ArrayLike<number> | null;
  rows: number;
  cell: number;
  width: number;
  label: string;
  name: (row: number) => string;
}) {
  const height = rows * cell;
  const paint = (ctx: CanvasRenderingContext2D) => {
    const values = read();
    const mid = width / 2;
    ctx.fillStyle = css(ZERO, 0.5);
    ctx.fillRect(0, 0, width, height);
    if (values && values.length === rows) {
      const max = maxAbs(values);
      const gap = cell >= 8 ? 1 : 0;
      const pad = cell >= 8 ? 2 : 0;
      for (let r = 0; r < rows; r++) {
        const v = values[r] / max;
        const len = Math.abs(v) * (mid - 2);
        ctx.fillStyle = css(diverging(v < 0 ? -1 : 1));
        ctx.fillRect(v < 0 ? mid - len : mid, r * cell + pad / 2, len, cell - gap - pad);
      }
    }
    ctx.fillStyle = '#667085';
    ctx.fillRect(mid - 0.5, 0, 1, height);
    return values ? { rows: values.length, cols: 1, values } : null;
  };
  return (
    <CellCanvas
      rows={rows}
      cols={1}
      cell={cell}
      width={width}
      label={label}
      name={name}
      paint={paint}
    />
  );
}
