/**
 * Any compiled graph written in TensorFlow.js ops, from a network's weights:
 * the loss of a training pass over a data set and its gradient with respect
 * to every trainable tensor (float32). Dropout uses the mask of the network's
 * last pass (run it with `holdDraws`), read back from its outputs.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../dataset';
import type { Network } from '../network';
import type { Tensor } from '../weights';

const flat = (t: Tensor): number[] => (t as unknown[]).flat(Infinity) as number[];

function activate(fn: string, alpha: number, z: tf.Tensor): tf.Tensor {
  switch (fn) {
    case 'linear':
      return z;
    case 'sigmoid':
      return tf.sigmoid(z);
    case 'tanh':
      return tf.tanh(z);
    case 'relu':
      return tf.relu(z);
    case 'leaky_relu':
      return tf.leakyRelu(z, alpha);
    case 'elu':
      return tf.elu(z);
    case 'softplus':
      return tf.softplus(z);
    case 'gelu': {
      const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(z, tf.mul(0.044715, tf.pow(z, 3))));
      return tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(inner)));
    }
    case 'softmax':
      return tf.softmax(z);
    default:
      throw new Error(`no TF.js form for activation ${fn}`);
  }
}

export function tfLossAndGrads(
  net: Network,
  data: Dataset,
): { loss: number; grads: Record<string, number[]> } {
  const graph = net.graph;
  const m = data.m;
  const weights = net.getWeights();
  const trainable = net.params().map((p) => [p.nodeId, p.name] as const);
  const masks = new Map<string, number[]>();
  for (const node of graph.nodes) {
    if (node.kind !== 'dropout') continue;
    const scale = 1 / (1 - (node.params.rate as number));
    const out = net.nodeState(node.id)!.value;
    masks.set(
      node.id,
      Array.from(out, (v) => (v === 0 ? 0 : scale)),
    );
  }
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const model = (...vars: tf.Tensor[]): tf.Scalar => {
    const w = (id: string, name: string): tf.Tensor | undefined => {
      const k = trainable.findIndex(([a, b]) => a === id && b === name);
      return k < 0 ? undefined : vars[k];
    };
    const values = new Map<string, tf.Tensor>();
    const inputOf = (id: string, k = 0): tf.Tensor => values.get(byId.get(id)!.inputs[k].source)!;
    let loss: tf.Tensor | undefined;
    for (const node of graph.nodes) {
      const p = node.params;
      const x = node.inputs.length ? inputOf(node.id) : undefined;
      let out: tf.Tensor | undefined;
      switch (node.kind) {
        case 'input':
          out = tf.tensor(Array.from(data.x), [m, ...node.shape]);
          break;
        case 'dense': {
          const b = w(node.id, 'b');
          const z = tf.matMul(
            tf.reshape(x!, [m, -1]) as tf.Tensor2D,
            w(node.id, 'W') as tf.Tensor2D,
            false,
            true,
          );
          out = b ? tf.add(z, b) : z;
          break;
        }
        case 'activation':
          out = activate(p.fn as string, p.alpha as number, x!);
          break;
        case 'add':
          out = tf.addN(node.inputs.map((_, k) => inputOf(node.id, k)));
          break;
        case 'concat':
          out = tf.concat(
            node.inputs.map((_, k) => inputOf(node.id, k)),
            -1,
          );
          break;
        case 'dropout':
          out = tf.mul(x!, tf.tensor(masks.get(node.id)!, [m, ...node.shape]));
          break;
        case 'batchnorm': {
          const axes = Array.from({ length: node.shape.length }, (_, i) => i);
          const { mean, variance } = tf.moments(x!, axes);
          out = tf.batchNorm(
            x!,
            mean,
            variance,
            w(node.id, 'beta'),
            w(node.id, 'gamma'),
            p.epsilon as number,
          );
          break;
        }
        case 'layernorm': {
          const { mean, variance } = tf.moments(x!, -1, true);
          const hat = tf.div(tf.sub(x!, mean), tf.sqrt(tf.add(variance, p.epsilon as number)));
          out = tf.add(tf.mul(hat, w(node.id, 'gamma')!), w(node.id, 'beta')!);
          break;
        }
        case 'conv2d': {
          const z = tf.conv2d(
            x as tf.Tensor4D,
            w(node.id, 'W') as tf.Tensor4D,
            p.stride as number,
            p.padding as 'same' | 'valid',
          );
          const b = w(node.id, 'b');
          out = b ? tf.add(z, b) : z;
          break;
        }
        case 'maxpool2d':
        case 'avgpool2d': {
          const size = p.size as number;
          const stride = (p.stride as number | undefined) ?? size;
          const pad = p.padding as 'same' | 'valid';
          out =
            node.kind === 'maxpool2d'
              ? tf.maxPool(x as tf.Tensor4D, size, stride, pad)
              : tf.avgPool(x as tf.Tensor4D, size, stride, pad);
          break;
        }
        case 'flatten':
          out = tf.reshape(x!, [m, -1]);
          break;
        case 'loss': {
          const y = tf.tensor(Array.from(data.y), [m, data.targets]);
          const a = tf.reshape(x!, [m, -1]);
          if (graph.lossFn === 'mse') loss = tf.mean(tf.square(tf.sub(a, y)));
          else if (graph.lossFn === 'bce')
            loss = tf.neg(
              tf.mean(tf.add(tf.mul(y, tf.log(a)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, a))))),
            );
          else {
            // Cross-entropy on the softmax's input, as the engine fuses it.
            const logits = tf.reshape(inputOf(node.inputs[0].source), [m, -1]);
            loss = tf.div(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)))), m);
          }
          break;
        }
        default:
          throw new Error(`no TF.js form for kind ${node.kind}`);
      }
      if (out) values.set(node.id, out);
    }
    return loss as tf.Scalar;
  };

  const vars = trainable.map(([id, name]) => {
    const t = weights[id][name];
    const shape = net.nodeParams(id)[name].shape;
    return tf.tensor(flat(t), shape);
  });
  const { value, grads } = tf.valueAndGrads(model)(vars);
  const result = {
    loss: value.dataSync()[0],
    grads: Object.fromEntries(
      trainable.map(([id, name], k) => [`${id}.${name}`, Array.from(grads[k].dataSync())]),
    ),
  };
  tf.dispose([value, ...grads, ...vars]);
  return result;
}
