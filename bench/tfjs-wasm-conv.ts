/**
 * TF.js 4.22's WebAssembly backend has no `Conv2DBackpropFilter` kernel
 * (tensorflow/tfjs#8474, open since 2024), so a conv layer cannot train on it
 * as shipped. For the bench's workload C we register one built from kernels it
 * does have. The filter gradient is itself a convolution:
 *
 *   ∂L/∂W[ky, kx, ci, f] = Σ_{n, oy, ox} xpad[n, oy·s + ky, ox·s + kx, ci] · dy[n, oy, ox, f]
 *
 * i.e. conv2d of the padded input with batch and channels swapped
 * ([ci, H, W, n]) by dy as the filter ([oh, ow, n, f]), dilated by the stride,
 * giving [ci, kh, kw, f] (cut to kh × kw), transposed to HWIO.
 */
import * as tf from '@tensorflow/tfjs';

/** Padding before and after along one axis, TF's rule for 'same' (the odd cell after). */
function pads(
  size: number,
  kernel: number,
  stride: number,
  out: number,
  same: boolean,
): [number, number] {
  if (!same) return [0, 0];
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

export function registerWasmConv2dFilterGradient(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      if (a.dataFormat !== 'NHWC' || (a.pad !== 'same' && a.pad !== 'valid')) {
        throw new Error('bench Conv2DBackpropFilter: NHWC with same or valid padding only');
      }
      const [sh, sw] = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
      const [kh, kw] = a.filterShape;
      const engine = tf.engine();
      const X = engine.makeTensorFromTensorInfo(x) as tf.Tensor4D;
      const DY = engine.makeTensorFromTensorInfo(dy) as tf.Tensor4D;
      const [, h, w] = X.shape;
      const [, oh, ow] = DY.shape;
      return tf.tidy(() => {
        const same = a.pad === 'same';
        const xp = tf.pad(X, [
          [0, 0],
          pads(h, kh, sh, oh, same),
          pads(w, kw, sw, ow, same),
          [0, 0],
        ]);
        const r = tf.conv2d(
          tf.transpose(xp, [3, 1, 2, 0]),
          tf.transpose(DY, [1, 2, 0, 3]),
          1,
          'valid',
          'NHWC',
          [sh, sw],
        );
        return tf.transpose(tf.slice(r, [0, 0, 0, 0], [-1, kh, kw, -1]), [1, 2, 0, 3]);
      }) as unknown as tf.TensorInfo;
    },
  });
}
