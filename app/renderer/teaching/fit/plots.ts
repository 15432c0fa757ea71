/**
 * The fit's pictures on a 2-D canvas: a scatter with axes (predicted against
 * true, residuals against true) and a confusion matrix (for its PNG; the tab
 * shows it as a table). Colours come from the page's stylesheet, so the
 * pictures follow light and dark themes and save as they look.
 */
import { setupCanvas } from '../canvas2d';
import { css, NEGATIVE, POSITIVE } from '../colour';
import type { ClassificationMetrics } from './metrics';

/** Points drawn per part at most (a plot of 100 000 samples keeps its shape with a stride). */
const MAX_POINTS = 5000;
const M = { left: 50, right: 10, top: 10, bottom: 30 };

export interface Series {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Validation: hollow rings; training: filled dots. */
  validation: boolean;
}

function theme(el: HTMLElement) {
  const style = getComputedStyle(el);
  return {
    text: style.getPropertyValue('--text').trim() || '#1d2330',
    muted: style.getPropertyValue('--muted').trim() || '#667085',
    panel: style.getPropertyValue('--panel').trim() || '#ffffff',
    border: style.getPropertyValue('--border').trim() || '#dfe3e8',
  };
}

function range(series: Series[], pick: 'x' | 'y', extra: number[] = []): [number, number] {
  let lo = Math.min(...extra, Infinity);
  let hi = Math.max(...extra, -Infinity);
  for (const s of series) {
    const a = s[pick];
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) continue;
      if (a[i] < lo) lo = a[i];
      if (a[i] > hi) hi = a[i];
    }
  }
  if (!Number.isFinite(lo)) return [0, 1];
  if (hi - lo < 1e-9) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

/** Tick labels with as many decimals as the axis's span needs (−1.18, 0.00, 1.18). */
function ticks(lo: number, hi: number): (v: number) => string {
  const decimals = Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(hi - lo))));
  return (v) => {
    const text = v.toFixed(decimals);
    return Number(text) === 0 ? (0).toFixed(decimals) : text;
  };
}

/**
 * A scatter of the series over labelled axes. `line`: 'diagonal' draws y = x (a perfect
 * prediction), 'zero' draws y = 0 (no residual).
 */
export function drawScatter(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  series: Series[],
  labels: { x: string; y: string },
  line: 'diagonal' | 'zero',
): void {
  const ctx = setupCanvas(canvas, width, height);
  if (!ctx) return;
  const t = theme(canvas);
  let [x0, x1] = range(series, 'x');
  let [y0, y1] = range(series, 'y', line === 'zero' ? [0] : []);
  if (line === 'diagonal') {
    // One scale on both axes, so y = x is the diagonal.
    x0 = y0 = Math.min(x0, y0);
    x1 = y1 = Math.max(x1, y1);
  }
  const w = width - M.left - M.right;
  const h = height - M.top - M.bottom;
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * w;
  const sy = (v: number) => M.top + ((y1 - v) / (y1 - y0)) * h;

  ctx.fillStyle = t.panel;
  ctx.fillRect(0, 0, width, height);
  ctx.font = '10px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.strokeStyle = t.border;
  ctx.fillStyle = t.muted;
  const tickX = ticks(x0, x1);
  const tickY = ticks(y0, y1);
  for (const f of [0, 0.5, 1]) {
    const yv = y0 + (y1 - y0) * f;
    ctx.beginPath();
    ctx.moveTo(M.left, sy(yv));
    ctx.lineTo(width - M.right, sy(yv));
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(tickY(yv), M.left - 4, sy(yv) + 3);
    const xv = x0 + (x1 - x0) * f;
    ctx.textAlign = f === 0 ? 'left' : f === 1 ? 'right' : 'center';
    ctx.fillText(tickX(xv), sx(xv), height - M.bottom + 12);
  }
  ctx.textAlign = 'center';
  ctx.fillText(labels.x, M.left + w / 2, height - 4);
  ctx.save();
  ctx.translate(9, M.top + h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(M.left, M.top, w, h);
  ctx.clip();
  ctx.strokeStyle = t.muted;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  if (line === 'diagonal') {
    ctx.moveTo(sx(x0), sy(x0));
    ctx.lineTo(sx(x1), sy(x1));
  } else {
    ctx.moveTo(M.left, sy(0));
    ctx.lineTo(M.left + w, sy(0));
  }
  ctx.stroke();
  ctx.setLineDash([]);
  for (const s of series) {
    const n = s.x.length;
    const stride = Math.max(1, Math.ceil(n / MAX_POINTS));
    ctx.fillStyle = css(POSITIVE, 0.6);
    ctx.strokeStyle = css(NEGATIVE);
    ctx.lineWidth = 1.4;
    for (let i = 0; i < n; i += stride) {
      ctx.beginPath();
      ctx.arc(sx(s.x[i]), sy(s.y[i]), s.validation ? 3 : 2.5, 0, Math.PI * 2);
      if (s.validation) ctx.stroke();
      else ctx.fill();
    }
  }
  ctx.restore();
}

const CELL = 44;

/**
 * A confusion matrix as a picture (rows: true class, columns: predicted), each row's recall
 * beside it and each column's precision under it, for its PNG.
 */
export function paintConfusion(
  el: HTMLElement,
  metrics: Pick<ClassificationMetrics, 'counts' | 'perClass'>,
  classes: string[],
  title: string,
  /** The words drawn, in the window's language: `true ↓  predicted →`, `recall`, `precision`. */
  words: { corner: string; recall: string; precision: string },
): HTMLCanvasElement {
  const { counts, perClass } = metrics;
  const t = theme(el);
  const k = classes.length;
  const canvas = document.createElement('canvas');
  // Sizes from the text they hold.
  const probe = canvas.getContext('2d');
  const measure = (font: string, text: string) => {
    if (!probe) return text.length * 7;
    probe.font = font;
    return probe.measureText(text).width;
  };
  const label = '10px system-ui, sans-serif';
  const cell = Math.max(CELL, ...classes.map((c) => measure(label, c) + 10));
  const left = Math.max(
    64,
    measure(label, words.precision) + 12,
    ...classes.map((c) => measure(label, c) + 14),
  );
  const top = 52;
  const score = Math.max(56, measure(label, words.recall) + 12);
  const width = Math.ceil(
    Math.max(
      left + k * cell + score + 12,
      measure('600 12px system-ui, sans-serif', title) + 16,
      measure(label, words.corner) + 16,
    ),
  );
  const height = top + k * cell + 28;
  const ctx = setupCanvas(canvas, width, height);
  if (!ctx) return canvas;
  const share = (v: number) => (Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`);
  ctx.fillStyle = t.panel;
  ctx.fillRect(0, 0, width, height);
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.fillStyle = t.text;
  ctx.textAlign = 'left';
  ctx.fillText(title, 8, 16);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = t.muted;
  ctx.fillText(words.corner, 8, 32);
  const max = Math.max(1, ...counts.flat());
  ctx.textAlign = 'center';
  for (let j = 0; j < k; j++) {
    ctx.fillText(classes[j], left + j * cell + cell / 2, top - 6);
    ctx.fillText(share(perClass[j].precision), left + j * cell + cell / 2, top + k * cell + 14);
  }
  ctx.fillText(words.recall, left + k * cell + score / 2, top - 6);
  ctx.textAlign = 'right';
  ctx.fillText(words.precision, left - 6, top + k * cell + 14);
  for (let i = 0; i < k; i++) {
    ctx.textAlign = 'right';
    ctx.fillStyle = t.muted;
    ctx.fillText(classes[i], left - 6, top + i * cell + cell / 2 + 3);
    ctx.textAlign = 'center';
    ctx.fillText(
      share(perClass[i].recall),
      left + k * cell + score / 2,
      top + i * cell + cell / 2 + 3,
    );
    for (let j = 0; j < k; j++) {
      const part = counts[i][j] / max;
      ctx.fillStyle = css(i === j ? POSITIVE : NEGATIVE, 0.08 + 0.72 * part);
      ctx.fillRect(left + j * cell + 1, top + i * cell + 1, cell - 2, cell - 2);
      ctx.fillStyle = t.text;
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.fillText(String(counts[i][j]), left + j * cell + cell / 2, top + i * cell + cell / 2 + 4);
      ctx.font = '10px system-ui, sans-serif';
    }
  }
  return canvas;
}
