/**
 * Drawing for the convolution view: planes of values painted at one canvas
 * pixel per value (CSS scales them with crisp pixels), each canvas carrying
 * `data-digest` (a fingerprint the end-to-end test reads) and titled with the
 * value under the pointer.
 */
import { t as tNow } from '../../common/i18n';
import { formatValue, type Rgb } from '../colour';
import { channelOf, digest, type Image } from './compute';

/** CSS pixels per value so that an image is about `target` pixels across. */
export const cellFor = (size: number, target: number, most: number) =>
  Math.max(1, Math.min(most, Math.floor(target / Math.max(1, size))));

/** Draws a height × width plane into `canvas` at one canvas pixel per value, scaled by CSS. */
export function paint(
  canvas: HTMLCanvasElement | null,
  plane: ArrayLike<number>,
  height: number,
  width: number,
  colour: (v: number) => Rgb,
) {
  if (!canvas) return;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(width, height);
  for (let p = 0; p < width * height; p++) {
    const [r, g, b] = colour(plane[p]);
    img.data[p * 4] = r;
    img.data[p * 4 + 1] = g;
    img.data[p * 4 + 2] = b;
    img.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  canvas.dataset.digest = digest(plane);
  drawn.set(canvas, { plane, width });
}

/** What each canvas shows, for the value under the pointer. */
const drawn = new WeakMap<HTMLCanvasElement, { plane: ArrayLike<number>; width: number }>();

/** The title of a canvas under the pointer: the row, column and value of that pixel. */
function showValue(e: React.MouseEvent<HTMLCanvasElement>, cell: number) {
  const canvas = e.currentTarget;
  const shown = drawn.get(canvas);
  if (!shown) return;
  const rect = canvas.getBoundingClientRect();
  const col = Math.floor((e.clientX - rect.left) / cell);
  const row = Math.floor((e.clientY - rect.top) / cell);
  const v = shown.plane[row * shown.width + col];
  if (col < 0 || col >= shown.width || v === undefined) return;
  canvas.title = tNow('convview.pixel', { row: row + 1, col: col + 1, value: formatValue(v) });
}

/** Pixels averaged over channels. */
export function meanOverChannels(image: Image): Float64Array {
  const plane = new Float64Array(image.height * image.width);
  for (let c = 0; c < image.channels; c++) {
    const ch = channelOf(image, c);
    for (let p = 0; p < plane.length; p++) plane[p] += ch[p] / image.channels;
  }
  return plane;
}

/** Ink on paper: the sample's lowest value white, its highest black. */
export function greys(plane: ArrayLike<number>): (v: number) => Rgb {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < plane.length; i++) {
    lo = Math.min(lo, plane[i]);
    hi = Math.max(hi, plane[i]);
  }
  const span = hi - lo || 1;
  return (v) => {
    const g = Math.round(255 - (255 * (v - lo)) / span);
    return [g, g, g];
  };
}

/** The colour scale's caption: ± the largest magnitude drawn. */
export const scaleText = (max: number) => tNow('convview.scale', { max: formatValue(max) });

/** A canvas of one pixel per value, `cell` CSS pixels each, titled with the value under the pointer. */
export function Pixels({
  canvasRef,
  height,
  width,
  cell,
  label,
  testId,
}: {
  canvasRef: React.Ref<HTMLCanvasElement>;
  height: number;
  width: number;
  cell: number;
  label: string;
  testId?: string;
}) {
  return (
    <canvas
      ref={canvasRef}
      className="bp-conv-view__pixels"
      width={width}
      height={height}
      style={{ width: width * cell, height: height * cell }}
      role="img"
      aria-label={label}
      data-testid={testId}
      onMouseMove={(e) => showValue(e, cell)}
    />
  );
}
