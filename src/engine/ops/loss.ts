/** The loss: compares the prediction on its one input with the targets; the network's end. */
import { t } from '../../i18n';
import { LOSS_TABLE } from '../losses';
import { type Op, shapeText, sizeOf } from './op';
import { LOSSES, enumParam, kindSpec } from './spec';

export const loss: Op = {
  spec: kindSpec('loss', {
    params: [enumParam('loss', 'fn', LOSSES, { optional: false })],
    hasOutput: false,
    starter: { fn: 'mse' },
  }),
  infer(ctx) {
    const from = ctx.inputs[0];
    const width = sizeOf(from.shape);
    const targets = ctx.options.targets;
    if (targets !== undefined && width !== targets) {
      ctx.problem({
        code: 'data-mismatch',
        nodeId: ctx.id,
        edgeId: from.edgeId,
        message: t('problems.graph.targetsMismatch', {
          predicts: shapeText(from.shape),
          data: shapeText(targets),
          count: targets,
        }),
      });
    }
    if (
      ctx.params.fn === 'cross_entropy' &&
      !(from.sourceKind === 'activation' && from.sourceParams.fn === 'softmax')
    ) {
      ctx.problem({ code: 'needs-softmax', message: t('problems.graph.needsSoftmax') });
    }
    return [1];
  },
  forward(node, run) {
    const from = node.inputs[0];
    run.loss = LOSS_TABLE[run.lossFn].value(from.source.out, run.targets, run.m, from.width);
  },
  backward(node, run) {
    const from = node.inputs[0];
    LOSS_TABLE[run.lossFn].gradient(from.source.out, run.targets, run.m, from.width, from.grad);
  },
  tex: {
    forward: 'L(\\mathbf{a}, \\mathbf{y})',
    backward: '\\frac{\\partial L}{\\partial \\mathbf{a}}',
  },
};
