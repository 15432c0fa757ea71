/**
 * The first samples of image data (the built-in digits), as the Data panel
 * previews them: each sample's intensity per pixel, row by row, and its class.
 * Pure; the drawing is ImagePreview.tsx.
 */
import type { LoadedData } from '#src/model/data';

export interface PreviewImage {
  /** height × width intensities in 0..1, row by row (channels averaged). */
  pixels: number[];
  /** The sample's class (its largest one-hot target), or '' without classes. */
  label: string;
}

/** Up to `count` samples of `data` as [height, width, channels] images, in the file's order. */
export function previewImages(
  data: Pick<LoadedData, 'all' | 'classes'>,
  shape: readonly [number, number, number],
  count: number,
): PreviewImage[] {
  const { x, y, m, features, targets } = data.all;
  const [height, width, channels] = shape;
  const images: PreviewImage[] = [];
  for (let r = 0; r < Math.min(count, m); r++) {
    const pixels: number[] = [];
    for (let p = 0; p < height * width; p++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += x[r * features + p * channels + c];
      pixels.push(Math.min(1, Math.max(0, sum / channels)));
    }
    let best = 0;
    for (let k = 1; k < targets; k++) if (y[r * targets + k] > y[r * targets + best]) best = k;
    images.push({ pixels, label: data.classes?.[best] ?? '' });
  }
  return images;
}
