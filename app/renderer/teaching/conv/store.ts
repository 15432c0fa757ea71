/**
 * The convolution view's choices: whether it is open, which conv layer it
 * shows (null: the first, or none when opened from the Input), and which
 * sample (index into the data, file order).
 */
import { create } from 'zustand';

export interface ConvViewUi {
  open: boolean;
  /** The conv2d node shown; null: the graph's first (none when there is none). */
  layer: string | null;
  sample: number;
}

export const useConvView = create<ConvViewUi>()(() => ({ open: false, layer: null, sample: 0 }));

/** Opens the view on `layer` (a conv2d node id), or on the input gradient alone (null). */
export function openConvView(layer: string | null) {
  useConvView.setState({ open: true, layer });
}

export function closeConvView() {
  useConvView.setState({ open: false });
}

/** Sample `n`, wrapped into 0..count−1. */
export function chooseSample(n: number, count: number) {
  if (count <= 0) return;
  useConvView.setState({ sample: ((Math.trunc(n) % count) + count) % count });
}
