/**
 * The network's input: the data's features, one row per sample. With a
 * height and width, each row is an image [height, width, channels] laid out
 * channels last (NHWC, as TF), and `features` must be their product.
 */
import { t } from '../../i18n';
import type { Op } from './op';
import { LIMITS, kindSpec, numberParam } from './spec';

export const input: Op = {
  spec: kindSpec('input', {
    params: [
      numberParam('input', 'features', {
        type: 'int',
        min: 1,
        max: LIMITS.maxFeatures,
        optional: false,
      }),
      ...['height', 'width', 'channels'].map((name) =>
        numberParam('input', name, {
          type: 'int',
          min: 1,
          max: LIMITS.maxFeatures,
          optional: true,
        }),
      ),
    ],
    inputs: [0, 0],
    starter: { features: 2 },
  }),
  infer(ctx) {
    const width = ctx.params.features as number;
    const data = ctx.options.features;
    if (data !== undefined && data !== width) {
      ctx.problem({
        code: 'data-mismatch',
        message: t('problems.graph.featuresMismatch', { data, width }),
      });
    }
    const { height, width: w, channels } = ctx.params as Record<string, number | undefined>;
    if (height === undefined && w === undefined && channels === undefined) return [width];
    if (height === undefined || w === undefined) {
      ctx.problem({
        code: 'bad-param',
        param: height === undefined ? 'height' : 'width',
        message: t('problems.graph.imageHalf'),
      });
      return undefined;
    }
    const c = channels ?? 1;
    const product = height * w * c;
    if (product !== width) {
      ctx.problem({
        code: 'bad-param',
        param: 'features',
        message: t('problems.graph.imageSize', { h: height, w, c, product, features: width }),
      });
      return undefined;
    }
    const image = ctx.options.shape;
    if (image && image.join() !== [height, w, c].join()) {
      // The right number of values, read as the wrong picture: refuse it rather than train on it.
      ctx.problem({
        code: 'data-mismatch',
        message: t('problems.graph.imageMismatch', {
          data: image.join(' × '),
          input: [height, w, c].join(' × '),
        }),
      });
    }
    return [height, w, c];
  },
  forward() {
    // The batch is loaded straight into the output (Network.loadBatch).
  },
  backward() {},
  tex: { forward: '\\mathbf{a}^{(0)} = \\mathbf{x}', backward: '' },
};
