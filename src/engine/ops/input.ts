/** The network's input: the data's features, one row per sample. */
import { t } from '../../i18n';
import type { Op } from './op';
import { LIMITS, kindText, paramText } from './spec';

export const input: Op = {
  spec: {
    kind: 'input',
    ...kindText('input'),
    params: [
      {
        name: 'features',
        ...paramText('input', 'features'),
        type: 'int',
        min: 1,
        max: LIMITS.maxFeatures,
        optional: false,
      },
    ],
    inputs: [0, 0],
    hasOutput: true,
    starter: { features: 2 },
  },
  infer(ctx) {
    const width = ctx.params.features as number;
    const data = ctx.options.features;
    if (data !== undefined && data !== width) {
      ctx.problem({
        code: 'data-mismatch',
        message: t('problems.graph.featuresMismatch', { data, width }),
      });
    }
    return [width];
  },
  forward() {
    // The batch is loaded straight into the output (Network.loadBatch).
  },
  backward() {},
  tex: { forward: '\\mathbf{a}^{(0)} = \\mathbf{x}', backward: '' },
};
